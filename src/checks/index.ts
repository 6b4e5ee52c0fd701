export * from './define-check.js';
export * from './engine.js';
export * from '../inventory/evidence-path.js';
export * from './registry.js';
export * from './summary.js';
export * from './targets.js';

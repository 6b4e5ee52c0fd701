export * from './define-check.js';
export * from './engine.js';
export * from './evidence-path.js';
export * from './registry.js';
export * from './summary.js';
export * from './targets.js';

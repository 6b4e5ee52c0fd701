export * from './check.js';
export * from './inventory.js';
export * from './kubernetes.js';
export * from './result.js';
export * from './severity.js';
export * from './pod.js';
export * from './aws.js';
export * from './attack-path.js';

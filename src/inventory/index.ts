export * from './inventory-view.js';
export * from './label-selector.js';
export * from './pod-spec.js';
export * from './resource-ref.js';
export * from './validate-object.js';
export { BUILT_IN_KINDS } from './object-shapes.js';
export * from './aws-data.js';
export * from './records.js';

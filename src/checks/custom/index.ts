export { CEL_VARIABLES, type CelMode } from './cel.js';
export { buildCustomCheck, MESSAGE_PLACEHOLDERS } from './custom-check.js';
export { API_VERSION, CUSTOM_ID, KIND, readDefinition, type CustomCheckDefinition } from './definition.js';
export { loadCustomChecks, parseCustomChecks, type LoadedCustomChecks } from './load-custom-checks.js';

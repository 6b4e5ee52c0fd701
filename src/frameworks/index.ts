export { frameworks, parseFramework, type Framework, type FrameworkControl } from './framework-files.js';
export { refsByCheck, refsResolver } from './refs.js';
export { parseSelector, selectorText, type CheckSelector } from './selector.js';
export { evaluateCompliance, type ComplianceInput } from './compliance.js';
export { FRAMEWORK_IDS, findFramework, frameworkChecks, UnknownFrameworkError } from './select.js';

export { frameworks, parseFramework, refsByCheck, type Framework, type FrameworkControl } from './framework-files.js';
export { evaluateCompliance, type ComplianceInput } from './compliance.js';
export { FRAMEWORK_IDS, findFramework, frameworkChecks, UnknownFrameworkError } from './select.js';

import { K8S_AUDIT_CASES, type RuleCases } from './cases.js';
import { CLOUDTRAIL_CASES } from './cloudtrail-cases.js';
import { INTEL_CASES } from './intel-cases.js';
import { STATEFUL_CASES } from './stateful-cases.js';

/** Every built-in rule's cases, by rule id. */
export const BUILTIN_CASES: Record<string, RuleCases> = { ...K8S_AUDIT_CASES, ...CLOUDTRAIL_CASES, ...INTEL_CASES, ...STATEFUL_CASES };

import { K8S_AUDIT_CASES, type RuleCases } from './cases.js';
import { CLOUDTRAIL_CASES } from './cloudtrail-cases.js';

/** Every built-in rule's cases, by rule id. */
export const BUILTIN_CASES: Record<string, RuleCases> = { ...K8S_AUDIT_CASES, ...CLOUDTRAIL_CASES };

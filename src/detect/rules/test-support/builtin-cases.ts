import { AUDIT_ACCESS_CASES } from './audit-access-cases.js';
import { AUDIT_CHANGE_CASES } from './audit-change-cases.js';
import { AUDIT_WORKLOAD_CASES } from './audit-workload-cases.js';
import type { RuleCases } from './cases.js';
import { CLOUDTRAIL_CASES } from './cloudtrail-cases.js';
import { INTEL_CASES } from './intel-cases.js';
import { STATEFUL_CASES } from './stateful-cases.js';

/** Every built-in rule's cases, by rule id. */
export const BUILTIN_CASES: Record<string, RuleCases> = { ...AUDIT_WORKLOAD_CASES, ...AUDIT_ACCESS_CASES, ...AUDIT_CHANGE_CASES, ...CLOUDTRAIL_CASES, ...INTEL_CASES, ...STATEFUL_CASES };

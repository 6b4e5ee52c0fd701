/**
 * A ClusterRole that the default aggregated roles select (`rbac.authorization.k8s.io/aggregate-to-admin`,
 * `-edit`, `-view`) grants nothing by being bound: the aggregation controller copies its rules
 * into admin, edit or view, so it extends every binding to those roles at once. Such a role is
 * judged by what it adds to them: the RBAC checks run twice on a subject bound cluster-wide to
 * each default aggregated role, once with the role under review and once without, and every
 * check that fails only with it is a violation of the role, at the rule that brings it in.
 * Bound cluster-wide because aggregation reaches every binding, ClusterRoleBindings included:
 * the severity is that of the widest grant the role makes possible.
 */
import type { CheckResult, K8sObject, Severity } from '../model/index.js';
import { severityRank } from '../model/index.js';
import { InventoryView, selectorMatches } from '../inventory/index.js';
import { evaluate, type AnyCheck, type EnginePolicy } from '../checks/index.js';
import { BUILT_IN_CLUSTER_ROLES } from '../analysis/rbac/builtin-roles.js';
import { listText } from '../analysis/rbac/grant-text.js';
import { BOOTSTRAP_CLUSTER_ROLES } from './bootstrap-roles.js';

const RBAC_API_VERSION = 'rbac.authorization.k8s.io/v1';
const ORIGIN = { type: 'api', api: 'k8s', via: 'admission' } as const;

/** The default roles that take in the rules of the roles their selectors match. */
const AGGREGATING = BUILT_IN_CLUSTER_ROLES.filter((role) => role.aggregationRule !== undefined);

/** What the role under review adds, per check: a failure of that check on those holders. */
export interface AggregationFinding {
  checkId: string;
  /** The failure as it reads for the widest-severity holder (for title, remediation, severity). */
  result: CheckResult;
  severity: Severity;
  /** The default roles whose holders gain it, e.g. `view`, `edit`, `admin`. */
  roles: string[];
  /** `rules[i]` of the first rule that brings it in alone; absent when only rules together do (or past LOCATE_LIMIT). */
  path?: string;
}

/** Whether a ClusterRole is selected by one of the default aggregated roles. */
export function aggregatesIntoDefaults(object: K8sObject): boolean {
  if (object.kind !== 'ClusterRole') return false;
  const labels = object.metadata?.labels ?? {};
  return AGGREGATING.some((role) => (role.aggregationRule?.clusterRoleSelectors ?? []).some((selector) => selectorMatches(selector, labels)));
}

/** The synthetic holder of a default role: a group no real subject belongs to, never a control-plane one. */
function holderName(role: string): string {
  return `eksguard:holders-of:${role}`;
}

const HOLDER_BINDINGS: readonly K8sObject[] = AGGREGATING.map((role) => ({
  apiVersion: RBAC_API_VERSION,
  kind: 'ClusterRoleBinding',
  metadata: { name: `eksguard-aggregation-review-${role.name}` },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.name },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: holderName(role.name) }],
}));
const ROLE_OF_HOLDER = new Map(AGGREGATING.map((role) => [holderName(role.name), role.name]));

type Failures = Map<string, CheckResult>;

/**
 * Rules tried one by one to point at the culprit (about 1 ms each): past this a finding points
 * at `rules` as a whole rather than spend the review's time budget.
 */
const LOCATE_LIMIT = 64;

/**
 * Judges aggregating ClusterRoles with the given checks and engine policy. The run without a
 * role under review is the same for every review: done once, on first use.
 */
export function aggregationReviewer(checks: readonly AnyCheck[], engine: EnginePolicy): (role: K8sObject) => AggregationFinding[] {
  // Waivers select the role under review, not the synthetic holders: applied by the caller.
  const policy: EnginePolicy = { ...engine, recordPasses: false };
  delete policy.waiverFor;
  const failuresWith = (extra: readonly K8sObject[]): Failures => {
    const view = new InventoryView({
      source: { type: 'cluster' },
      objects: [...extra, ...BOOTSTRAP_CLUSTER_ROLES, ...HOLDER_BINDINGS].map((object) => ({ object, origin: { ...ORIGIN } })),
      errors: [],
    });
    const failures: Failures = new Map();
    for (const result of evaluate(view, checks, policy).results) {
      const role = result.status === 'fail' && result.resource.kind === 'Group' ? ROLE_OF_HOLDER.get(result.resource.name) : undefined;
      if (role) failures.set(`${role}\u0000${result.checkId}`, result);
    }
    return failures;
  };
  let before: Failures | undefined;

  return (role) => {
    before ??= failuresWith([]);
    const baseline = before;
    const added = [...failuresWith([role])].filter(([key]) => !baseline.has(key));
    if (added.length === 0) return [];

    const byCheck = new Map<string, AggregationFinding>();
    for (const [key, result] of added) {
      const holderRole = key.slice(0, key.indexOf('\u0000'));
      const found = byCheck.get(result.checkId);
      if (!found) {
        byCheck.set(result.checkId, { checkId: result.checkId, result, severity: result.severity, roles: [holderRole] });
        continue;
      }
      found.roles.push(holderRole);
      if (severityRank(result.severity) > severityRank(found.severity)) Object.assign(found, { result, severity: result.severity });
    }
    locateRules(role, byCheck, failuresWith, baseline);
    return [...byCheck.values()];
  };
}

/** Points each finding at the first rule that brings it in on its own. */
function locateRules(
  role: K8sObject,
  findings: Map<string, AggregationFinding>,
  failuresWith: (extra: readonly K8sObject[]) => Failures,
  baseline: Failures,
): void {
  const rules = Array.isArray(role.rules) ? (role.rules as unknown[]) : [];
  let unplaced = findings.size;
  for (let index = 0; index < Math.min(rules.length, LOCATE_LIMIT) && unplaced > 0; index++) {
    const alone = failuresWith([{ ...role, rules: [rules[index]] }]);
    for (const [key, result] of alone) {
      const finding = findings.get(result.checkId);
      if (!finding || finding.path !== undefined || baseline.has(key)) continue;
      finding.path = `rules[${index}]`;
      unplaced--;
    }
  }
}

/** The finding in words: what the role gives, and to whom. */
export function aggregationMessage(role: K8sObject, finding: AggregationFinding): string {
  const roles = listText(finding.roles.map((name) => `"${name}"`));
  const whom = finding.roles.length > 1 ? 'them' : 'it';
  return `ClusterRole "${role.metadata?.name ?? ''}" is aggregated into ClusterRole ${roles}; for everyone bound to ${whom}: ${finding.result.title}`;
}

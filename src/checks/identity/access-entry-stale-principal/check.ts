import type { K8sObject, Target } from '../../../model/index.js';
import type { InventoryView } from '../../../inventory/index.js';
import { awsMissingReason } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { listText } from '../../../analysis/rbac/grant-text.js';
import { awsAuthIgnored, awsAuthTargets, parseMappings, type MappingKey } from '../../../analysis/identity/aws-auth.js';
import { accessEntryTargets, type AccessEntryTarget } from '../../../analysis/identity/access-entries.js';
import { isMissingDataTarget, type MissingDataTarget } from '../../../analysis/identity/eks-cluster-data.js';
import { iamPrincipalKind } from '../../../analysis/identity/iam-arn.js';
import { lookupRole, noSuchEntity } from '../../../analysis/identity/iam-roles.js';

interface AwsAuthTarget extends Target {
  object: K8sObject;
  awsAuth: true;
}

type StaleTarget = AccessEntryTarget | MissingDataTarget | AwsAuthTarget;

type Existence = { exists: true } | { exists: false } | { exists: 'unknown'; reason: string };

/** Whether an IAM role or user still exists, from GetRole/GetUser as the collector recorded them. */
function existence(inventory: InventoryView, arn: string): Existence | undefined {
  const kind = iamPrincipalKind(arn);
  if (kind === 'role') {
    const found = lookupRole(inventory, arn);
    if (found.status === 'found') return { exists: true };
    if (found.status === 'missing') return { exists: false };
    return { exists: 'unknown', reason: found.reason };
  }
  if (kind === 'user') {
    // A snapshot keeps no IAM users, only GetUser failures: without one, existence is unknown.
    if (noSuchEntity(inventory, arn)) return { exists: false };
    return { exists: 'unknown', reason: awsMissingReason(inventory, { service: 'iam', operation: 'GetUser', target: arn }) };
  }
  return undefined;
}

const KEYS: readonly MappingKey[] = ['mapRoles', 'mapUsers'];

/**
 * A principal that was deleted. EKS stores the principal's unique id with an access entry, so a
 * principal re-created under the same ARN does not inherit the entry: the entry is dead weight
 * (low). aws-auth matches by ARN only, so whoever can create a role or user of that name in
 * the account receives the mapping's groups (medium).
 */
export const check = defineCheck<StaleTarget, 'entry' | 'awsAuth'>({
  id: 'access-entry-stale-principal',
  title: 'Cluster access granted to an IAM principal that no longer exists',
  severity: 'medium',
  area: 'identity',
  needs: ['aws'],
  description:
    'aws-auth mappings and access entries outlive the IAM roles and users they name. An aws-auth mapping matches by ARN, so anyone able to create an IAM principal with the deleted name inherits its Kubernetes groups; a stale access entry no longer works but hides the fact that access was never cleaned up.',
  remediation:
    'Delete access entries of deleted principals (`aws eks delete-access-entry`) and remove their mapRoles/mapUsers entries from kube-system/aws-auth.',
  messages: {
    entry: 'Access entry for {{principal}}: the IAM {{kind}} no longer exists ({{code}})',
    awsAuth: 'data.{{key}} maps {{count}} IAM principal(s) that no longer exist: {{principals}}; whoever re-creates one of them receives its groups',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html'],
  targets(inventory) {
    const targets: StaleTarget[] = [...accessEntryTargets(inventory)];
    if (!awsAuthIgnored(inventory)) for (const target of awsAuthTargets(inventory)) targets.push({ ...target, awsAuth: true });
    return targets;
  },
  evaluate(target, context) {
    const { inventory } = context;
    if (isMissingDataTarget(target)) {
      context.notEvaluated(target.missing);
      return;
    }
    if ('awsAuth' in target) {
      for (const key of KEYS) {
        const parsed = parseMappings(target.object, key);
        if (!parsed) continue;
        if (!parsed.ok) {
          context.notEvaluated(parsed.error, { path: ['data', key] });
          continue;
        }
        const stale: string[] = [];
        const unknown: string[] = [];
        for (const mapping of parsed.value) {
          const state = existence(inventory, mapping.arn);
          if (state?.exists === false) stale.push(mapping.arn);
          else if (state?.exists === 'unknown') unknown.push(`${mapping.arn} (${state.reason})`);
        }
        if (stale.length > 0) context.fail('awsAuth', { key, count: stale.length, principals: listText(stale) }, { path: ['data', key] });
        if (unknown.length > 0) context.notEvaluated(`whether ${unknown.length} principal(s) of data.${key} still exist is unknown: ${listText(unknown, 3)}`);
      }
      return;
    }
    const state = existence(inventory, target.principalArn);
    if (!state || state.exists === true) return;
    if (state.exists === 'unknown') {
      context.notEvaluated(state.reason, { path: ['accessEntry', 'principalArn'] });
      return;
    }
    const code = noSuchEntity(inventory, target.principalArn)?.code ?? 'NoSuchEntity';
    context.fail(
      'entry',
      { principal: target.principalArn, kind: iamPrincipalKind(target.principalArn), code: String(code) },
      { path: ['accessEntry', 'principalArn'], severity: 'low' },
    );
  },
});

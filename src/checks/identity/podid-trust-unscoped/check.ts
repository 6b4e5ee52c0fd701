import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { accountOf } from '../../../analysis/identity/iam-arn.js';
import { evaluateConditions } from '../../../analysis/identity/iam-conditions.js';
import { conditionPath, clausesOn, trustStatements } from '../../../analysis/identity/iam-policy.js';
import { lookupRole } from '../../../analysis/identity/iam-roles.js';
import { clusterFacts, isMissingDataTarget, type MissingDataTarget } from '../../../analysis/identity/eks-cluster-data.js';
import { describeUses, existingRoles, podIdentityRoles, roleLabel, workloadRoleTargets, type WorkloadRoleTarget } from '../../../analysis/identity/workload-roles.js';

const POD_IDENTITY = 'pods.eks.amazonaws.com';
const PROBE_CLUSTER = 'eksguard-probe-cluster';

/** The session tags EKS Pod Identity adds to its AssumeRole call (EKS user guide, "pod-id-abac"). */
const TAG = {
  clusterArn: 'aws:RequestTag/eks-cluster-arn',
  clusterName: 'aws:RequestTag/eks-cluster-name',
  namespace: 'aws:RequestTag/kubernetes-namespace',
  serviceAccount: 'aws:RequestTag/kubernetes-service-account',
  podName: 'aws:RequestTag/kubernetes-pod-name',
  podUid: 'aws:RequestTag/kubernetes-pod-uid',
};

/**
 * A Pod Identity trust statement is asked whether it would let EKS assume the role for another
 * cluster of the same account, in a namespace and service account nobody names: the request
 * carries that cluster as aws:SourceArn and Pod Identity's session tags, and aws:SourceAccount is
 * the account itself (an association can only use a role of its own account, so an account
 * condition alone narrows nothing). Conditions on the cluster (aws:SourceArn, eks-cluster-arn or
 * -name tags) or on the namespace and service account tags make it pass.
 */
export const check = defineCheck<WorkloadRoleTarget | MissingDataTarget, 'unscoped'>({
  id: 'podid-trust-unscoped',
  title: 'Pod Identity role trust is not scoped to a cluster or service account',
  severity: 'medium',
  area: 'identity',
  needs: ['aws'],
  description:
    'A role that trusts pods.eks.amazonaws.com without conditions can be handed to any service account of any cluster in the account by whoever may create Pod Identity associations. Its trust policy is the only place the role itself can insist on which cluster, namespace and service account use it.',
  remediation:
    'Add conditions on the session tags EKS Pod Identity sets: `"StringEquals": {"aws:RequestTag/eks-cluster-arn": "<cluster ARN>", "aws:RequestTag/kubernetes-namespace": "<ns>", "aws:RequestTag/kubernetes-service-account": "<sa>"}` (keep session tags enabled on the association).',
  messages: {
    unscoped:
      'Role {{role}} ({{uses}}): trust statement {{statement}} lets EKS Pod Identity assume it for any cluster, namespace and service account of account {{account}}{{note}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html', 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html'],
  targets: (inventory) =>
    workloadRoleTargets(inventory, existingRoles(inventory, podIdentityRoles(inventory))),
  evaluate(target, context) {
    const { inventory } = context;
    if (isMissingDataTarget(target)) {
      context.notEvaluated(target.missing);
      return;
    }
    const found = lookupRole(inventory, target.role.arn);
    if (found.status === 'unknown') {
      context.notEvaluated(found.reason);
      return;
    }
    if (found.status === 'missing') return;
    const trust = found.record.Role.AssumeRolePolicyDocument;
    if (!trust) {
      context.notEvaluated(`GetRole returned no AssumeRolePolicyDocument for ${target.role.arn}`, { path: ['Role', 'AssumeRolePolicyDocument'] });
      return;
    }
    const facts = clusterFacts(inventory);
    // An association can only name a role of the cluster's own account: the role's account is it.
    const account = accountOf(target.role.arn) ?? facts.account ?? '';
    const probeClusterArn = `arn:${facts.partition}:eks:${facts.region ?? 'us-east-1'}:${account}:cluster/${PROBE_CLUSTER}`;
    const probe = {
      values: {
        'aws:SourceAccount': account,
        'aws:SourceArn': probeClusterArn,
        [TAG.clusterArn]: probeClusterArn,
        [TAG.clusterName]: PROBE_CLUSTER,
        [TAG.namespace]: 'eksguard-probe-ns',
        [TAG.serviceAccount]: 'eksguard-probe-sa',
        [TAG.podName]: 'eksguard-probe-pod',
        [TAG.podUid]: '00000000-0000-4000-8000-000000000000',
        'aws:TagKeys': Object.values(TAG).map((key) => key.slice('aws:RequestTag/'.length)),
      },
    };
    const uses = target.role.uses.filter((use) => use.via === 'pod-identity');
    for (const { statement, principal, actions } of trustStatements(trust)) {
      if (!actions.includes('sts:AssumeRole') || !principal.Service.some((service) => service.toLowerCase() === POD_IDENTITY)) continue;
      const outcome = evaluateConditions(statement.conditions, probe);
      if (outcome.result === false) continue;
      const path = ['Role', 'AssumeRolePolicyDocument', ...statement.path];
      if (outcome.result === 'undecided') {
        context.notEvaluated(`trust statement ${statement.index} has conditions eksguard cannot decide (${outcome.undecidedKeys.join(', ')})`, {
          path: conditionPath({ path, statement }),
        });
        continue;
      }
      const accountOnly = clausesOn(statement, 'aws:SourceAccount').length > 0;
      const tagsOff = uses.some((use) => use.association?.disableSessionTags === true);
      const condition: Record<string, string | string[]> = {};
      if (facts.arn) condition[TAG.clusterArn] = facts.arn;
      const namespaces = [...new Set(uses.map((use) => use.namespace))];
      const accounts = [...new Set(uses.map((use) => use.serviceAccount))];
      condition[TAG.namespace] = namespaces.length === 1 ? (namespaces[0] ?? '') : namespaces;
      condition[TAG.serviceAccount] = accounts.length === 1 ? (accounts[0] ?? '') : accounts;
      context.fail(
        'unscoped',
        {
          role: roleLabel(target.role.arn),
          uses: describeUses(inventory, target.role.uses),
          statement: String(statement.index),
          account,
          note: accountOnly ? ' (its aws:SourceAccount condition only names the account itself)' : '',
        },
        {
          path: conditionPath({ path, statement }),
          fix: {
            kind: 'suggestion',
            description: `Scope the trust statement with Pod Identity's session tags${tagsOff ? ' (an association of this role disables session tags: enable them first, or the role can no longer be assumed)' : ''}`,
            // Added key by key where StringEquals exists: `add` on an existing member replaces it.
            operations: !statement.raw.Condition
              ? [{ op: 'add', path: toJsonPointer([...path, 'Condition']), value: { StringEquals: condition } }]
              : !(statement.raw.Condition as Record<string, unknown>).StringEquals
                ? [{ op: 'add', path: toJsonPointer([...path, 'Condition', 'StringEquals']), value: condition }]
                : Object.entries(condition).map(([conditionKey, value]) => ({
                    op: 'add' as const,
                    path: toJsonPointer([...path, 'Condition', 'StringEquals', conditionKey]),
                    value,
                  })),
          },
        },
      );
    }
  },
});

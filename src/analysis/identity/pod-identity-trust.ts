/**
 * Whether IAM would let EKS Pod Identity hand an association's role to its pods: the role's
 * trust must let `pods.eks.amazonaws.com` call sts:AssumeRole (and sts:TagSession, unless the
 * association disables session tags) for this cluster, namespace and service account. With a
 * `targetRoleArn`, EKS then assumes the target role with the association's role, so the target
 * role's trust must admit that role.
 */
import type { PolicyDocument } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { accountOf } from './iam-arn.js';
import { evaluatePolicies, type Decision, type PolicyRequest, type RequestContext } from './iam-policy.js';
import { clusterFacts } from './eks-cluster-data.js';
import type { PodIdentityAssociation } from './workload-roles.js';

export const POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';

/** The session tags EKS Pod Identity adds to its AssumeRole call (EKS user guide, "pod-id-abac"). */
export const POD_IDENTITY_TAGS = {
  clusterArn: 'aws:RequestTag/eks-cluster-arn',
  clusterName: 'aws:RequestTag/eks-cluster-name',
  namespace: 'aws:RequestTag/kubernetes-namespace',
  serviceAccount: 'aws:RequestTag/kubernetes-service-account',
  podName: 'aws:RequestTag/kubernetes-pod-name',
  podUid: 'aws:RequestTag/kubernetes-pod-uid',
} as const;

const RANK: Record<Decision['verdict'], number> = { denied: 0, 'not-allowed': 0, conditional: 1, allowed: 2 };

/** The weaker of two decisions: both calls must succeed. */
function weaker(a: Decision, b: Decision): Decision {
  return RANK[b.verdict] < RANK[a.verdict] ? b : a;
}

function decideAll(trust: PolicyDocument, base: Omit<PolicyRequest, 'action'>, actions: readonly string[]): Decision {
  return actions.map((action) => evaluatePolicies([trust], { ...base, action })).reduce(weaker);
}

function actionsFor(association: PodIdentityAssociation): string[] {
  return association.disableSessionTags === true ? ['sts:AssumeRole'] : ['sts:AssumeRole', 'sts:TagSession'];
}

/** The request EKS makes for the association's pods; the pod name and uid vary and stay undecided. */
function podIdentityContext(inventory: InventoryView, association: PodIdentityAssociation): RequestContext {
  const facts = clusterFacts(inventory);
  const account = accountOf(association.roleArn) ?? facts.account;
  const values: Record<string, string | string[]> = {};
  if (account) values['aws:SourceAccount'] = account;
  if (facts.arn) values['aws:SourceArn'] = facts.arn;
  if (association.disableSessionTags === true) return { values, absent: ['aws:RequestTag/*', 'aws:TagKeys'] };
  if (facts.arn) values[POD_IDENTITY_TAGS.clusterArn] = facts.arn;
  values[POD_IDENTITY_TAGS.clusterName] = association.clusterName ?? facts.name;
  values[POD_IDENTITY_TAGS.namespace] = association.namespace ?? '';
  values[POD_IDENTITY_TAGS.serviceAccount] = association.serviceAccount ?? '';
  values['aws:TagKeys'] = Object.values(POD_IDENTITY_TAGS).map((key) => key.slice('aws:RequestTag/'.length));
  return { values };
}

/** IAM's answer to EKS Pod Identity assuming the association's role for its pods. */
export function podIdentityTrustDecision(inventory: InventoryView, association: PodIdentityAssociation, trust: PolicyDocument): Decision {
  return decideAll(
    trust,
    { resource: association.roleArn ?? '', principal: { type: 'Service', id: POD_IDENTITY_SERVICE }, context: podIdentityContext(inventory, association) },
    actionsFor(association),
  );
}

/** IAM's answer to the association's role assuming its `targetRoleArn`. */
export function targetRoleTrustDecision(association: PodIdentityAssociation, trust: PolicyDocument): Decision {
  const roleArn = association.roleArn ?? '';
  const account = accountOf(roleArn);
  const principal = account ? { type: 'AWS' as const, id: roleArn, account } : { type: 'AWS' as const, id: roleArn };
  const values: Record<string, string> = { 'aws:PrincipalArn': roleArn, 'aws:PrincipalType': 'AssumedRole' };
  if (account) values['aws:PrincipalAccount'] = account;
  return decideAll(trust, { resource: association.targetRoleArn ?? '', principal, context: { values } }, actionsFor(association));
}

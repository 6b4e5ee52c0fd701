/**
 * `can-assume` edges from service accounts to the IAM roles their pods receive: IRSA (the
 * `eks.amazonaws.com/role-arn` annotation, when the role's trust admits this cluster's token for
 * the service account) and EKS Pod Identity associations (when the role trusts Pod Identity for
 * them). A role whose trust policy was not collected keeps its edge, saying so: the annotation
 * or association is all the evidence there is, and dropping it would hide a path.
 */
import type { ResourceRef, StepEvidence } from '../../../model/index.js';
import type { InventoryView } from '../../../inventory/index.js';
import { formatPath } from '../../../inventory/evidence-path.js';
import { clusterFacts } from '../../../analysis/identity/eks-cluster-data.js';
import { iamPrincipalKind } from '../../../analysis/identity/iam-arn.js';
import { lookupRole } from '../../../analysis/identity/iam-roles.js';
import { webIdentityDecision } from '../../../analysis/identity/irsa-trust.js';
import { podIdentityTrustDecision, targetRoleTrustDecision } from '../../../analysis/identity/pod-identity-trust.js';
import {
  AUDIENCE_ANNOTATION,
  DEFAULT_IRSA_AUDIENCE,
  irsaServiceAccounts,
  narrowingSessionPolicies,
  podIdentityAssociations,
  ROLE_ARN_ANNOTATION,
  workloadRoles,
  type IrsaServiceAccount,
  type PodIdentityAssociation,
} from '../../../analysis/identity/workload-roles.js';
import { serviceAccountNode } from '../../nodes.js';
import type { SecurityGraph } from '../../security-graph.js';
import { addRoleNode, roleNodeId, workloadRoleRefs } from './role-nodes.js';
import { addRolePermissionEdges } from './role-permissions.js';
import { judgeTrust, type TrustJudgement } from './trust-judgement.js';
import { addOpenTrustEdges } from './web-identity-trust.js';
import { addWorkloadCredentialEdges, type HandedRole } from './workload-credentials.js';

function addIrsaEdge(graph: SecurityGraph, inventory: InventoryView, account: IrsaServiceAccount, handed: HandedRole[]): void {
  const { roleArn, namespace, name, object } = account;
  if (iamPrincipalKind(roleArn) !== 'role') return;
  const annotated: unknown = object.metadata?.annotations?.[AUDIENCE_ANNOTATION];
  const audience = typeof annotated === 'string' && annotated !== '' ? annotated : DEFAULT_IRSA_AUDIENCE;
  const issuer = clusterFacts(inventory).issuer;
  const who = `system:serviceaccount:${namespace}:${name} (audience ${audience})`;
  const judgement = issuer
    ? judgeTrust(inventory, roleArn, who, (trust) => webIdentityDecision(trust, roleArn, issuer, namespace, name, audience))
    : judgeUnknownIssuer(inventory, roleArn, who);
  if (!judgement.admits) return;
  const from = graph.addNode(serviceAccountNode(namespace, name, object));
  const to = addRoleNode(graph, inventory, roleArn);
  const annotation: StepEvidence = {
    resource: { kind: 'ServiceAccount', namespace, name },
    path: formatPath(['metadata', 'annotations', ROLE_ARN_ANNOTATION]),
    detail: `IRSA: pods running as it receive a web identity token for ${roleArn}`,
  };
  const edge = graph.addEdge({ from: from.id, to: to.id, kind: 'can-assume', evidence: [annotation, judgement.evidence], enabledBy: workloadRoleRefs(inventory, roleArn) });
  handed.push({ namespace, serviceAccount: name, via: 'irsa', edge });
}

/** Without the cluster's OIDC issuer (DescribeCluster not collected) the trust cannot be asked. */
function judgeUnknownIssuer(inventory: InventoryView, arn: string, who: string): TrustJudgement {
  if (lookupRole(inventory, arn).status === 'missing') return { admits: false };
  return { admits: true, evidence: { resource: { kind: 'IAMRole', name: arn }, detail: `the cluster's OIDC issuer is unknown, so the trust was not asked; assumed to admit ${who}` } };
}

function associationRef(association: PodIdentityAssociation): ResourceRef {
  return { kind: 'PodIdentityAssociation', name: association.associationArn ?? association.associationId ?? `${association.namespace ?? ''}/${association.serviceAccount ?? ''}` };
}

function addPodIdentityEdges(graph: SecurityGraph, inventory: InventoryView, association: PodIdentityAssociation, handed: HandedRole[]): void {
  const { namespace, serviceAccount, roleArn } = association;
  if (typeof namespace !== 'string' || typeof serviceAccount !== 'string' || typeof roleArn !== 'string' || !namespace || !serviceAccount || !roleArn) return;
  const targetRoleArn = typeof association.targetRoleArn === 'string' && association.targetRoleArn !== '' ? association.targetRoleArn : undefined;
  const subject = `service account ${namespace}/${serviceAccount}`;
  const trust = judgeTrust(inventory, roleArn, `EKS Pod Identity for ${subject}`, (document) => podIdentityTrustDecision(inventory, association, document));
  if (!trust.admits) return;
  const from = graph.addNode(serviceAccountNode(namespace, serviceAccount, inventory.get('ServiceAccount', namespace, serviceAccount)));
  const ref = associationRef(association);
  const role = addRoleNode(graph, inventory, roleArn);
  if (!targetRoleArn) {
    const evidence: StepEvidence = { resource: ref, path: 'roleArn', detail: `EKS Pod Identity hands ${roleArn} to pods running as ${subject}` };
    const edge = graph.addEdge({ from: from.id, to: role.id, kind: 'can-assume', evidence: [evidence, trust.evidence], enabledBy: workloadRoleRefs(inventory, roleArn) });
    handed.push({ namespace, serviceAccount, via: 'pod-identity', edge });
    return;
  }
  // With a target role EKS chains through the association's role and the pods get only the
  // target role's credentials: the first role is EKS's, never the pods'.
  const target = judgeTrust(inventory, targetRoleArn, `role ${roleArn}`, (document) => targetRoleTrustDecision(association, document));
  if (!target.admits) return;
  const targetNode = addRoleNode(graph, inventory, targetRoleArn);
  const chain: StepEvidence = { resource: ref, path: 'targetRoleArn', detail: `EKS Pod Identity assumes ${targetRoleArn} with ${roleArn}` };
  graph.addEdge({ from: role.id, to: targetNode.id, kind: 'can-assume', evidence: [chain, target.evidence], enabledBy: workloadRoleRefs(inventory, roleArn) });
  const handedTo: StepEvidence = { resource: ref, path: 'targetRoleArn', detail: `EKS Pod Identity hands ${targetRoleArn} (through ${roleArn}) to pods running as ${subject}` };
  const edge = graph.addEdge({
    from: from.id,
    to: targetNode.id,
    kind: 'can-assume',
    evidence: [handedTo, trust.evidence, target.evidence],
    enabledBy: [...workloadRoleRefs(inventory, roleArn), ...workloadRoleRefs(inventory, targetRoleArn)],
  });
  handed.push({ namespace, serviceAccount, via: 'pod-identity', edge });
}

export function addWorkloadIdentityEdges(graph: SecurityGraph, inventory: InventoryView): void {
  const handed: HandedRole[] = [];
  for (const account of irsaServiceAccounts(inventory)) addIrsaEdge(graph, inventory, account, handed);
  const data = podIdentityAssociations(inventory);
  if ('associations' in data) for (const association of data.associations) addPodIdentityEdges(graph, inventory, association, handed);
  // Before the open-trust edges: the workloads get the roles handed to their service account.
  addWorkloadCredentialEdges(graph, inventory, handed);
  addOpenTrustEdges(graph, inventory);
  // What the pods may do with each role, narrowed where every use carries a session policy.
  // Roles no service account can assume (their trust refuses) are left out.
  for (const role of workloadRoles(inventory)) {
    if (!graph.node(roleNodeId(inventory, role.arn))) continue;
    addRolePermissionEdges(graph, inventory, role.arn, narrowingSessionPolicies(role));
  }
}

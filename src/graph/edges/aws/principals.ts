/**
 * AWS principals and how they reach Kubernetes: `mapped-to` edges from access entries and the
 * aws-auth ConfigMap to the Kubernetes user and groups a principal signs in as, `is-admin`
 * edges for cluster-wide EKS admin access policies (the others that create pods or read
 * Secrets: access-policies.ts), and `can-assume` edges from principals
 * outside the cluster's account (or anyone) to the roles whose trust lets them in.
 *
 * Node attributes the attack-path queries start from: `outsideAccount` (a principal of an
 * account other than the cluster's), `broad` (an account root, any principal, an account-wide
 * IAM Identity Center permission set), and on roles `assumableFromOutside`.
 */
import type { K8sObject, ResourceRef, StepEvidence } from '../../../model/index.js';
import { isRecord, type InventoryView } from '../../../inventory/index.js';
import { formatPath } from '../../../inventory/evidence-path.js';
import {
  accessPolicyGrants,
  ADMIN_POLICY,
  CLUSTER_ADMIN_POLICY,
  clusterWideAdminPolicies,
  isNodeEntryType,
  type AccessEntryRecord,
} from '../../../analysis/identity/access-entries.js';
import { awsAuthConfigMap, awsAuthIgnored, parseAccounts } from '../../../analysis/identity/aws-auth.js';
import { kubernetesIdentityMappings, type KubernetesIdentityMapping } from '../../../analysis/identity/kubernetes-identities.js';
import { clusterFacts } from '../../../analysis/identity/eks-cluster-data.js';
import { accountOf, iamPrincipalKind, partitionOf } from '../../../analysis/identity/iam-arn.js';
import { evaluatePolicies } from '../../../analysis/identity/iam-policy.js';
import { roleArnOf } from '../../../analysis/identity/iam-roles.js';
import { principalBreadth, trustedAccountsOf, trustOpenness } from '../../../analysis/identity/principal-breadth.js';
import { awsPrincipalNode, clusterAdminNode, groupNode, userNode } from '../../nodes.js';
import type { AttrValue, GraphNode, SecurityGraph } from '../../security-graph.js';
import { addAccessPolicyEdges } from './access-policies.js';
import { addRoleNode } from './role-nodes.js';
import { addRolePermissionEdges } from './role-permissions.js';

const MASTERS = 'system:masters';
const AUTHENTICATED = 'system:authenticated';
/** Any AWS principal of any account: the node for trust policies open to everyone. */
export const ANY_PRINCIPAL = '*';

const ADMIN_DETAIL: Record<string, string> = {
  [CLUSTER_ADMIN_POLICY]: 'cluster-admin on every resource of the cluster',
  // Admin in every namespace, kube-system included: it creates pods as any service account
  // there and reads every Secret, so it is one step from cluster-admin. Counted as admin.
  [ADMIN_POLICY]: 'admin in every namespace, kube-system included (pods as any service account, every Secret): near cluster-admin',
};

/** The node of a principal given cluster access, with the breadth of who stands behind it. */
function principalNode(graph: SecurityGraph, inventory: InventoryView, arn: string): GraphNode {
  const breadth = principalBreadth(inventory, arn, clusterFacts(inventory).account);
  const attrs: Record<string, AttrValue> = {};
  // Only true facts are set: attributes merge, and a false must not undo another source's true.
  if (breadth.crossAccount) attrs.outsideAccount = true;
  if (breadth.root || breadth.broadPermissionSet) attrs.broad = true;
  if (breadth.broadPermissionSet) attrs.permissionSet = breadth.broadPermissionSet;
  if (breadth.kind === 'role') return addRoleNode(graph, inventory, arn, attrs);
  return graph.addNode(awsPrincipalNode(arn, attrs));
}

const AWS_AUTH_REF: ResourceRef = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kube-system', name: 'aws-auth' };

function via(mapping: KubernetesIdentityMapping): string {
  return mapping.source === 'aws-auth' ? `aws-auth ${mapping.path.replace(/^data\./, '')}` : 'its access entry';
}

/** Where an access entry says it, as the access-entry checks point: `accessEntry.kubernetesGroups[1]`. */
function userPath(mapping: KubernetesIdentityMapping): string {
  return mapping.source === 'access-entry' ? 'accessEntry.username' : mapping.path;
}

function groupPath(inventory: InventoryView, mapping: KubernetesIdentityMapping, group: string): string {
  if (mapping.source !== 'access-entry') return mapping.path;
  const record = (inventory.aws?.eks?.accessEntries ?? []).find((candidate) => candidate.accessEntry?.principalArn === mapping.principalArn);
  const index = Array.isArray(record?.accessEntry.kubernetesGroups) ? record.accessEntry.kubernetesGroups.indexOf(group) : -1;
  // EKS puts node entries in system:nodes because of their type, not a listed group.
  return index >= 0 ? `accessEntry.kubernetesGroups[${index}]` : 'accessEntry.type';
}

/**
 * The user and groups the principal signs in as (kubernetes-identities.ts, which the RBAC edges
 * and who-can read too). The RBAC edges put mapped users in system:authenticated.
 */
function addMapping(graph: SecurityGraph, inventory: InventoryView, mapping: KubernetesIdentityMapping): void {
  const principal = principalNode(graph, inventory, mapping.principalArn);
  const edge = (to: GraphNode, path: string, detail: string): void => {
    graph.addEdge({ from: principal.id, to: to.id, kind: 'mapped-to', evidence: [{ resource: mapping.resource, path, detail }], enabledBy: [mapping.resource] });
  };
  if (mapping.username !== '') edge(graph.addNode(userNode(mapping.username)), userPath(mapping), `${via(mapping)} signs ${mapping.principalArn} in as user ${mapping.username}`);
  for (const group of new Set(mapping.groups)) {
    if (group !== '') edge(graph.addNode(groupNode(group)), groupPath(inventory, mapping, group), `${via(mapping)} puts ${mapping.principalArn} in group ${group}`);
  }
  // system:masters bypasses RBAC. The RBAC edges make it admin; this names the resource that put
  // the principal there, so access-entry-cluster-admin and aws-auth-system-masters findings tie in.
  if (!mapping.groups.includes(MASTERS)) return;
  graph.addEdge({
    from: graph.addNode(groupNode(MASTERS)).id,
    to: graph.addNode(clusterAdminNode()).id,
    kind: 'is-admin',
    evidence: [{ resource: mapping.resource, path: groupPath(inventory, mapping, MASTERS), detail: `${via(mapping)} puts ${mapping.principalArn} in ${MASTERS}, whose members RBAC never checks` }],
    enabledBy: [mapping.resource],
  });
}

/**
 * Cluster-wide EKS admin access policies make the principal admin without any binding; the
 * other policies that create pods or read Secrets are edges of access-policies.ts.
 */
function addAccessPolicies(graph: SecurityGraph, inventory: InventoryView, record: AccessEntryRecord): void {
  const arn = record.accessEntry.principalArn;
  if (typeof arn !== 'string' || arn === '' || isNodeEntryType(typeof record.accessEntry.type === 'string' ? record.accessEntry.type : undefined)) return;
  const resource: ResourceRef = { kind: 'AccessEntry', name: arn };
  if (accessPolicyGrants(record).length > 0) addAccessPolicyEdges(graph, inventory, principalNode(graph, inventory, arn), record);
  for (const { index, policy } of clusterWideAdminPolicies(record)) {
    graph.addEdge({
      from: principalNode(graph, inventory, arn).id,
      to: graph.addNode(clusterAdminNode()).id,
      kind: 'is-admin',
      evidence: [{ resource, path: `associatedAccessPolicies[${index}].accessScope.type`, detail: `${policy} at cluster scope: ${ADMIN_DETAIL[policy] ?? 'admin'}` }],
      enabledBy: [resource],
    });
  }
}

/** mapAccounts: every IAM principal of the account signs in, each as a user named after its ARN. */
function addMapAccounts(graph: SecurityGraph, inventory: InventoryView, configMap: K8sObject): void {
  const accounts = parseAccounts(configMap);
  if (!accounts?.ok) return;
  const facts = clusterFacts(inventory);
  for (const account of accounts.value) {
    if (!/^\d{12}$/.test(account)) continue;
    const attrs: Record<string, AttrValue> = { broad: true };
    if (facts.account && account !== facts.account) attrs.outsideAccount = true;
    const root = graph.addNode(awsPrincipalNode(`arn:${facts.partition}:iam::${account}:root`, attrs));
    graph.addEdge({
      from: root.id,
      to: graph.addNode(groupNode(AUTHENTICATED)).id,
      kind: 'mapped-to',
      evidence: [{ resource: AWS_AUTH_REF, path: 'data.mapAccounts', detail: `mapAccounts lets every IAM user and role of account ${account} sign in, each as a user named after its ARN` }],
      enabledBy: [AWS_AUTH_REF],
    });
  }
}

/** The node for a principal a trust policy names from another account. */
function foreignNode(graph: SecurityGraph, inventory: InventoryView, value: string, account: string, partition: string): GraphNode {
  if (/^\d{12}$/.test(value)) return graph.addNode(awsPrincipalNode(`arn:${partition}:iam::${account}:root`, { outsideAccount: true, broad: true }));
  const kind = iamPrincipalKind(value);
  if (kind === 'role') return addRoleNode(graph, inventory, value, { outsideAccount: true });
  return graph.addNode(awsPrincipalNode(value, kind === 'root' ? { outsideAccount: true, broad: true } : { outsideAccount: true }));
}

/**
 * Roles whose trust lets in any AWS principal, or principals of accounts other than the
 * cluster's: the same questions access-entry-broad-principal asks (principal-breadth.ts).
 */
function addOutsiderTrust(graph: SecurityGraph, inventory: InventoryView): void {
  const facts = clusterFacts(inventory);
  const trusted = trustedAccountsOf(facts.account);
  for (const record of inventory.aws?.iam?.roles ?? []) {
    const arn = roleArnOf(record);
    if (arn === '') continue;
    const trust = record.Role?.AssumeRolePolicyDocument;
    const openness = trustOpenness(trust, arn, trusted);
    const edges: Array<{ from: GraphNode; evidence: StepEvidence }> = [];
    if (openness.anyone) {
      const anyone = graph.addNode(awsPrincipalNode(ANY_PRINCIPAL, { outsideAccount: true, broad: true }));
      const statements = openness.anyone.statements.map((index) => `Statement[${index}]`).join(', ');
      edges.push({ from: anyone, evidence: { resource: { kind: 'IAMRole', name: arn }, path: formatPath(openness.anyone.path), detail: `trust policy (${statements}) lets any AWS principal of any account assume it` } });
    }
    for (const foreign of openness.foreign) {
      const principalArn = /^\d{12}$/.test(foreign.principal) ? `arn:${partitionOf(arn)}:iam::${foreign.account}:root` : foreign.principal;
      // Deny statements and conditions still apply to a principal the trust names.
      const decision = evaluatePolicies(trust ? [trust] : [], {
        action: 'sts:AssumeRole',
        resource: arn,
        principal: { type: 'AWS', id: principalArn, account: accountOf(principalArn) ?? foreign.account },
      });
      if (decision.verdict !== 'allowed' && decision.verdict !== 'conditional') continue;
      const from = foreignNode(graph, inventory, foreign.principal, foreign.account, partitionOf(arn));
      const conditional = decision.verdict === 'conditional' ? ', under conditions' : '';
      edges.push({ from, evidence: { resource: { kind: 'IAMRole', name: arn }, path: formatPath(foreign.path), detail: `trust policy lets ${foreign.principal} (account ${foreign.account}) assume it${conditional}` } });
    }
    if (edges.length === 0) continue;
    const role = addRoleNode(graph, inventory, arn, { assumableFromOutside: true });
    for (const { from, evidence } of edges) {
      if (from.id === role.id) continue;
      graph.addEdge({ from: from.id, to: role.id, kind: 'can-assume', evidence: [evidence], enabledBy: [] });
    }
    addRolePermissionEdges(graph, inventory, arn);
  }
}

export function addPrincipalEdges(graph: SecurityGraph, inventory: InventoryView): void {
  for (const mapping of kubernetesIdentityMappings(inventory)) addMapping(graph, inventory, mapping);
  for (const record of inventory.aws?.eks?.accessEntries ?? []) {
    if (!isRecord(record) || !isRecord(record.accessEntry)) continue;
    const policies = Array.isArray(record.associatedAccessPolicies) ? record.associatedAccessPolicies.filter(isRecord) : [];
    addAccessPolicies(graph, inventory, { ...record, associatedAccessPolicies: policies });
  }
  const configMap = awsAuthConfigMap(inventory);
  if (configMap && !awsAuthIgnored(inventory)) addMapAccounts(graph, inventory, configMap);
  addOutsiderTrust(graph, inventory);
}

/**
 * The one place node ids are made, so every edge builder names the same node the same way.
 * Ids read `Kind:namespace/name` (`Kind:name` when cluster-scoped).
 */
import type { K8sObject, ResourceRef } from '../model/index.js';
import type { Workload } from '../inventory/index.js';
import type { AttrValue, GraphNode, NodeType } from './security-graph.js';

export function nodeId(kind: string, namespace: string | undefined, name: string): string {
  return namespace === undefined ? `${kind}:${name}` : `${kind}:${namespace}/${name}`;
}

function make(
  type: NodeType,
  kind: string,
  namespace: string | undefined,
  name: string,
  attrs: Record<string, AttrValue> = {},
  resource?: ResourceRef,
): GraphNode {
  const node: GraphNode = { id: nodeId(kind, namespace, name), type, kind, name, attrs };
  if (namespace !== undefined) node.namespace = namespace;
  if (resource) node.resource = resource;
  return node;
}

function refOfObject(object: K8sObject, namespace: string | undefined): ResourceRef {
  const ref: ResourceRef = { kind: object.kind ?? '', name: object.metadata?.name ?? '' };
  if (object.apiVersion) ref.apiVersion = object.apiVersion;
  if (namespace !== undefined) ref.namespace = namespace;
  return ref;
}

export const INTERNET_ID = 'Internet';
export const CLUSTER_ADMIN_ID = 'ClusterAdmin';

export function internetNode(): GraphNode {
  return { id: INTERNET_ID, type: 'internet', kind: 'Internet', name: 'internet', attrs: {} };
}

/** Full control of the Kubernetes API (cluster-admin, system:masters, EKS cluster admin policy). */
export function clusterAdminNode(): GraphNode {
  return { id: CLUSTER_ADMIN_ID, type: 'cluster-admin', kind: 'ClusterAdmin', name: 'cluster-admin', attrs: {} };
}

export function workloadNode(workload: Workload, attrs: Record<string, AttrValue> = {}): GraphNode {
  return make('workload', workload.resource.kind, workload.namespace, workload.resource.name, attrs, workload.resource);
}

export function workloadId(workload: Workload): string {
  return nodeId(workload.resource.kind, workload.namespace, workload.resource.name);
}

export function serviceAccountNode(namespace: string, name: string, object?: K8sObject): GraphNode {
  const resource: ResourceRef = object ? refOfObject(object, namespace) : { apiVersion: 'v1', kind: 'ServiceAccount', namespace, name };
  return make('service-account', 'ServiceAccount', namespace, name, {}, resource);
}

export function userNode(name: string): GraphNode {
  return make('user', 'User', undefined, name);
}

export function groupNode(name: string): GraphNode {
  return make('group', 'Group', undefined, name);
}

export function namespaceNode(name: string, object?: K8sObject): GraphNode {
  return make('namespace', 'Namespace', undefined, name, {}, object ? refOfObject(object, undefined) : { apiVersion: 'v1', kind: 'Namespace', name });
}

export function secretNode(namespace: string, name: string, object?: K8sObject): GraphNode {
  return make('secret', 'Secret', namespace, name, {}, object ? refOfObject(object, namespace) : { apiVersion: 'v1', kind: 'Secret', namespace, name });
}

/**
 * A Role or ClusterRole (kind says which); built-in roles absent from the inventory have no
 * resource. `grantedIn`: a ClusterRole that a RoleBinding grants holds only in that namespace, so
 * it gets a node of its own there (`ClusterRole:shop/admin`); a path through the RoleBinding must
 * not continue along the cluster-wide role's `is-admin` edge.
 */
export function roleNode(
  kind: 'Role' | 'ClusterRole',
  namespace: string | undefined,
  name: string,
  object?: K8sObject,
  grantedIn?: string,
): GraphNode {
  const resource = object ? refOfObject(object, kind === 'Role' ? namespace : undefined) : undefined;
  return make('role', kind, kind === 'Role' ? namespace : grantedIn, name, {}, resource);
}

export function bindingNode(kind: 'RoleBinding' | 'ClusterRoleBinding', namespace: string | undefined, name: string, object: K8sObject): GraphNode {
  const ns = kind === 'RoleBinding' ? namespace : undefined;
  return make('binding', kind, ns, name, {}, refOfObject(object, ns));
}

/** A Service, Ingress or Gateway-like object from the inventory. */
export function objectNode(type: NodeType, object: K8sObject, attrs: Record<string, AttrValue> = {}): GraphNode {
  const namespace = object.metadata?.namespace ?? 'default';
  return make(type, object.kind ?? '', namespace, object.metadata?.name ?? '', attrs, refOfObject(object, namespace));
}

/** The AWS load balancer a Service or Ingress provisions, named after the object. */
export function loadBalancerNode(owner: K8sObject, attrs: Record<string, AttrValue> = {}): GraphNode {
  const namespace = owner.metadata?.namespace ?? 'default';
  return make('load-balancer', 'LoadBalancer', namespace, `${owner.kind ?? ''}/${owner.metadata?.name ?? ''}`, attrs, refOfObject(owner, namespace));
}

export function imageNode(image: string): GraphNode {
  return make('image', 'Image', undefined, image);
}

/** A node group, Fargate profile, Karpenter pool or other pool of nodes sharing an IAM role. */
export function nodeGroupNode(name: string, attrs: Record<string, AttrValue> = {}, resource?: ResourceRef): GraphNode {
  return make('node-group', 'NodeGroup', undefined, name, attrs, resource);
}

export function iamRoleNode(arn: string, attrs: Record<string, AttrValue> = {}): GraphNode {
  return make('iam-role', 'IAMRole', undefined, arn, attrs, { kind: 'IAMRole', name: arn });
}

/** An IAM user, role, account root or other AWS principal outside the graph's IAM roles. */
export function awsPrincipalNode(arn: string, attrs: Record<string, AttrValue> = {}): GraphNode {
  return make('aws-principal', 'AWSPrincipal', undefined, arn, attrs);
}

export const AWS_PERMISSION_CLASSES = {
  admin: 'full administrator access',
  'iam-privesc': 'IAM privilege escalation',
  's3-read': 'read S3 objects',
  'secretsmanager-read': 'read Secrets Manager secrets',
  'ssm-read': 'read SSM parameters',
  'kms-decrypt': 'decrypt with KMS keys',
  'dynamodb-read': 'read DynamoDB tables',
} as const;

export type AwsPermissionClass = keyof typeof AWS_PERMISSION_CLASSES;

export function awsPermissionNode(permission: AwsPermissionClass): GraphNode {
  return make('aws-permission', 'AWSPermission', undefined, permission, { meaning: AWS_PERMISSION_CLASSES[permission] });
}

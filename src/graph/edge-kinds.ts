/**
 * The kinds of edge in the security graph, what each means, and which checks' findings create
 * one: fixing such a finding removes the edge and breaks every path through it.
 */
export const EDGE_KINDS = {
  exposes: {
    meaning: 'the Internet reaches a load balancer, Ingress or Service open to it',
    checks: ['svc-lb-internet-facing', 'svc-nodeport', 'svc-external-ips', 'sg-nodeport-world', 'pod-host-port'],
  },
  'routes-to': { meaning: 'a load balancer or Ingress forwards traffic to a Service', checks: [] },
  selects: {
    meaning: 'a Service sends traffic to the pods of a workload, and NetworkPolicies let it in',
    checks: ['svc-unauthenticated-db', 'netpol-default-deny-missing', 'netpol-workload-uncovered', 'netpol-allow-all', 'netpol-namespace-none'],
  },
  'runs-as': { meaning: 'a workload runs with a service account and can use its token', checks: ['wl-sa-token-automount', 'default-sa-used'] },
  'uses-image': { meaning: 'a workload runs a container image', checks: [] },
  'mounts-secret': {
    meaning: 'a workload receives a Secret as a volume or environment variable',
    checks: ['sec-secret-as-env'],
  },
  'member-of': { meaning: 'a subject belongs to a group', checks: [] },
  'bound-to': {
    meaning: 'a subject is named by a RoleBinding or ClusterRoleBinding',
    checks: ['rbac-cluster-admin-binding', 'rbac-anonymous-binding', 'rbac-authenticated-elevated'],
  },
  grants: { meaning: 'a binding grants a role', checks: ['rbac-wildcard'] },
  'is-admin': {
    meaning: 'a role, group or access policy gives full control of the cluster',
    checks: ['rbac-cluster-admin-binding', 'aws-auth-system-masters', 'access-entry-cluster-admin'],
  },
  'can-exec': {
    meaning: 'a subject may exec into, attach to or add ephemeral containers to a workload’s pods',
    checks: ['rbac-pods-exec-attach', 'rbac-ephemeral-containers', 'rbac-nodes-proxy'],
  },
  'can-create-pods': {
    meaning: 'a subject may create pods (or pod controllers) that run as a service account',
    checks: ['rbac-create-pods', 'rbac-workload-takeover'],
  },
  'can-read-secrets': { meaning: 'a subject may read Secrets', checks: ['rbac-secrets-read'] },
  'can-impersonate': { meaning: 'a subject may impersonate another user, group or service account', checks: ['rbac-impersonate'] },
  'can-escalate': {
    meaning: 'a subject may bind or escalate roles, or mint tokens, and so give itself any permission',
    checks: ['rbac-bind-escalate', 'rbac-sa-token-create', 'rbac-webhook-config', 'rbac-csr-approve', 'aws-auth-writable'],
  },
  'can-assume': {
    meaning: 'a workload’s pods, a service account (IRSA, Pod Identity, an open trust) or an AWS principal can obtain an IAM role’s credentials',
    checks: ['irsa-trust-missing-sub', 'irsa-trust-mismatch', 'podid-trust-unscoped', 'workload-role-shared'],
  },
  'escapes-to-node': {
    meaning: 'a container can take over the node it runs on',
    checks: [
      'wl-privileged',
      'wl-host-pid',
      'wl-host-ipc',
      'wl-hostpath-writable-sensitive',
      'wl-runtime-socket',
      'wl-caps-added-dangerous',
      'wl-windows-hostprocess',
      'psa-enforce-privileged',
    ],
  },
  'node-credentials': {
    meaning: 'the node’s IAM role credentials are within reach (instance metadata service, or root on the node)',
    checks: ['ng-imdsv2-not-required', 'ng-imds-hop-limit', 'netpol-imds-egress-open'],
  },
  'mapped-to': {
    meaning: 'an AWS principal signs in to Kubernetes as a user and groups (access entry or aws-auth)',
    checks: ['access-entry-broad-principal', 'aws-auth-map-accounts', 'aws-auth-node-groups-abuse'],
  },
  'has-permission': {
    meaning: 'an IAM role holds a class of AWS permission (admin, IAM privilege escalation, data read)',
    checks: ['workload-role-admin', 'workload-role-iam-privesc', 'workload-role-wildcard', 'ng-node-role-overprivileged'],
  },
  reaches: {
    meaning: 'a workload’s pods can open connections to another workload’s pods (NetworkPolicy)',
    checks: ['netpol-default-deny-missing', 'netpol-workload-uncovered', 'netpol-allow-all', 'netpol-namespace-none'],
  },
} as const satisfies Record<string, { meaning: string; checks: readonly string[] }>;

export type EdgeKind = keyof typeof EDGE_KINDS;

export const ALL_EDGE_KINDS = Object.keys(EDGE_KINDS) as EdgeKind[];

export function isEdgeKind(value: string): value is EdgeKind {
  return Object.hasOwn(EDGE_KINDS, value);
}

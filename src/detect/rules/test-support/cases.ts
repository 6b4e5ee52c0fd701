/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are changed freely, in any shape */
/**
 * Positive and negative events of every built-in rule, derived from the samples by small
 * changes so each negative differs from its positive in what the rule is about.
 */
import type { AuditEvent, CloudTrailRecord, DetectInput } from '../../events/index.js';
import {
  ANONYMOUS_EVENT,
  CREATE_CLUSTER_ROLE_BINDING_EVENT,
  CREATE_POD_EVENT,
  EXEC_EVENT,
  GET_SECRET_EVENT,
  LIST_SECRETS_ALL_NAMESPACES_EVENT,
  UPDATE_AWS_AUTH_EVENT,
} from '../../events/test-support/samples.js';

/** A changed deep copy of an audit event, as a detect input. */
export function audit(base: AuditEvent, change: (event: Omit<AuditEvent, 'requestObject'> & Record<string, any>) => void = () => undefined): DetectInput {
  const event = structuredClone(base) as AuditEvent & Record<string, any>;
  change(event);
  return { kind: 'k8s-audit', event, file: 'case', line: 0 };
}

export function cloudtrail(base: CloudTrailRecord, change: (record: CloudTrailRecord & Record<string, any>) => void = () => undefined): DetectInput {
  const record = structuredClone(base) as CloudTrailRecord & Record<string, any>;
  change(record);
  return { kind: 'cloudtrail', record, file: 'case', line: 0 };
}

export interface RuleCases {
  positive: DetectInput[];
  negative: DetectInput[];
}

const EKS_USER = { username: 'eks:addon-manager', groups: ['system:authenticated'] };
const inKubeSystem = (e: AuditEvent) => {
  e.objectRef = { ...e.objectRef, namespace: 'kube-system', name: 'coredns-787cb67946-8wxjt' };
  e.requestURI = '/api/v1/namespaces/kube-system/pods/coredns-787cb67946-8wxjt/exec?command=sh&stdin=true&stdout=true&tty=true';
};
const podSpec = (e: Record<string, any>) => e.requestObject.spec as Record<string, any>;
/** The pod sample as a Deployment of it. */
const asDeployment = (e: Record<string, any>) => {
  const spec = e.requestObject.spec as unknown;
  e.objectRef = { resource: 'deployments', namespace: 'payments', name: 'debug', apiGroup: 'apps', apiVersion: 'v1' };
  e.requestURI = '/apis/apps/v1/namespaces/payments/deployments?fieldManager=kubectl-client-side-apply';
  e.requestObject = { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'debug' }, spec: { replicas: 1, template: { metadata: { labels: { app: 'debug' } }, spec } } };
};
const hostPath = (path: string) => (e: Record<string, any>) => {
  podSpec(e).volumes.push({ name: 'host', hostPath: { path, type: '' } });
};

export const K8S_AUDIT_CASES: Record<string, RuleCases> = {
  'k8s-exec-into-pod': {
    positive: [
      audit(EXEC_EVENT),
      audit(EXEC_EVENT, (e) => {
        e.objectRef!.subresource = 'attach';
        e.verb = 'get'; // websocket streaming (kubectl ≥ 1.30)
      }),
    ],
    negative: [
      audit(EXEC_EVENT, (e) => (e.responseStatus = { code: 403, status: 'Failure', reason: 'Forbidden' })),
      audit(EXEC_EVENT, (e) => (e.objectRef!.subresource = 'log')),
      audit(EXEC_EVENT, inKubeSystem),
      audit(EXEC_EVENT, (e) => (e.stage = 'ResponseStarted')),
    ],
  },
  'k8s-exec-into-kube-system-pod': {
    positive: [audit(EXEC_EVENT, inKubeSystem)],
    negative: [audit(EXEC_EVENT), audit(EXEC_EVENT, (e) => (inKubeSystem(e), (e.user = EKS_USER)))],
  },
  'k8s-port-forward': {
    positive: [
      audit(EXEC_EVENT, (e) => {
        e.objectRef!.subresource = 'portforward';
        e.requestURI = '/api/v1/namespaces/payments/pods/api-7d9c5b6f4-x2kqp/portforward';
      }),
    ],
    negative: [audit(EXEC_EVENT)],
  },
  'k8s-privileged-pod-created': {
    positive: [
      audit(CREATE_POD_EVENT, (e) => (podSpec(e).containers[0].securityContext = { privileged: true })),
      audit(CREATE_POD_EVENT, (e) => {
        podSpec(e).initContainers = [{ name: 'init', image: 'busybox', securityContext: { privileged: true } }];
        asDeployment(e);
      }),
    ],
    negative: [
      audit(CREATE_POD_EVENT),
      audit(CREATE_POD_EVENT, (e) => (podSpec(e).containers[0].securityContext = { privileged: false })),
      audit(CREATE_POD_EVENT, (e) => {
        podSpec(e).containers[0].securityContext = { privileged: true };
        e.user = { username: 'system:serviceaccount:kube-system:daemon-set-controller', groups: ['system:serviceaccounts'] };
      }),
      // Metadata level: no body, no verdict (and no crash)
      audit(CREATE_POD_EVENT, (e) => {
        e.level = 'Metadata';
        delete e.requestObject;
      }),
    ],
  },
  'k8s-host-namespace-pod-created': {
    positive: [audit(CREATE_POD_EVENT, (e) => (podSpec(e).hostNetwork = true)), audit(CREATE_POD_EVENT, (e) => (podSpec(e).hostPID = true, asDeployment(e)))],
    negative: [audit(CREATE_POD_EVENT), audit(CREATE_POD_EVENT, (e) => (podSpec(e).hostNetwork = false))],
  },
  'k8s-sensitive-hostpath-created': {
    positive: [audit(CREATE_POD_EVENT, hostPath('/etc')), audit(CREATE_POD_EVENT, (e) => (hostPath('/var/lib/kubelet/pki')(e), asDeployment(e)))],
    negative: [audit(CREATE_POD_EVENT), audit(CREATE_POD_EVENT, hostPath('/mnt/data'))],
  },
  'k8s-runtime-socket-mounted': {
    positive: [audit(CREATE_POD_EVENT, hostPath('/run/containerd/containerd.sock'))],
    negative: [audit(CREATE_POD_EVENT, hostPath('/mnt/data')), audit(CREATE_POD_EVENT, (e) => (hostPath('/var/run/docker.sock')(e), (e.user = EKS_USER)))],
  },
  'k8s-cluster-admin-binding-created': {
    positive: [
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT),
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, (e) => {
        e.objectRef = { resource: 'rolebindings', namespace: 'ci', name: 'ci-admin', apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1' };
        e.requestObject.kind = 'RoleBinding';
      }),
    ],
    negative: [
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, (e) => (e.requestObject.roleRef.name = 'view')),
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, (e) => (e.responseStatus = { code: 409, reason: 'AlreadyExists' })),
    ],
  },
  'k8s-anonymous-request-allowed': {
    positive: [
      audit(ANONYMOUS_EVENT, (e) => {
        e.responseStatus = { metadata: {}, code: 200 };
        e.annotations = { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "oops" of ClusterRole "view" to User "system:anonymous"' };
      }),
    ],
    negative: [
      audit(ANONYMOUS_EVENT),
      audit(ANONYMOUS_EVENT, (e) => {
        e.requestURI = '/livez?verbose';
        e.verb = 'get';
        delete e.objectRef;
        e.responseStatus = { metadata: {}, code: 200 };
      }),
    ],
  },
  'k8s-secrets-listed-cluster-wide': {
    positive: [
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT),
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT, (e) => {
        e.user = GET_SECRET_EVENT.user;
        e.verb = 'watch';
      }),
    ],
    negative: [
      audit(GET_SECRET_EVENT, (e) => (e.verb = 'list')), // one namespace
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT, (e) => (e.user = { username: 'system:kube-controller-manager', groups: ['system:authenticated'] })),
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT, (e) => (e.user = { username: 'system:serviceaccount:argocd:argocd-application-controller', groups: ['system:serviceaccounts'] })),
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT, (e) => (e.user = EKS_USER)),
    ],
  },
  'k8s-aws-auth-changed': {
    positive: [audit(UPDATE_AWS_AUTH_EVENT), audit(UPDATE_AWS_AUTH_EVENT, (e) => (e.verb = 'delete'))],
    negative: [
      audit(UPDATE_AWS_AUTH_EVENT, (e) => (e.objectRef!.name = 'coredns')),
      audit(UPDATE_AWS_AUTH_EVENT, (e) => (e.verb = 'get')),
      audit(UPDATE_AWS_AUTH_EVENT, (e) => (e.user = { username: 'eks:node-manager', groups: ['system:authenticated'] })),
    ],
  },
};

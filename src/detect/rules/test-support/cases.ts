/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are changed freely, in any shape */
/**
 * Positive and negative events of every built-in rule, derived from the samples by small
 * changes so each negative differs from its positive in what the rule is about.
 */
import type { AuditEvent, CloudTrailRecord, DetectInput } from '../../events/index.js';
import {
  ANONYMOUS_EVENT,
  CREATE_CLUSTER_ROLE_BINDING_EVENT,
  CREATE_CLUSTER_ROLE_EVENT,
  CREATE_CSR_EVENT,
  CREATE_POD_EVENT,
  CSR_APPROVAL_EVENT,
  DEBUG_CONTAINER_EVENT,
  DELETE_NETWORK_POLICY_EVENT,
  EXEC_EVENT,
  GET_SECRET_EVENT,
  KUBELET_TOKEN_REQUEST_EVENT,
  LIST_SECRETS_ALL_NAMESPACES_EVENT,
  NODE_PROXY_RUN_EVENT,
  PATCH_DASHBOARD_SERVICE_EVENT,
  SELF_SUBJECT_RULES_REVIEW_EVENT,
  TOKEN_REQUEST_EVENT,
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

/**
 * A case is one event, or for a threshold rule a sequence of events: a positive sequence alerts
 * exactly once, on its last event; a negative one never does.
 */
export type RuleCase = DetectInput | DetectInput[];

export interface RuleCases {
  positive: RuleCase[];
  negative: RuleCase[];
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
/**
 * The change as `kubectl apply` (or set image, Helm, Argo CD) makes it to an existing object: a
 * patch whose request body is only the patch, the whole object logged as the response.
 */
const asPatch = (patch: Record<string, unknown>) => (e: Record<string, any>) => {
  e.verb = 'patch';
  e.requestURI = `${e.requestURI.split('?')[0]}/${e.objectRef.name}?fieldManager=kubectl-client-side-apply&fieldValidation=Strict`;
  e.responseObject = e.requestObject;
  e.requestObject = patch;
  e.responseStatus = { metadata: {}, code: 200 };
};

const NODE = 'ip-10-0-12-34.eu-west-1.compute.internal';
const SYSTEM_SA = (name: string) => ({ username: `system:serviceaccount:kube-system:${name}`, groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] });
const ADMIN = LIST_SECRETS_ALL_NAMESPACES_EVENT.user;
const POD_SA = GET_SECRET_EVENT.user;
const refused = (e: Record<string, any>) => (e.responseStatus = { metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403 });
/** Body-less, as at Metadata level. */
const metadataOnly = (e: Record<string, any>) => {
  e.level = 'Metadata';
  delete e.requestObject;
  delete e.responseObject;
};
/** Points the event at another object, request URI included. */
const at =
  (resource: string, where: { namespace?: string; name?: string; apiGroup?: string; subresource?: string } = {}) =>
  (e: Record<string, any>) => {
    const { namespace, name, apiGroup, subresource } = where;
    e.objectRef = { resource, apiVersion: 'v1', ...(namespace && { namespace }), ...(name && { name }), ...(apiGroup && { apiGroup }), ...(subresource && { subresource }) };
    const path = [apiGroup ? `/apis/${apiGroup}/v1` : '/api/v1', namespace && `namespaces/${namespace}`, resource, name, subresource].filter(Boolean).join('/');
    e.requestURI = path;
  };
/** An anonymous request the API server allowed (someone bound a role to system:anonymous). */
const anonymousAllowed = (e: Record<string, any>) => {
  e.responseStatus = { metadata: {}, code: 200 };
  e.annotations = { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "oops" of ClusterRole "view" to User "system:anonymous"' };
};
/** The pod sample as a CronJob of it. */
const asCronJob = (e: Record<string, any>) => {
  const spec = e.requestObject.spec as unknown;
  at('cronjobs', { namespace: 'payments', name: 'cleanup', apiGroup: 'batch' })(e);
  e.requestObject = {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    metadata: { name: 'cleanup', namespace: 'payments' },
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { ...(spec as object), restartPolicy: 'OnFailure' } } } } },
  };
};
const binding = (roleRef: { kind: string; name: string }, subjects: Record<string, string>[]) => (e: Record<string, any>) => {
  e.requestObject.roleRef = { apiGroup: 'rbac.authorization.k8s.io', ...roleRef };
  e.requestObject.subjects = subjects;
};
const asRoleBinding = (namespace: string) => (e: Record<string, any>) => {
  at('rolebindings', { namespace, name: 'grant', apiGroup: 'rbac.authorization.k8s.io' })(e);
  e.requestObject.kind = 'RoleBinding';
  e.requestObject.metadata = { name: 'grant', namespace };
};
const rules = (...list: Record<string, string[]>[]) => (e: Record<string, any>) => (e.requestObject.rules = list);
const execCommand = (...command: string[]) => (e: Record<string, any>) => {
  const query = command.map((part) => `command=${encodeURIComponent(part)}`).join('&');
  e.requestURI = `/api/v1/namespaces/payments/pods/api-7d9c5b6f4-x2kqp/exec?${query}&container=api&stderr=true&stdout=true`;
};
const serviceCreated = (namespace: string, name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}) => (e: Record<string, any>) => {
  e.verb = 'create';
  at('services', { namespace, name })(e);
  e.level = 'Request';
  e.requestObject = { kind: 'Service', apiVersion: 'v1', metadata: { name, namespace, labels }, spec };
  delete e.responseObject;
  e.responseStatus = { metadata: {}, code: 201 };
};
const webhooks = ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations', 'validatingadmissionpolicies'];

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
      // kubectl apply making an existing Deployment privileged: only the response shows it
      audit(CREATE_POD_EVENT, (e) => {
        podSpec(e).containers[0].securityContext = { privileged: true };
        asDeployment(e);
        asPatch({ spec: { template: { spec: { containers: [{ name: 'debug', securityContext: { privileged: true } }] } } } })(e);
      }),
      // a kube-system add-on's token (here the load balancer controller's) is no control-plane component
      audit(CREATE_POD_EVENT, (e) => ((podSpec(e).containers[0].securityContext = { privileged: true }), (e.user = SYSTEM_SA('aws-load-balancer-controller')))),
      // kubectl patch --type=json: the request is a list of operations
      audit(CREATE_POD_EVENT, (e) => {
        podSpec(e).containers[0].securityContext = { privileged: true };
        asDeployment(e);
        asPatch({})(e);
        e.requestObject = [{ op: 'add', path: '/spec/template/spec/containers/0/securityContext/privileged', value: true }];
      }),
    ],
    negative: [
      audit(CREATE_POD_EVENT),
      audit(CREATE_POD_EVENT, (e) => (podSpec(e).containers[0].securityContext = { privileged: false })),
      audit(CREATE_POD_EVENT, (e) => {
        podSpec(e).containers[0].securityContext = { privileged: true };
        e.user = { username: 'system:serviceaccount:kube-system:daemon-set-controller', groups: ['system:serviceaccounts'] };
      }),
      // a label added to a pod that was already privileged: the spec is unchanged
      audit(CREATE_POD_EVENT, (e) => ((podSpec(e).containers[0].securityContext = { privileged: true }), asPatch({ metadata: { labels: { tier: 'debug' } } })(e))),
      // Metadata level: no body, no verdict (and no crash)
      audit(CREATE_POD_EVENT, (e) => {
        e.level = 'Metadata';
        delete e.requestObject;
      }),
    ],
  },
  'k8s-host-namespace-pod-created': {
    positive: [
      audit(CREATE_POD_EVENT, (e) => (podSpec(e).hostNetwork = true)),
      audit(CREATE_POD_EVENT, (e) => (podSpec(e).hostPID = true, asDeployment(e))),
      audit(CREATE_POD_EVENT, (e) => ((podSpec(e).hostPID = true), asDeployment(e), asPatch({ spec: { template: { spec: { hostPID: true } } } })(e))),
    ],
    negative: [
      audit(CREATE_POD_EVENT),
      audit(CREATE_POD_EVENT, (e) => (podSpec(e).hostNetwork = false)),
      audit(CREATE_POD_EVENT, (e) => ((podSpec(e).hostNetwork = true), asDeployment(e), asPatch({ metadata: { annotations: { owner: 'platform' } } })(e))),
    ],
  },
  'k8s-sensitive-hostpath-created': {
    positive: [
      audit(CREATE_POD_EVENT, hostPath('/etc')),
      audit(CREATE_POD_EVENT, (e) => (hostPath('/var/lib/kubelet/pki')(e), asDeployment(e))),
      // written with a trailing or doubled slash, or below a sensitive directory
      audit(CREATE_POD_EVENT, hostPath('/etc/')),
      audit(CREATE_POD_EVENT, hostPath('//var//')),
      audit(CREATE_POD_EVENT, hostPath('/home/ec2-user')),
      audit(CREATE_POD_EVENT, hostPath('/etc/shadow')),
      audit(CREATE_POD_EVENT, (e) => (hostPath('/root/')(e), asDeployment(e), asPatch({ spec: { template: { spec: { volumes: [{ name: 'host', hostPath: { path: '/root/' } }] } } } })(e))),
    ],
    negative: [
      audit(CREATE_POD_EVENT),
      audit(CREATE_POD_EVENT, hostPath('/mnt/data')),
      audit(CREATE_POD_EVENT, hostPath('/etc/ssl/certs/')), // CA bundle
      audit(CREATE_POD_EVENT, hostPath('/run/xtables.lock')),
      audit(CREATE_POD_EVENT, hostPath('/etcd-backup')), // a prefix of /etc/ only as text
    ],
  },
  'k8s-runtime-socket-mounted': {
    positive: [
      audit(CREATE_POD_EVENT, hostPath('/run/containerd/containerd.sock')),
      // the directory holding the socket
      audit(CREATE_POD_EVENT, hostPath('/run/containerd')),
      audit(CREATE_POD_EVENT, hostPath('/var/run/containerd/')),
      audit(CREATE_POD_EVENT, (e) => (hostPath('/var/run')(e), asDeployment(e), asPatch({ spec: { template: { spec: { volumes: [{ name: 'host', hostPath: { path: '/var/run' } }] } } } })(e))),
    ],
    negative: [
      audit(CREATE_POD_EVENT, hostPath('/mnt/data')),
      audit(CREATE_POD_EVENT, (e) => (hostPath('/var/run/docker.sock')(e), (e.user = EKS_USER))),
      audit(CREATE_POD_EVENT, hostPath('/var/lib/containerd')), // images and snapshots, no socket
      audit(CREATE_POD_EVENT, hostPath('/run/containerd-extra')),
      audit(CREATE_POD_EVENT, hostPath('/')), // k8s-sensitive-hostpath-created's
    ],
  },
  'k8s-cluster-admin-binding-created': {
    positive: [
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT),
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, (e) => {
        e.objectRef = { resource: 'rolebindings', namespace: 'ci', name: 'ci-admin', apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1' };
        e.requestObject.kind = 'RoleBinding';
      }),
      // a subject added to an existing cluster-admin binding: the patch has no roleRef, the response has
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, (e) => {
        e.requestObject.subjects.push({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'mallory' });
        asPatch({ subjects: e.requestObject.subjects })(e);
      }),
    ],
    negative: [
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, (e) => (e.requestObject.roleRef.name = 'view')),
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, (e) => (e.responseStatus = { code: 409, reason: 'AlreadyExists' })),
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, (e) => ((e.requestObject.roleRef.name = 'view'), asPatch({ subjects: [{ kind: 'User', name: 'mallory' }] })(e))),
    ],
  },
  'k8s-anonymous-request-allowed': {
    positive: [
      // exec into a pod: neither a read, a write of an object nor a deletion
      audit(ANONYMOUS_EVENT, (e) => {
        anonymousAllowed(e);
        e.verb = 'create';
        e.objectRef = { resource: 'pods', namespace: 'kube-system', name: 'coredns-787cb67946-8wxjt', apiVersion: 'v1', subresource: 'exec' };
        e.requestURI = '/api/v1/namespaces/kube-system/pods/coredns-787cb67946-8wxjt/exec?command=id&stdout=true';
        e.responseStatus = { metadata: {}, code: 101 };
      }),
      audit(ANONYMOUS_EVENT, (e) => {
        anonymousAllowed(e);
        e.verb = 'get';
        e.objectRef = { resource: 'nodes', name: NODE, apiVersion: 'v1', subresource: 'proxy' };
        e.requestURI = `/api/v1/nodes/${NODE}/proxy/pods`;
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
      // reading secrets is k8s-anonymous-credential-access's
      audit(ANONYMOUS_EVENT, anonymousAllowed),
    ],
  },
  'k8s-anonymous-discovery': {
    positive: [
      audit(ANONYMOUS_EVENT, (e) => (anonymousAllowed(e), at('pods', { namespace: 'kube-system' })(e))),
      audit(ANONYMOUS_EVENT, (e) => {
        anonymousAllowed(e);
        e.verb = 'get';
        e.requestURI = '/api';
        delete e.objectRef;
      }),
    ],
    negative: [
      audit(ANONYMOUS_EVENT, at('pods', { namespace: 'kube-system' })), // refused
      audit(ANONYMOUS_EVENT, anonymousAllowed), // secrets
      audit(ANONYMOUS_EVENT, (e) => {
        anonymousAllowed(e);
        e.verb = 'get';
        e.requestURI = '/version';
        delete e.objectRef;
      }),
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT, at('pods')), // authenticated
    ],
  },
  'k8s-anonymous-credential-access': {
    positive: [
      audit(ANONYMOUS_EVENT, anonymousAllowed),
      audit(ANONYMOUS_EVENT, (e) => {
        anonymousAllowed(e);
        e.verb = 'create';
        at('serviceaccounts', { namespace: 'kube-system', name: 'clusterrole-aggregation-controller', subresource: 'token' })(e);
        e.responseStatus = { metadata: {}, code: 201 };
      }),
    ],
    negative: [audit(ANONYMOUS_EVENT), audit(GET_SECRET_EVENT), audit(ANONYMOUS_EVENT, (e) => (anonymousAllowed(e), at('configmaps', { namespace: 'kube-system' })(e)))],
  },
  'k8s-anonymous-persistence': {
    positive: [
      audit(CREATE_POD_EVENT, (e) => (e.user = ANONYMOUS_EVENT.user)),
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, (e) => (e.user = ANONYMOUS_EVENT.user)),
    ],
    negative: [
      audit(CREATE_POD_EVENT),
      audit(CREATE_POD_EVENT, (e) => {
        e.user = ANONYMOUS_EVENT.user;
        e.responseStatus = ANONYMOUS_EVENT.responseStatus;
      }),
    ],
  },
  'k8s-anonymous-impact': {
    positive: [
      audit(DELETE_NETWORK_POLICY_EVENT, (e) => (e.user = ANONYMOUS_EVENT.user)),
      audit(DELETE_NETWORK_POLICY_EVENT, (e) => {
        e.user = ANONYMOUS_EVENT.user;
        e.verb = 'deletecollection';
        at('pods', { namespace: 'payments' })(e);
      }),
    ],
    negative: [
      audit(DELETE_NETWORK_POLICY_EVENT),
      audit(DELETE_NETWORK_POLICY_EVENT, (e) => {
        e.user = ANONYMOUS_EVENT.user;
        e.responseStatus = ANONYMOUS_EVENT.responseStatus;
      }),
    ],
  },
  'k8s-secrets-listed-cluster-wide': {
    positive: [
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT),
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT, (e) => (e.user = GET_SECRET_EVENT.user)),
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT, (e) => ((e.verb = 'watch'), (e.requestURI = '/api/v1/secrets?watch=true'))), // a user
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT, (e) => (e.user = SYSTEM_SA('external-dns'))), // kube-system is no exemption
    ],
    negative: [
      // a controller's informer keeping its watch open
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT, (e) => ((e.user = GET_SECRET_EVENT.user), (e.verb = 'watch'), (e.requestURI = '/api/v1/secrets?allowWatchBookmarks=true&resourceVersion=51877&watch=true'))),
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT, (e) => (e.user = { username: 'system:serviceaccount:istio-system:istiod', groups: ['system:serviceaccounts', 'system:authenticated'] })),
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

  'k8s-binding-to-anonymous': {
    positive: [
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, binding({ kind: 'ClusterRole', name: 'view' }, [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'system:anonymous' }])),
      // `kubectl apply` on an existing binding: a patch, judged on the object in the response
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, (e: Record<string, any>) => {
        asRoleBinding('payments')(e);
        e.verb = 'patch';
        e.responseObject = { ...e.requestObject, subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:unauthenticated' }] };
        e.requestObject = { subjects: e.responseObject.subjects };
        e.responseStatus = { metadata: {}, code: 200 };
      }),
    ],
    negative: [
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT),
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, (e) => (binding({ kind: 'ClusterRole', name: 'view' }, [{ kind: 'User', name: 'system:anonymous' }])(e), metadataOnly(e))),
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, binding({ kind: 'ClusterRole', name: 'view' }, [{ kind: 'ServiceAccount', namespace: 'ci', name: 'system:anonymous' }])),
    ],
  },
  'k8s-binding-to-all-authenticated': {
    positive: [
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, binding({ kind: 'ClusterRole', name: 'view' }, [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:authenticated' }])),
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, (e) => {
        binding({ kind: 'ClusterRole', name: 'edit' }, [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:serviceaccounts' }])(e);
        asRoleBinding('payments')(e);
      }),
    ],
    negative: [
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT),
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, binding({ kind: 'ClusterRole', name: 'system:service-account-issuer-discovery' }, [{ kind: 'Group', name: 'system:authenticated' }])),
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, (e) => {
        binding({ kind: 'ClusterRole', name: 'system:basic-user' }, [{ kind: 'Group', name: 'system:authenticated' }])(e);
        e.user = { username: 'system:apiserver', groups: ['system:masters'] };
      }),
    ],
  },
  'k8s-admin-bound-to-default-service-account': {
    positive: [
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, (e) => {
        binding({ kind: 'ClusterRole', name: 'edit' }, [{ kind: 'ServiceAccount', namespace: 'payments', name: 'default' }])(e);
        asRoleBinding('payments')(e);
      }),
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, binding({ kind: 'ClusterRole', name: 'cluster-admin' }, [{ kind: 'ServiceAccount', namespace: 'ci', name: 'default' }])),
    ],
    negative: [
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT), // service account ci
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, binding({ kind: 'ClusterRole', name: 'view' }, [{ kind: 'ServiceAccount', namespace: 'ci', name: 'default' }])),
      audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, (e) => {
        binding({ kind: 'Role', name: 'admin' }, [{ kind: 'ServiceAccount', namespace: 'payments', name: 'default' }])(e); // a namespace's own Role named admin
        asRoleBinding('payments')(e);
      }),
    ],
  },
  'k8s-role-with-wildcard-permissions': {
    positive: [
      audit(CREATE_CLUSTER_ROLE_EVENT, rules({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] })),
      audit(CREATE_CLUSTER_ROLE_EVENT, (e) => {
        rules({ apiGroups: [''], resources: ['pods'], verbs: ['get'] }, { apiGroups: [''], resources: ['*'], verbs: ['get', 'list'] })(e);
        at('roles', { namespace: 'payments', name: 'reader', apiGroup: 'rbac.authorization.k8s.io' })(e);
        e.requestObject.kind = 'Role';
      }),
    ],
    negative: [
      audit(CREATE_CLUSTER_ROLE_EVENT),
      audit(CREATE_CLUSTER_ROLE_EVENT, (e) => {
        rules({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] })(e);
        e.verb = 'update';
        e.user = SYSTEM_SA('clusterrole-aggregation-controller');
      }),
      audit(CREATE_CLUSTER_ROLE_EVENT, (e) => (rules({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] })(e), metadataOnly(e))),
    ],
  },
  'k8s-role-with-escalation-verbs': {
    positive: [
      audit(CREATE_CLUSTER_ROLE_EVENT, rules({ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['get', 'bind'] })),
      audit(CREATE_CLUSTER_ROLE_EVENT, rules({ apiGroups: [''], resources: ['users', 'groups', 'serviceaccounts'], verbs: ['impersonate'] })),
    ],
    negative: [
      audit(CREATE_CLUSTER_ROLE_EVENT),
      audit(CREATE_CLUSTER_ROLE_EVENT, (e) => {
        rules({ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['escalate'] })(e);
        e.user = { username: 'system:kube-controller-manager', groups: ['system:authenticated'] };
      }),
    ],
  },
  'k8s-system-rbac-modified': {
    positive: [
      audit(CREATE_CLUSTER_ROLE_EVENT, (e) => {
        e.verb = 'patch';
        at('clusterroles', { name: 'system:aggregate-to-view', apiGroup: 'rbac.authorization.k8s.io' })(e);
        e.responseStatus = { metadata: {}, code: 200 };
      }),
      audit(DELETE_NETWORK_POLICY_EVENT, at('clusterrolebindings', { name: 'system:coredns', apiGroup: 'rbac.authorization.k8s.io' })),
    ],
    negative: [
      audit(CREATE_CLUSTER_ROLE_EVENT), // pod-reader
      audit(CREATE_CLUSTER_ROLE_EVENT, (e) => {
        e.verb = 'update';
        at('clusterroles', { name: 'system:aggregate-to-view', apiGroup: 'rbac.authorization.k8s.io' })(e);
        e.user = { username: 'system:apiserver', groups: ['system:authenticated', 'system:masters'] };
      }),
      audit(DELETE_NETWORK_POLICY_EVENT, (e) => (at('clusterrolebindings', { name: 'system:coredns', apiGroup: 'rbac.authorization.k8s.io' })(e), refused(e))),
      // metrics-server's own RBAC, as its Helm chart upgrades it
      audit(CREATE_CLUSTER_ROLE_EVENT, (e) => {
        e.verb = 'patch';
        at('clusterroles', { name: 'system:metrics-server', apiGroup: 'rbac.authorization.k8s.io' })(e);
        e.user = { username: 'system:serviceaccount:argocd:argocd-application-controller', groups: ['system:serviceaccounts', 'system:authenticated'] };
        e.responseStatus = { metadata: {}, code: 200 };
      }),
    ],
  },
  'k8s-privileged-impersonation': {
    positive: [
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT, (e) => (e.impersonatedUser = { username: 'break-glass', groups: ['system:masters', 'system:authenticated'] })),
      audit(CREATE_POD_EVENT, (e) => (e.impersonatedUser = { username: 'system:serviceaccount:kube-system:replicaset-controller', groups: ['system:serviceaccounts', 'system:authenticated'] })),
    ],
    negative: [
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT),
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT, (e) => (e.impersonatedUser = { username: 'system:serviceaccount:payments:api', groups: ['system:serviceaccounts', 'system:authenticated'] })),
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT, (e) => {
        e.impersonatedUser = { username: 'break-glass', groups: ['system:masters'] };
        refused(e);
      }),
    ],
  },
  'k8s-secret-read-by-user': {
    positive: [
      audit(GET_SECRET_EVENT, (e) => (e.user = ADMIN)),
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT, at('secrets', { namespace: 'payments' })), // kubectl get secrets -n payments
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT, (e) => (at('secrets', { namespace: 'payments' })(e), (e.verb = 'watch'))),
    ],
    negative: [
      audit(GET_SECRET_EVENT), // the pod's own service account
      audit(GET_SECRET_EVENT, (e) => {
        e.user = ADMIN;
        at('secrets', { namespace: 'payments', name: 'sh.helm.release.v1.api.v7' })(e);
      }),
      audit(GET_SECRET_EVENT, (e) => (e.user = { username: 'system:kube-controller-manager', groups: ['system:authenticated'] })),
      audit(GET_SECRET_EVENT, (e) => ((e.user = ADMIN), refused(e))),
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT), // all namespaces: k8s-secrets-listed-cluster-wide's
      // helm upgrade looking up its release records
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT, (e) => (at('secrets', { namespace: 'payments' })(e), (e.requestURI += '?labelSelector=name%3Dapi%2Cowner%3Dhelm'))),
      audit(LIST_SECRETS_ALL_NAMESPACES_EVENT, (e) => (at('secrets', { namespace: 'payments' })(e), (e.user = POD_SA))),
    ],
  },
  'k8s-service-account-token-requested': {
    positive: [
      audit(TOKEN_REQUEST_EVENT),
      audit(TOKEN_REQUEST_EVENT, (e) => {
        e.user = POD_SA;
        at('serviceaccounts', { namespace: 'kube-system', name: 'aws-load-balancer-controller', subresource: 'token' })(e);
      }),
      audit(TOKEN_REQUEST_EVENT, (e) => (e.user = SYSTEM_SA('cluster-autoscaler'))),
    ],
    negative: [
      audit(KUBELET_TOKEN_REQUEST_EVENT),
      audit(TOKEN_REQUEST_EVENT, (e) => (e.user = { username: 'system:serviceaccount:external-secrets:external-secrets', groups: ['system:serviceaccounts', 'system:authenticated'] })),
      audit(TOKEN_REQUEST_EVENT, (e) => (e.user = { username: 'system:kube-controller-manager', groups: ['system:authenticated'] })),
      audit(TOKEN_REQUEST_EVENT, refused),
    ],
  },
  'k8s-csr-approved-by-user': {
    positive: [audit(CSR_APPROVAL_EVENT), audit(CSR_APPROVAL_EVENT, metadataOnly)],
    negative: [
      audit(CSR_APPROVAL_EVENT, (e) => (e.requestObject.status.conditions = [{ type: 'Denied', status: 'True', reason: 'KubectlDeny' }])),
      audit(CSR_APPROVAL_EVENT, (e) => (e.user = { username: 'eks:certificate-controller', groups: ['system:authenticated'] })),
      audit(CSR_APPROVAL_EVENT, (e) => (e.user = SYSTEM_SA('certificate-controller'))),
      audit(CSR_APPROVAL_EVENT, (e) => (e.objectRef!.subresource = 'status')),
    ],
  },
  'k8s-client-certificate-requested': {
    positive: [
      audit(CREATE_CSR_EVENT),
      audit(CREATE_CSR_EVENT, (e) => {
        e.user = ADMIN;
        e.requestObject.spec.signerName = 'kubernetes.io/kube-apiserver-client-kubelet';
      }),
    ],
    negative: [
      audit(CREATE_CSR_EVENT, (e) => (e.requestObject.spec.signerName = 'beta.eks.amazonaws.com/app-serving')),
      audit(CREATE_CSR_EVENT, (e) => {
        e.user = { username: `system:node:${NODE}`, groups: ['system:nodes', 'system:authenticated'] };
        e.requestObject.spec.signerName = 'kubernetes.io/kube-apiserver-client-kubelet';
      }),
      audit(CREATE_CSR_EVENT, metadataOnly),
    ],
  },
  'k8s-node-proxy-kubelet-command': {
    positive: [
      audit(NODE_PROXY_RUN_EVENT),
      audit(NODE_PROXY_RUN_EVENT, (e) => {
        e.verb = 'get'; // websocket upgrade
        e.requestURI = `/api/v1/nodes/${NODE}/proxy/exec/kube-system/aws-node-6qvzx/aws-node?command=sh&input=1&output=1&tty=1`;
        e.responseStatus = { metadata: {}, code: 101 };
      }),
    ],
    negative: [
      audit(NODE_PROXY_RUN_EVENT, (e) => ((e.verb = 'get'), (e.requestURI = `/api/v1/nodes/${NODE}/proxy/metrics/cadvisor`))),
      audit(NODE_PROXY_RUN_EVENT, refused),
    ],
  },
  'k8s-node-proxy-access': {
    positive: [
      audit(NODE_PROXY_RUN_EVENT, (e) => ((e.verb = 'get'), (e.requestURI = `/api/v1/nodes/${NODE}/proxy/pods`))),
      audit(NODE_PROXY_RUN_EVENT, (e) => ((e.verb = 'get'), (e.requestURI = `/api/v1/nodes/${NODE}:10250/proxy/configz`))),
    ],
    negative: [
      audit(NODE_PROXY_RUN_EVENT),
      audit(NODE_PROXY_RUN_EVENT, (e) => ((e.verb = 'get'), (e.requestURI = `/api/v1/nodes/${NODE}/proxy/metrics/cadvisor`))),
      audit(NODE_PROXY_RUN_EVENT, (e) => ((e.verb = 'get'), (e.requestURI = `/api/v1/nodes/${NODE}/proxy/metrics`))),
      audit(NODE_PROXY_RUN_EVENT, (e) => ((e.verb = 'get'), (e.requestURI = `/api/v1/nodes/${NODE}/proxy/pods`), (e.user = EKS_USER))),
    ],
  },
  'k8s-ephemeral-container-added': {
    positive: [audit(DEBUG_CONTAINER_EVENT), audit(DEBUG_CONTAINER_EVENT, (e) => (e.verb = 'update'))],
    negative: [
      audit(DEBUG_CONTAINER_EVENT, refused),
      audit(DEBUG_CONTAINER_EVENT, (e) => (e.user = EKS_USER)),
      audit(DEBUG_CONTAINER_EVENT, (e) => delete e.objectRef!.subresource), // a patch of the pod itself
    ],
  },
  'k8s-file-copied-from-pod': {
    positive: [audit(EXEC_EVENT, execCommand('tar', 'cf', '-', '/etc/app/config.yaml')), audit(EXEC_EVENT, execCommand('tar', 'cf', '-', '-C', '/var/lib/app', 'data'))],
    negative: [audit(EXEC_EVENT), audit(EXEC_EVENT, execCommand('tar', '-xmf', '-', '-C', '/tmp')), audit(EXEC_EVENT, (e) => (execCommand('tar', 'cf', '-', '/etc')(e), refused(e)))],
  },
  'k8s-file-copied-into-pod': {
    positive: [audit(EXEC_EVENT, execCommand('tar', '-xmf', '-', '-C', '/tmp')), audit(EXEC_EVENT, execCommand('tar', 'xf', '-'))],
    negative: [audit(EXEC_EVENT), audit(EXEC_EVENT, execCommand('tar', 'cf', '-', '/etc/app/config.yaml')), audit(EXEC_EVENT, execCommand('sh', '-c', 'tar -xmf -'))],
  },
  'k8s-pod-created-in-kube-system': {
    positive: [audit(CREATE_POD_EVENT, at('pods', { namespace: 'kube-system', name: 'debug' }))],
    negative: [
      audit(CREATE_POD_EVENT),
      audit(CREATE_POD_EVENT, (e) => (at('pods', { namespace: 'kube-system', name: 'aws-node-6qvzx' })(e), (e.user = SYSTEM_SA('daemon-set-controller')))),
      audit(CREATE_POD_EVENT, (e) => {
        at('pods', { namespace: 'kube-system', name: `kube-proxy-${NODE}` })(e); // a mirror pod
        e.user = { username: `system:node:${NODE}`, groups: ['system:nodes', 'system:authenticated'] };
      }),
    ],
  },
  'k8s-service-account-created-in-kube-system': {
    positive: [audit(CREATE_POD_EVENT, (e) => (at('serviceaccounts', { namespace: 'kube-system', name: 'kube-proxy-sa' })(e), (e.requestObject = { kind: 'ServiceAccount', apiVersion: 'v1', metadata: { name: 'kube-proxy-sa', namespace: 'kube-system' } })))],
    negative: [
      audit(CREATE_POD_EVENT, at('serviceaccounts', { namespace: 'payments', name: 'api' })),
      audit(CREATE_POD_EVENT, (e) => (at('serviceaccounts', { namespace: 'kube-system', name: 'ebs-csi-controller-sa' })(e), (e.user = { username: 'eks:addon-manager', groups: ['system:authenticated'] }))),
    ],
  },
  'k8s-cronjob-created-by-user': {
    positive: [audit(CREATE_POD_EVENT, asCronJob)],
    negative: [
      audit(CREATE_POD_EVENT, (e) => (asCronJob(e), (e.user = { username: 'system:serviceaccount:argocd:argocd-application-controller', groups: ['system:serviceaccounts', 'system:authenticated'] }))),
      audit(CREATE_POD_EVENT, asDeployment),
      audit(CREATE_POD_EVENT, (e) => (asCronJob(e), (e.verb = 'update'))),
    ],
  },
  'k8s-crypto-miner-workload': {
    positive: [
      audit(CREATE_POD_EVENT, (e) => (podSpec(e).containers[0].image = 'docker.io/Metal3d/XMRig:latest')),
      audit(CREATE_POD_EVENT, (e) => {
        podSpec(e).containers[0].image = 'public.ecr.aws/docker/library/alpine:3.20';
        podSpec(e).containers[0].args = ['-o', 'stratum+tcp://pool.example.net:3333', '--donate-level=0'];
        asDeployment(e);
      }),
      // kubectl set image on an existing Deployment
      audit(CREATE_POD_EVENT, (e) => {
        podSpec(e).containers[0].image = 'docker.io/metal3d/xmrig:latest';
        asDeployment(e);
        asPatch({ spec: { template: { spec: { containers: [{ name: 'debug', image: 'docker.io/metal3d/xmrig:latest' }] } } } })(e);
      }),
    ],
    negative: [
      audit(CREATE_POD_EVENT),
      audit(CREATE_POD_EVENT, (e) => ((podSpec(e).containers[0].image = 'docker.io/metal3d/xmrig:latest'), metadataOnly(e))),
      audit(CREATE_POD_EVENT, (e) => (podSpec(e).containers[0].args = ['--listen', 'tcp://0.0.0.0:8080'])),
    ],
  },
  'k8s-dashboard-exposed': {
    positive: [
      audit(PATCH_DASHBOARD_SERVICE_EVENT),
      // Kubeflow's dashboard as a load balancer, logged without the response body
      audit(PATCH_DASHBOARD_SERVICE_EVENT, serviceCreated('kubeflow', 'centraldashboard', { type: 'LoadBalancer', selector: { app: 'centraldashboard' }, ports: [{ port: 80, targetPort: 8082 }] }, { app: 'centraldashboard' })),
      // Dashboard v7 (Helm) in another namespace, found by its app label
      audit(PATCH_DASHBOARD_SERVICE_EVENT, serviceCreated('ops', 'console', { type: 'NodePort', selector: { 'app.kubernetes.io/name': 'kubernetes-dashboard-kong' }, ports: [{ port: 443 }] })),
    ],
    negative: [
      audit(PATCH_DASHBOARD_SERVICE_EVENT, (e: Record<string, any>) => ((e.requestObject.spec.type = 'ClusterIP'), (e.responseObject.spec.type = 'ClusterIP'))),
      audit(PATCH_DASHBOARD_SERVICE_EVENT, serviceCreated('payments', 'api', { type: 'LoadBalancer', selector: { app: 'api' }, ports: [{ port: 443 }] }, { app: 'api' })),
      audit(PATCH_DASHBOARD_SERVICE_EVENT, metadataOnly),
      // a JSON patch logged without the response: the resulting type is not visible (no verdict, no error)
      audit(PATCH_DASHBOARD_SERVICE_EVENT, (e: Record<string, any>) => {
        e.level = 'Request';
        delete e.responseObject;
        e.requestObject = [{ op: 'replace', path: '/spec/type', value: 'NodePort' }];
      }),
    ],
  },
  'k8s-service-external-ips-set': {
    positive: [audit(PATCH_DASHBOARD_SERVICE_EVENT, serviceCreated('payments', 'api', { type: 'ClusterIP', selector: { app: 'api' }, ports: [{ port: 443 }], externalIPs: ['10.0.0.2'] }))],
    negative: [audit(PATCH_DASHBOARD_SERVICE_EVENT), audit(PATCH_DASHBOARD_SERVICE_EVENT, serviceCreated('payments', 'api', { type: 'ClusterIP', ports: [{ port: 443 }], externalIPs: [] }))],
  },
  'k8s-admission-webhook-deleted': {
    positive: [
      audit(DELETE_NETWORK_POLICY_EVENT, at(webhooks[0]!, { name: 'gatekeeper-validating-webhook-configuration', apiGroup: 'admissionregistration.k8s.io' })),
      audit(DELETE_NETWORK_POLICY_EVENT, at(webhooks[2]!, { name: 'deny-privileged', apiGroup: 'admissionregistration.k8s.io' })),
    ],
    negative: [
      audit(DELETE_NETWORK_POLICY_EVENT, (e) => (at(webhooks[1]!, { name: 'pod-identity-webhook', apiGroup: 'admissionregistration.k8s.io' })(e), (e.user = EKS_USER))),
      audit(DELETE_NETWORK_POLICY_EVENT),
      audit(DELETE_NETWORK_POLICY_EVENT, (e) => (at(webhooks[0]!, { name: 'kyverno-resource-validating-webhook-cfg', apiGroup: 'admissionregistration.k8s.io' })(e), refused(e))),
    ],
  },
  'k8s-admission-webhook-changed': {
    positive: [
      audit(CREATE_CLUSTER_ROLE_EVENT, (e) => {
        e.verb = 'patch';
        at(webhooks[1]!, { name: 'vpc-resource-mutating-webhook', apiGroup: 'admissionregistration.k8s.io' })(e);
        e.requestObject = { webhooks: [{ name: 'mpod.vpc.k8s.aws', failurePolicy: 'Ignore' }] };
        e.responseStatus = { metadata: {}, code: 200 };
      }),
      // a kube-system add-on's token is no control-plane component
      audit(CREATE_CLUSTER_ROLE_EVENT, (e) => (at(webhooks[1]!, { name: 'pod-identity-webhook', apiGroup: 'admissionregistration.k8s.io' })(e), (e.user = SYSTEM_SA('aws-load-balancer-controller')))),
    ],
    negative: [
      audit(CREATE_CLUSTER_ROLE_EVENT, (e) => {
        e.verb = 'update';
        at(webhooks[0]!, { name: 'cert-manager-webhook', apiGroup: 'admissionregistration.k8s.io' })(e);
        e.user = { username: 'system:serviceaccount:cert-manager:cert-manager-cainjector', groups: ['system:serviceaccounts', 'system:authenticated'] };
      }),
      audit(CREATE_CLUSTER_ROLE_EVENT, (e) => (at(webhooks[0]!, { name: 'eks-validating', apiGroup: 'admissionregistration.k8s.io' })(e), (e.user = EKS_USER))),
      audit(CREATE_CLUSTER_ROLE_EVENT, (e) => {
        e.verb = 'update';
        at(webhooks[1]!, { name: 'datadog-webhook', apiGroup: 'admissionregistration.k8s.io' })(e);
        e.user = { username: 'system:serviceaccount:datadog:datadog-cluster-agent', groups: ['system:serviceaccounts', 'system:authenticated'] };
      }),
    ],
  },
  'k8s-network-policy-deleted': {
    positive: [
      audit(DELETE_NETWORK_POLICY_EVENT),
      audit(DELETE_NETWORK_POLICY_EVENT, (e) => {
        e.user = POD_SA;
        e.verb = 'deletecollection';
        at('ciliumnetworkpolicies', { namespace: 'payments', apiGroup: 'cilium.io' })(e);
      }),
    ],
    negative: [
      audit(DELETE_NETWORK_POLICY_EVENT, (e) => {
        e.user = SYSTEM_SA('namespace-controller');
        e.verb = 'deletecollection';
        at('networkpolicies', { namespace: 'payments', apiGroup: 'networking.k8s.io' })(e);
      }),
      audit(DELETE_NETWORK_POLICY_EVENT, (e) => (e.responseStatus = { metadata: {}, status: 'Failure', reason: 'NotFound', code: 404 })),
    ],
  },
  'k8s-events-deleted': {
    positive: [audit(DELETE_NETWORK_POLICY_EVENT, (e) => ((e.verb = 'deletecollection'), at('events', { namespace: 'payments' })(e)))],
    negative: [
      audit(DELETE_NETWORK_POLICY_EVENT, (e) => ((e.verb = 'deletecollection'), at('events', { namespace: 'payments' })(e), (e.user = SYSTEM_SA('namespace-controller')))),
      audit(DELETE_NETWORK_POLICY_EVENT, (e) => ((e.verb = 'deletecollection'), at('events', { namespace: 'payments' })(e), (e.user = POD_SA))),
    ],
  },
  'k8s-coredns-config-changed': {
    positive: [audit(UPDATE_AWS_AUTH_EVENT, (e) => (e.objectRef!.name = 'coredns'))],
    negative: [
      audit(UPDATE_AWS_AUTH_EVENT),
      audit(UPDATE_AWS_AUTH_EVENT, (e) => ((e.objectRef!.name = 'coredns'), (e.user = { username: 'eks:addon-manager', groups: ['system:authenticated'] }))),
      audit(UPDATE_AWS_AUTH_EVENT, (e) => ((e.objectRef!.name = 'coredns'), (e.verb = 'get'))),
    ],
  },
  'k8s-kube-system-resource-deleted': {
    positive: [
      audit(DELETE_NETWORK_POLICY_EVENT, at('daemonsets', { namespace: 'kube-system', name: 'aws-node', apiGroup: 'apps' })),
      audit(DELETE_NETWORK_POLICY_EVENT, at('configmaps', { namespace: 'kube-system', name: 'amazon-vpc-cni' })),
    ],
    negative: [
      audit(DELETE_NETWORK_POLICY_EVENT, at('configmaps', { namespace: 'kube-system', name: 'aws-auth' })), // k8s-aws-auth-changed's
      audit(DELETE_NETWORK_POLICY_EVENT, at('daemonsets', { namespace: 'payments', name: 'agent', apiGroup: 'apps' })),
      audit(DELETE_NETWORK_POLICY_EVENT, (e) => (at('daemonsets', { namespace: 'kube-system', name: 'aws-node', apiGroup: 'apps' })(e), (e.user = EKS_USER))),
      audit(DELETE_NETWORK_POLICY_EVENT, at('pods', { namespace: 'kube-system', name: 'coredns-787cb67946-8wxjt' })),
    ],
  },
  'k8s-namespace-deleted': {
    positive: [audit(DELETE_NETWORK_POLICY_EVENT, at('namespaces', { name: 'payments' }))],
    negative: [
      audit(DELETE_NETWORK_POLICY_EVENT, (e) => (at('namespaces', { name: 'payments' })(e), refused(e))),
      audit(DELETE_NETWORK_POLICY_EVENT, (e) => (at('namespaces', { name: 'payments' })(e), (e.user = EKS_USER))),
      audit(DELETE_NETWORK_POLICY_EVENT, (e) => ((e.verb = 'get'), at('namespaces', { name: 'payments' })(e))),
    ],
  },
  'k8s-permissions-enumerated-by-service-account': {
    positive: [
      audit(SELF_SUBJECT_RULES_REVIEW_EVENT),
      audit(SELF_SUBJECT_RULES_REVIEW_EVENT, (e) => (e.user = SYSTEM_SA('aws-load-balancer-controller'))), // an add-on's token, sized up
    ],
    negative: [
      audit(SELF_SUBJECT_RULES_REVIEW_EVENT, (e) => (e.user = ADMIN)),
      audit(SELF_SUBJECT_RULES_REVIEW_EVENT, (e) => (e.user = SYSTEM_SA('generic-garbage-collector'))),
      audit(SELF_SUBJECT_RULES_REVIEW_EVENT, at('selfsubjectaccessreviews', { apiGroup: 'authorization.k8s.io' })),
    ],
  },
};

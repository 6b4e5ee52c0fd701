/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are changed freely, in any shape */
/** Cases of the audit rules about access: bindings, roles, anonymous requests by tactic, Secrets, tokens, impersonation, certificate requests. */
import { ANONYMOUS_EVENT, CREATE_CLUSTER_ROLE_BINDING_EVENT, CREATE_CLUSTER_ROLE_EVENT, CREATE_CSR_EVENT, CREATE_POD_EVENT, CSR_APPROVAL_EVENT, DELETE_NETWORK_POLICY_EVENT, GET_SECRET_EVENT, KUBELET_TOKEN_REQUEST_EVENT, LIST_SECRETS_ALL_NAMESPACES_EVENT, SELF_SUBJECT_RULES_REVIEW_EVENT, TOKEN_REQUEST_EVENT, UPDATE_AWS_AUTH_EVENT } from '../../events/test-support/samples.js';
import { audit, EKS_USER, asPatch, NODE, SYSTEM_SA, ADMIN, POD_SA, refused, metadataOnly, at, anonymousAllowed, binding, asRoleBinding, rules, type RuleCases } from './cases.js';

export const AUDIT_ACCESS_CASES: Record<string, RuleCases> = {
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

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are changed freely, in any shape */
/**
 * What the cases of the built-in rules are made of: the case types, and small changes that derive
 * each positive or negative event from a sample, so a negative differs from its positive in what
 * the rule is about. The cases themselves are in `audit-*-cases.ts`, `cloudtrail-cases.ts`, …
 */
import type { AuditEvent, CloudTrailRecord, DetectInput } from '../../events/index.js';
import { GET_SECRET_EVENT, LIST_SECRETS_ALL_NAMESPACES_EVENT } from '../../events/test-support/samples.js';

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

export const EKS_USER = { username: 'eks:addon-manager', groups: ['system:authenticated'] };
export const inKubeSystem = (e: AuditEvent) => {
  e.objectRef = { ...e.objectRef, namespace: 'kube-system', name: 'coredns-787cb67946-8wxjt' };
  e.requestURI = '/api/v1/namespaces/kube-system/pods/coredns-787cb67946-8wxjt/exec?command=sh&stdin=true&stdout=true&tty=true';
};
export const podSpec = (e: Record<string, any>) => e.requestObject.spec as Record<string, any>;
/** The pod sample as a Deployment of it. */
export const asDeployment = (e: Record<string, any>) => {
  const spec = e.requestObject.spec as unknown;
  e.objectRef = { resource: 'deployments', namespace: 'payments', name: 'debug', apiGroup: 'apps', apiVersion: 'v1' };
  e.requestURI = '/apis/apps/v1/namespaces/payments/deployments?fieldManager=kubectl-client-side-apply';
  e.requestObject = { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'debug' }, spec: { replicas: 1, template: { metadata: { labels: { app: 'debug' } }, spec } } };
};
export const hostPath = (path: string) => (e: Record<string, any>) => {
  podSpec(e).volumes.push({ name: 'host', hostPath: { path, type: '' } });
};
/**
 * The change as `kubectl apply` (or set image, Helm, Argo CD) makes it to an existing object: a
 * patch whose request body is only the patch, the whole object logged as the response.
 */
export const asPatch = (patch: Record<string, unknown>) => (e: Record<string, any>) => {
  e.verb = 'patch';
  e.requestURI = `${e.requestURI.split('?')[0]}/${e.objectRef.name}?fieldManager=kubectl-client-side-apply&fieldValidation=Strict`;
  e.responseObject = e.requestObject;
  e.requestObject = patch;
  e.responseStatus = { metadata: {}, code: 200 };
};

export const NODE = 'ip-10-0-12-34.eu-west-1.compute.internal';
export const SYSTEM_SA = (name: string) => ({ username: `system:serviceaccount:kube-system:${name}`, groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] });
export const ADMIN = LIST_SECRETS_ALL_NAMESPACES_EVENT.user;
export const POD_SA = GET_SECRET_EVENT.user;
export const refused = (e: Record<string, any>) => (e.responseStatus = { metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403 });
/** Body-less, as at Metadata level. */
export const metadataOnly = (e: Record<string, any>) => {
  e.level = 'Metadata';
  delete e.requestObject;
  delete e.responseObject;
};
/** Points the event at another object, request URI included. */
export const at =
  (resource: string, where: { namespace?: string; name?: string; apiGroup?: string; subresource?: string } = {}) =>
  (e: Record<string, any>) => {
    const { namespace, name, apiGroup, subresource } = where;
    e.objectRef = { resource, apiVersion: 'v1', ...(namespace && { namespace }), ...(name && { name }), ...(apiGroup && { apiGroup }), ...(subresource && { subresource }) };
    const path = [apiGroup ? `/apis/${apiGroup}/v1` : '/api/v1', namespace && `namespaces/${namespace}`, resource, name, subresource].filter(Boolean).join('/');
    e.requestURI = path;
  };
/** An anonymous request the API server allowed (someone bound a role to system:anonymous). */
export const anonymousAllowed = (e: Record<string, any>) => {
  e.responseStatus = { metadata: {}, code: 200 };
  e.annotations = { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "oops" of ClusterRole "view" to User "system:anonymous"' };
};
/** The pod sample as a CronJob of it. */
export const asCronJob = (e: Record<string, any>) => {
  const spec = e.requestObject.spec as unknown;
  at('cronjobs', { namespace: 'payments', name: 'cleanup', apiGroup: 'batch' })(e);
  e.requestObject = {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    metadata: { name: 'cleanup', namespace: 'payments' },
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { ...(spec as object), restartPolicy: 'OnFailure' } } } } },
  };
};
export const binding = (roleRef: { kind: string; name: string }, subjects: Record<string, string>[]) => (e: Record<string, any>) => {
  e.requestObject.roleRef = { apiGroup: 'rbac.authorization.k8s.io', ...roleRef };
  e.requestObject.subjects = subjects;
};
export const asRoleBinding = (namespace: string) => (e: Record<string, any>) => {
  at('rolebindings', { namespace, name: 'grant', apiGroup: 'rbac.authorization.k8s.io' })(e);
  e.requestObject.kind = 'RoleBinding';
  e.requestObject.metadata = { name: 'grant', namespace };
};
export const rules = (...list: Record<string, string[]>[]) => (e: Record<string, any>) => (e.requestObject.rules = list);
export const execCommand = (...command: string[]) => (e: Record<string, any>) => {
  const query = command.map((part) => `command=${encodeURIComponent(part)}`).join('&');
  e.requestURI = `/api/v1/namespaces/payments/pods/api-7d9c5b6f4-x2kqp/exec?${query}&container=api&stderr=true&stdout=true`;
};
export const serviceCreated = (namespace: string, name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}) => (e: Record<string, any>) => {
  e.verb = 'create';
  at('services', { namespace, name })(e);
  e.level = 'Request';
  e.requestObject = { kind: 'Service', apiVersion: 'v1', metadata: { name, namespace, labels }, spec };
  delete e.responseObject;
  e.responseStatus = { metadata: {}, code: 201 };
};
export const webhooks = ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations', 'validatingadmissionpolicies'];

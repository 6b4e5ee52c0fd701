/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are changed freely, in any shape */
/**
 * Cases of the threshold rules: sequences of events a few seconds apart. A positive sequence
 * reaches the threshold on its last event; each negative differs in one respect (too few, too
 * slow, spread over identities, or by an excluded identity).
 */
import type { AuditEvent, CloudTrailRecord, DetectInput } from '../../events/index.js';
import { ANONYMOUS_EVENT, EXEC_EVENT, GET_SECRET_EVENT } from '../../events/test-support/samples.js';
import { CREATE_ACCESS_ENTRY } from '../../events/test-support/cloudtrail-samples.js';
import { audit, cloudtrail, type RuleCases } from './cases.js';

const START = Date.parse('2025-05-12T11:00:00Z');
const at = (ms: number) => new Date(START + ms).toISOString();

/** `count` copies of an audit event `stepMs` apart, each changed by `change(event, i)`. */
function auditSeries(base: AuditEvent, count: number, stepMs: number, change: (event: AuditEvent & Record<string, any>, i: number) => void = () => undefined): DetectInput[] {
  return Array.from({ length: count }, (_, i) =>
    audit(base, (e) => {
      e.auditID = `${base.auditID.slice(0, -4)}${String(i).padStart(4, '0')}`;
      e.requestReceivedTimestamp = at(i * stepMs);
      e.stageTimestamp = at(i * stepMs + 2);
      change(e, i);
    }),
  );
}

function cloudTrailSeries(base: CloudTrailRecord, count: number, stepMs: number, change: (record: CloudTrailRecord & Record<string, any>, i: number) => void = () => undefined): DetectInput[] {
  return Array.from({ length: count }, (_, i) =>
    cloudtrail(base, (r) => {
      r.eventID = `${String(base.eventID).slice(0, -4)}${String(i).padStart(4, '0')}`;
      r.eventTime = at(i * stepMs).replace(/\.\d+Z$/, 'Z');
      change(r, i);
    }),
  );
}

const readSecret = (e: Record<string, any>, i: number) => {
  e.objectRef.name = `secret-${i}`;
  e.requestURI = `/api/v1/namespaces/payments/secrets/secret-${i}`;
};
const ALICE = { username: 'arn:aws:sts::111122223333:assumed-role/Dev/alice', groups: ['system:authenticated'] };
const NAMESPACES = ['kube-system', 'payments', 'ci', 'argocd', 'monitoring', 'default', 'karpenter'];
const forbidden = (e: Record<string, any>, i: number) => {
  e.user = ALICE;
  e.sourceIPs = ['203.0.113.45'];
  e.verb = i % 2 ? 'get' : 'list';
  const resource = i % 3 ? 'secrets' : 'configmaps';
  const namespace = NAMESPACES[i % NAMESPACES.length];
  e.objectRef = { resource, namespace, apiVersion: 'v1' };
  e.requestURI = `/api/v1/namespaces/${namespace}/${resource}?limit=${500 + i}`;
};
const execPod = (e: Record<string, any>, i: number) => {
  e.objectRef.name = `api-7d9c5b6f4-pod${i}`;
  e.requestURI = `/api/v1/namespaces/payments/pods/api-7d9c5b6f4-pod${i}/exec?command=sh&stdin=true&stdout=true&tty=true`;
};
const deletePod = (e: Record<string, any>, i: number) => {
  e.verb = 'delete';
  e.objectRef = { resource: 'pods', namespace: 'payments', name: `api-7d9c5b6f4-pod${i}`, apiVersion: 'v1' };
  e.requestURI = `/api/v1/namespaces/payments/pods/api-7d9c5b6f4-pod${i}`;
  e.responseStatus = { metadata: {}, code: 200 };
};
const denied = (r: Record<string, any>, i: number) => {
  r.userIdentity = { ...r.userIdentity, arn: 'arn:aws:sts::111122223333:assumed-role/payments-api/botocore-session-1715511000', type: 'AssumedRole' };
  r.eventName = ['ListBuckets', 'DescribeCluster', 'ListSecrets', 'GetCallerIdentity'][i % 4];
  r.errorCode = i % 2 ? 'AccessDenied' : 'AccessDeniedException';
  r.errorMessage = 'User is not authorized to perform this operation';
  r.responseElements = null;
};

export const STATEFUL_CASES: Record<string, RuleCases> = {
  'k8s-secrets-read-burst': {
    positive: [auditSeries(GET_SECRET_EVENT, 10, 3_000, readSecret)],
    negative: [
      auditSeries(GET_SECRET_EVENT, 9, 3_000, readSecret),
      // the same Secret over and over is an application, not harvesting
      auditSeries(GET_SECRET_EVENT, 30, 1_000),
      // ten Secrets, but over ten minutes
      auditSeries(GET_SECRET_EVENT, 10, 60_000, readSecret),
      auditSeries(GET_SECRET_EVENT, 10, 3_000, (e, i) => (readSecret(e, i), (e.user = { username: 'system:kube-controller-manager', groups: ['system:authenticated'] }))),
      // helm history reading a release's records
      auditSeries(GET_SECRET_EVENT, 10, 3_000, (e, i) => {
        const name = `sh.helm.release.v1.api.v${i + 1}`;
        e.user = ALICE;
        e.objectRef = { ...e.objectRef, name };
        e.requestURI = `/api/v1/namespaces/payments/secrets/${name}`;
      }),
      auditSeries(GET_SECRET_EVENT, 10, 3_000, (e, i) => (readSecret(e, i), (e.user = { username: 'system:serviceaccount:external-secrets:external-secrets', groups: ['system:serviceaccounts'] }))),
    ],
  },
  'k8s-forbidden-requests-burst': {
    positive: [auditSeries(ANONYMOUS_EVENT, 20, 10_000, forbidden)],
    negative: [
      auditSeries(ANONYMOUS_EVENT, 19, 10_000, forbidden),
      auditSeries(ANONYMOUS_EVENT, 40, 10_000), // anonymous scanning
      auditSeries(ANONYMOUS_EVENT, 20, 10_000, (e, i) => (forbidden(e, i), (e.user = { username: `arn:aws:sts::111122223333:assumed-role/Dev/user${i}`, groups: [] }))),
      auditSeries(ANONYMOUS_EVENT, 20, 10_000, (e, i) => (forbidden(e, i), (e.responseStatus = { metadata: {}, code: 200 }))),
      // a controller retrying the one list its RBAC lacks
      auditSeries(ANONYMOUS_EVENT, 40, 5_000, (e) => (forbidden(e, 1), (e.user = { username: 'system:serviceaccount:monitoring:kube-state-metrics', groups: ['system:serviceaccounts'] }))),
      auditSeries(ANONYMOUS_EVENT, 20, 10_000, (e, i) => (forbidden(e, i), (e.user = { username: 'system:kube-scheduler', groups: [] }))),
    ],
  },
  'k8s-exec-into-many-pods': {
    positive: [auditSeries(EXEC_EVENT, 5, 30_000, execPod)],
    negative: [
      auditSeries(EXEC_EVENT, 4, 30_000, execPod),
      auditSeries(EXEC_EVENT, 12, 30_000),
      auditSeries(EXEC_EVENT, 5, 200_000, execPod),
      // CloudNativePG's operator running commands in its instances
      auditSeries(EXEC_EVENT, 5, 30_000, (e, i) => (execPod(e, i), (e.user = { username: 'system:serviceaccount:cnpg-system:cnpg-manager', groups: ['system:serviceaccounts'] }))),
    ],
  },
  'k8s-mass-deletion': {
    positive: [auditSeries(EXEC_EVENT, 20, 2_000, deletePod)],
    negative: [
      auditSeries(EXEC_EVENT, 19, 2_000, deletePod),
      auditSeries(EXEC_EVENT, 20, 2_000, (e, i) => (deletePod(e, i), (e.user = { username: 'system:serviceaccount:kube-system:replicaset-controller', groups: ['system:serviceaccounts'] }))),
      auditSeries(EXEC_EVENT, 20, 2_000, (e, i) => (deletePod(e, i), (e.responseStatus = { metadata: {}, code: 404, reason: 'NotFound' }))),
    ],
  },
  'ct-access-denied-burst': {
    positive: [cloudTrailSeries(CREATE_ACCESS_ENTRY, 20, 5_000, denied)],
    negative: [
      cloudTrailSeries(CREATE_ACCESS_ENTRY, 19, 5_000, denied),
      cloudTrailSeries(CREATE_ACCESS_ENTRY, 20, 60_000, denied),
      cloudTrailSeries(CREATE_ACCESS_ENTRY, 20, 5_000, (r, i) => (denied(r, i), (r.errorCode = 'ThrottlingException'))),
      // AWS services calling on the account's behalf have no ARN: twenty of them are no one principal
      cloudTrailSeries(CREATE_ACCESS_ENTRY, 20, 5_000, (r, i) => (denied(r, i), (r.userIdentity = { type: 'AWSService', invokedBy: ['eks.amazonaws.com', 'autoscaling.amazonaws.com'][i % 2] }))),
    ],
  },
};

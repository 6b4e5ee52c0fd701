/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are changed freely, in any shape */
/**
 * The threat-intel lists the built-in rule tests load, and the positive and negative events of
 * the "API called from a listed IP" rules: each positive comes from a listed address, each
 * negative differs from one in the address or in what the rule is about.
 */
import { CREATE_POD_IDENTITY_ASSOCIATION, STOP_LOGGING } from '../../events/test-support/cloudtrail-samples.js';
import { CREATE_CLUSTER_ROLE_BINDING_EVENT, CREATE_POD_EVENT, DELETE_NETWORK_POLICY_EVENT, EXEC_EVENT, GET_SECRET_EVENT, NODE_PROXY_RUN_EVENT, TOKEN_REQUEST_EVENT } from '../../events/test-support/samples.js';
import { ASSOCIATE_ACCESS_POLICY } from '../../events/test-support/cloudtrail-samples.js';
import { IntelIndex, parseIntelList } from '../../intel/index.js';
import { audit, cloudtrail, type RuleCases } from './cases.js';

const list = (name: string, text: string) => ({ name, ranges: parseIntelList(text, `${name}.txt`).ranges });

/** malicious: 198.51.100.0/24 and 2001:db8:bad::/48; tor: 185.220.101.7; cluster-egress (known good): 192.0.2.32/28. */
export const BUILTIN_TEST_INTEL = IntelIndex.build([
  list('malicious', '198.51.100.0/24\n2001:db8:bad::/48\n'),
  list('tor', '185.220.101.7\n'),
  list('cluster-egress', '192.0.2.32/28\n'),
]);

const TOR = '185.220.101.7';
const MALICIOUS = '198.51.100.23';
const fromIps = (...ips: string[]) => (e: { sourceIPs?: string[] }) => (e.sourceIPs = ips);
const fromIp = (ip: string) => (r: { sourceIPAddress?: string }) => (r.sourceIPAddress = ip);
const listSecrets = (e: Record<string, any>) => {
  e.verb = 'list';
  e.requestURI = '/api/v1/namespaces/payments/secrets';
  e.objectRef = { resource: 'secrets', namespace: 'payments', apiVersion: 'v1' };
};
/** kubectl ≥ 1.30 streams exec and attach over a websocket: the upgrade is logged as a get. */
const websocketExec = (e: Record<string, any>) => {
  e.verb = 'get';
  e.responseStatus = { metadata: {}, code: 101 };
};
const listPods = (e: Record<string, any>) => {
  e.verb = 'list';
  e.requestURI = '/api/v1/namespaces/payments/pods?limit=500';
  e.objectRef = { resource: 'pods', namespace: 'payments', apiVersion: 'v1' };
  e.responseStatus = { metadata: {}, code: 200 };
};

export const INTEL_CASES: Record<string, RuleCases> = {
  'k8s-listed-ip-discovery': {
    positive: [
      audit(EXEC_EVENT, (e) => (listPods(e), fromIps(TOR)(e))),
      // behind a proxy: the listed client is the first of sourceIPs
      audit(EXEC_EVENT, (e) => (listPods(e), fromIps('2001:db8:bad:7::1', '10.0.4.18')(e))),
    ],
    negative: [
      audit(EXEC_EVENT, listPods),
      audit(EXEC_EVENT, (e) => (listPods(e), fromIps(TOR)(e), (e.responseStatus = { metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403 }))),
      audit(EXEC_EVENT, (e) => (listPods(e), fromIps('192.0.2.40')(e))), // cluster-egress is not a threat list
      audit(GET_SECRET_EVENT, fromIps(TOR)), // secrets: the credential-access rule
      audit(EXEC_EVENT, (e) => (websocketExec(e), fromIps(TOR)(e))), // exec: k8s-listed-ip-exec's
    ],
  },
  'k8s-listed-ip-exec': {
    positive: [
      audit(EXEC_EVENT, fromIps(TOR)), // SPDY: create
      audit(EXEC_EVENT, (e) => (websocketExec(e), (e.objectRef!.subresource = 'attach'), fromIps(MALICIOUS)(e))),
      audit(EXEC_EVENT, (e) => {
        e.objectRef!.subresource = 'portforward';
        e.requestURI = '/api/v1/namespaces/payments/pods/api-7d9c5b6f4-x2kqp/portforward';
        fromIps(TOR)(e);
      }),
      audit(NODE_PROXY_RUN_EVENT, fromIps(TOR)),
    ],
    negative: [
      audit(EXEC_EVENT),
      audit(EXEC_EVENT, (e) => (fromIps(TOR)(e), (e.responseStatus = { metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403 }))),
      audit(EXEC_EVENT, (e) => (fromIps('192.0.2.40')(e))), // cluster-egress
      audit(EXEC_EVENT, (e) => ((e.verb = 'get'), (e.objectRef!.subresource = 'log'), (e.requestURI = '/api/v1/namespaces/payments/pods/api-7d9c5b6f4-x2kqp/log'), fromIps(TOR)(e))), // a read: discovery
    ],
  },
  'k8s-listed-ip-credential-access': {
    positive: [audit(GET_SECRET_EVENT, fromIps(MALICIOUS)), audit(GET_SECRET_EVENT, (e) => (listSecrets(e), fromIps(TOR)(e))), audit(TOKEN_REQUEST_EVENT, fromIps(TOR))],
    negative: [
      audit(GET_SECRET_EVENT),
      audit(GET_SECRET_EVENT, (e) => (fromIps(MALICIOUS)(e), (e.responseStatus = { metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403 }))),
      audit(TOKEN_REQUEST_EVENT, (e) => (fromIps(TOR)(e), (e.objectRef!.subresource = undefined), (e.requestURI = '/api/v1/namespaces/ci/serviceaccounts'))),
    ],
  },
  'k8s-listed-ip-workload-change': {
    positive: [audit(CREATE_POD_EVENT, fromIps(TOR)), audit(CREATE_POD_EVENT, (e) => (fromIps(MALICIOUS)(e), (e.verb = 'patch')))],
    negative: [audit(CREATE_POD_EVENT), audit(CREATE_POD_EVENT, (e) => (fromIps(TOR)(e), (e.responseStatus = { metadata: {}, status: 'Failure', reason: 'AlreadyExists', code: 409 }))), audit(EXEC_EVENT, fromIps(TOR))],
  },
  'k8s-listed-ip-rbac-change': {
    positive: [audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, fromIps(MALICIOUS))],
    negative: [audit(CREATE_CLUSTER_ROLE_BINDING_EVENT), audit(CREATE_CLUSTER_ROLE_BINDING_EVENT, (e) => (fromIps(MALICIOUS)(e), (e.verb = 'get')))],
  },
  'k8s-listed-ip-delete': {
    positive: [audit(DELETE_NETWORK_POLICY_EVENT, fromIps(TOR))],
    negative: [audit(DELETE_NETWORK_POLICY_EVENT), audit(DELETE_NETWORK_POLICY_EVENT, (e) => (fromIps(TOR)(e), (e.responseStatus = { metadata: {}, status: 'Failure', reason: 'NotFound', code: 404 })))],
  },
  'ct-listed-ip-api-call': {
    positive: [cloudtrail(STOP_LOGGING, fromIp(TOR)), cloudtrail(CREATE_POD_IDENTITY_ASSOCIATION, (r) => (fromIp(MALICIOUS)(r), (r.eventName = 'ListPodIdentityAssociations'), (r.readOnly = true)))],
    negative: [
      cloudtrail(STOP_LOGGING),
      cloudtrail(STOP_LOGGING, (r) => (fromIp(TOR)(r), (r.errorCode = 'AccessDenied'))),
      cloudtrail(STOP_LOGGING, fromIp('cloudtrail.amazonaws.com')),
      cloudtrail(ASSOCIATE_ACCESS_POLICY, fromIp(MALICIOUS)), // the access-change rule
    ],
  },
  'ct-listed-ip-access-change': {
    positive: [cloudtrail(ASSOCIATE_ACCESS_POLICY, fromIp(MALICIOUS)), cloudtrail(CREATE_POD_IDENTITY_ASSOCIATION, fromIp('::ffff:185.220.101.7'))],
    negative: [cloudtrail(ASSOCIATE_ACCESS_POLICY), cloudtrail(ASSOCIATE_ACCESS_POLICY, (r) => (fromIp(MALICIOUS)(r), (r.errorCode = 'AccessDeniedException'))), cloudtrail(ASSOCIATE_ACCESS_POLICY, fromIp('192.0.2.33'))],
  },
};

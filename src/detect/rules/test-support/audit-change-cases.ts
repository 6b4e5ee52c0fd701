/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are changed freely, in any shape */
/** Cases of the audit rules about changes to the cluster: exposed dashboards, external IPs, admission webhooks, network policies, events, CoreDNS, deletions. */
import { CREATE_CLUSTER_ROLE_EVENT, DELETE_NETWORK_POLICY_EVENT, PATCH_DASHBOARD_SERVICE_EVENT, UPDATE_AWS_AUTH_EVENT } from '../../events/test-support/samples.js';
import { audit, EKS_USER, SYSTEM_SA, POD_SA, refused, metadataOnly, at, serviceCreated, webhooks, type RuleCases } from './cases.js';

export const AUDIT_CHANGE_CASES: Record<string, RuleCases> = {
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
};

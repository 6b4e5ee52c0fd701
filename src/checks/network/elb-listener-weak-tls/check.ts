import type { AwsSnapshotData, K8sObject, Target } from '../../../model/index.js';
import { awsCallError, refOf, type InventoryView } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { CALLS, missingReason } from '../../../analysis/nodes/aws-resources.js';
import { minimumTlsVersion, RECOMMENDED_SSL_POLICY } from '../elb-tls-policies.js';
import { albIngress, isLoadBalancerService } from '../../../analysis/network/load-balancers.js';

type Elbv2 = NonNullable<AwsSnapshotData['elbv2']>;
type LoadBalancer = NonNullable<Elbv2['loadBalancers']>[number];
type Listener = NonNullable<Elbv2['listeners']>[number];

type ListenerTarget = Target &
  ({ listener: Listener; loadBalancer: LoadBalancer; owners: string[]; unknown?: undefined } | { unknown: string; listener?: undefined });

/** Services and Ingresses that provision AWS load balancers (the objects this check is about). */
function loadBalancerObjects(inventory: InventoryView): K8sObject[] {
  return [
    ...inventory.ofKind('Service').filter(isLoadBalancerService),
    ...inventory.ofKind('Ingress').filter((ingress) => albIngress(ingress, inventory) !== undefined),
  ];
}

function hostnames(object: K8sObject): string[] {
  const status = object.status as { loadBalancer?: { ingress?: Array<{ hostname?: unknown }> } } | undefined;
  return (status?.loadBalancer?.ingress ?? []).flatMap((entry) => (typeof entry.hostname === 'string' ? [entry.hostname.toLowerCase()] : []));
}

function ownerLabel(object: K8sObject): string {
  return `${object.kind ?? ''} ${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

const LB_TYPES: Record<string, string> = { application: 'ALB', network: 'NLB', gateway: 'GWLB' };

/** Whether a listener's default action sends plain HTTP on to HTTPS and nowhere else. */
function redirectsToHttps(listener: Listener): boolean {
  const actions = listener.DefaultActions ?? [];
  return actions.length > 0 && actions.every((action) => action.Type === 'redirect' && action.RedirectConfig?.Protocol === 'HTTPS');
}

export const check = defineCheck<ListenerTarget, 'weakPolicy' | 'plainHttp'>({
  id: 'elb-listener-weak-tls',
  title: 'Load balancer listener uses a weak TLS policy or plain HTTP to the internet',
  severity: 'medium',
  area: 'network',
  needs: ['aws'],
  description:
    "The listeners AWS actually runs for the cluster's Services and Ingresses (ELBv2 DescribeListeners, for the load balancers DescribeLoadBalancers returns for them), whatever the manifests say: an HTTPS or TLS listener whose security policy (`SslPolicy`) accepts TLS 1.0 or 1.1 (ELBSecurityPolicy-2016-08, the API default, does), and an HTTP listener on an internet-facing load balancer whose default action does not redirect to HTTPS. TCP and UDP listeners pass, since their payload may be TLS the pods terminate; Classic Load Balancers are not covered. Load balancers are tied to their Service or Ingress by the hostname in `status.loadBalancer.ingress`; a Service or Ingress whose load balancer is missing from the collected data is reported not evaluated. CIS EKS 5.4.5 (supporting).",
  remediation: `Set the listener security policy to ${RECOMMENDED_SSL_POLICY} (alb.ingress.kubernetes.io/ssl-policy, service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy, or the controller's --default-ssl-policy), and redirect HTTP to HTTPS (alb.ingress.kubernetes.io/ssl-redirect: "443") or drop the HTTP listener.`,
  messages: {
    weakPolicy: 'Listener {{port}}/{{protocol}} of {{lb}}{{owners}} accepts TLS {{version}} and later: security policy {{policy}}',
    plainHttp: 'Listener {{port}}/HTTP of internet-facing {{lb}}{{owners}} serves plain HTTP to the internet instead of redirecting to HTTPS',
  },
  links: [
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html',
    'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#ssl-redirect',
  ],
  requires: (inventory) => {
    if (inventory.aws?.elbv2?.loadBalancers) return undefined;
    if (loadBalancerObjects(inventory).length === 0) return undefined;
    return missingReason(inventory, [CALLS.describeLoadBalancers]);
  },
  targets: (inventory) => {
    const elbv2 = inventory.aws?.elbv2;
    if (!elbv2?.loadBalancers) return [];
    const byHost = new Map<string, K8sObject[]>();
    const objects = loadBalancerObjects(inventory);
    for (const object of objects) for (const host of hostnames(object)) byHost.set(host, [...(byHost.get(host) ?? []), object]);
    const known = new Set(elbv2.loadBalancers.map((lb) => (lb.DNSName ?? '').toLowerCase()));
    const targets: ListenerTarget[] = [];
    for (const loadBalancer of elbv2.loadBalancers) {
      const arn = loadBalancer.LoadBalancerArn ?? '';
      const owners = (byHost.get((loadBalancer.DNSName ?? '').toLowerCase()) ?? []).map(ownerLabel);
      const listeners = (elbv2.listeners ?? []).filter((listener) => listener.LoadBalancerArn === arn);
      if (!elbv2.listeners || (listeners.length === 0 && awsCallError(inventory, { ...CALLS.describeListeners, target: arn }))) {
        targets.push({ resource: { kind: 'LoadBalancer', name: arn }, unknown: `The listeners of ${loadBalancer.LoadBalancerName ?? arn} are unknown: ${missingReason(inventory, [CALLS.describeListeners], arn)}` });
        continue;
      }
      for (const listener of listeners) targets.push({ resource: { kind: 'Listener', name: listener.ListenerArn ?? `${arn}:${listener.Port ?? '?'}` }, listener, loadBalancer, owners });
    }
    for (const object of objects) {
      const hosts = hostnames(object);
      if (hosts.length === 0 || hosts.some((host) => known.has(host))) continue;
      targets.push({
        resource: refOf(object),
        object,
        unknown: `The load balancer of ${ownerLabel(object)} (${hosts.join(', ')}) is not among the collected load balancers: ${
          awsCallError(inventory, CALLS.describeLoadBalancers) ? missingReason(inventory, [CALLS.describeLoadBalancers]) : 'it was not collected'
        }`,
      });
    }
    return targets;
  },
  evaluate(target, context) {
    if (target.unknown !== undefined) {
      context.notEvaluated(target.unknown);
      return;
    }
    const { listener, loadBalancer } = target;
    const data = {
      port: listener.Port ?? '?',
      protocol: listener.Protocol ?? '?',
      lb: `${LB_TYPES[loadBalancer.Type ?? ''] ?? 'load balancer'} ${loadBalancer.LoadBalancerName ?? loadBalancer.LoadBalancerArn ?? ''}`.trim(),
      owners: target.owners.length > 0 ? ` (${target.owners.join(', ')})` : '',
    };
    if (listener.Protocol === 'HTTPS' || listener.Protocol === 'TLS') {
      const policy = listener.SslPolicy;
      const version = policy ? minimumTlsVersion(policy) : undefined;
      if (!policy || !version) {
        context.notEvaluated(`Listener ${data.port}/${data.protocol} of ${data.lb}: security policy ${policy ? `"${policy}" is not a predefined ELB policy eksguard knows` : 'is not reported'}`, { path: ['SslPolicy'] });
        return;
      }
      if (version !== '1.0' && version !== '1.1') return;
      context.fail('weakPolicy', { ...data, version, policy }, {
        path: ['SslPolicy'],
        fix: {
          kind: 'suggestion',
          description: `aws elbv2 modify-listener --listener-arn ${listener.ListenerArn ?? '…'} --ssl-policy ${RECOMMENDED_SSL_POLICY}, and set the same policy in the Service/Ingress annotations so the controller does not revert it`,
          operations: [{ op: 'replace', path: '/SslPolicy', value: RECOMMENDED_SSL_POLICY }],
        },
      });
      return;
    }
    if (listener.Protocol === 'HTTP' && loadBalancer.Scheme === 'internet-facing' && !redirectsToHttps(listener)) {
      context.fail('plainHttp', data, { path: ['Protocol'] });
    }
  },
});

import { refOf } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import type { ObjectTarget } from '../../targets.js';
import {
  albIngress,
  CONTROLLER_LABELS,
  isLoadBalancerService,
  openToWorld,
  serviceLoadBalancer,
  type Setting,
} from '../../../analysis/network/load-balancers.js';

function sources(ranges: Setting<string[]>): string {
  const open = openToWorld(ranges.value);
  if (open) return `anywhere (${open} in ${ranges.source})`;
  return 'anywhere (no source ranges)';
}

export const check = defineCheck<ObjectTarget, 'service' | 'ingress'>({
  id: 'svc-lb-internet-facing',
  title: 'Internet-facing load balancer without source ranges',
  severity: 'medium',
  area: 'network',
  description:
    'A load balancer with the internet-facing scheme and no source restriction exposes the backends to the whole internet. For LoadBalancer Services the provisioning controller decides the default: the AWS Load Balancer Controller (`loadBalancerClass: service.k8s.aws/nlb`, `aws-load-balancer-type: external|nlb-ip`, or its Service webhook present) and EKS Auto Mode default to internal; the in-tree provider defaults to internet-facing unless `service.beta.kubernetes.io/aws-load-balancer-internal` is set. Source ranges come from `spec.loadBalancerSourceRanges` or `service.beta.kubernetes.io/load-balancer-source-ranges`. ALB Ingresses read `alb.ingress.kubernetes.io/scheme` and `inbound-cidrs` (default 0.0.0.0/0), including IngressClassParams and other Ingresses of the same IngressGroup. When user-managed security groups replace the controller rules, the exposure is not evaluated.',
  remediation:
    'Make the load balancer internal unless it must serve the internet; otherwise restrict `spec.loadBalancerSourceRanges` (Service) or `alb.ingress.kubernetes.io/inbound-cidrs` (Ingress) to the client ranges, and put a WAF in front of public ALBs.',
  messages: {
    service:
      'LoadBalancer Service is internet-facing ({{scheme}}) and accepts connections from {{sources}}',
    ingress: 'Ingress provisions an internet-facing ALB ({{scheme}}) that accepts connections from {{sources}}',
  },
  links: [
    'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/',
    'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/',
  ],
  targets: (inventory) =>
    [
      ...inventory.ofKind('Service').filter(isLoadBalancerService),
      ...inventory.ofKind('Ingress').filter((ingress) => albIngress(ingress, inventory) !== undefined),
    ].map((object) => ({ resource: refOf(object), object })),
  evaluate({ object }, context) {
    if (object.kind === 'Service') {
      const lb = serviceLoadBalancer(object, context.inventory);
      if (!lb) return;
      if (lb.controller === 'other') {
        context.notEvaluated(
          `load balancer class "${lb.loadBalancerClass ?? ''}" belongs to ${CONTROLLER_LABELS.other}, whose scheme defaults eksguard does not know`,
        );
        return;
      }
      if (!lb.internetFacing.value) return;
      if (lb.securityGroups) {
        context.notEvaluated(
          `internet-facing, but inbound rules come from the security groups in ${lb.securityGroups.source}, which were not evaluated`,
        );
        return;
      }
      if (lb.sourceRanges.value.length > 0 && !openToWorld(lb.sourceRanges.value)) return;
      const path = lb.sourceRanges.path;
      context.fail(
        'service',
        { scheme: lb.internetFacing.source, sources: sources(lb.sourceRanges) },
        {
          path,
          ...(lb.sourceRanges.value.length === 0 && {
            fix: {
              kind: 'suggestion' as const,
              description: 'Restrict the clients that may connect (replace the example range)',
              operations: [{ op: 'add' as const, path: toJsonPointer(path), value: ['203.0.113.0/24'] }],
            },
          }),
        },
      );
      return;
    }
    const alb = albIngress(object, context.inventory);
    if (!alb?.internetFacing.value) return;
    if (alb.securityGroups) {
      context.notEvaluated(
        `internet-facing, but inbound rules come from the security groups in ${alb.securityGroups.source}, which were not evaluated`,
      );
      return;
    }
    if (!openToWorld(alb.inboundCidrs.value)) return;
    // The restriction is what is missing: point at the CIDRs, or where they would go.
    const evidence = alb.inboundCidrs;
    context.fail(
      'ingress',
      { scheme: alb.internetFacing.source, sources: sources(alb.inboundCidrs) },
      { path: evidence.path, ...(evidence.object && { object: evidence.object }) },
    );
  },
});

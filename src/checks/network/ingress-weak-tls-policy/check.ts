import { refOf } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import type { ObjectTarget } from '../../targets.js';
import { AWS_DEFAULT_SSL_POLICY, minimumTlsVersion, RECOMMENDED_SSL_POLICY } from '../elb-tls-policies.js';
import {
  ALB,
  albIngress,
  lbcDefaultSslPolicy,
  serviceLoadBalancer,
  SVC,
  type LbController,
  type Setting,
} from '../../../analysis/network/load-balancers.js';

/** The policy a listener gets when the object names none, or why it is unknown. */
function defaultPolicy(
  controller: LbController,
  inventory: Parameters<typeof lbcDefaultSslPolicy>[0],
  slot: readonly (string | number)[],
): Setting<string> | string {
  if (controller === 'eks-auto-mode') return 'EKS Auto Mode does not document a default security policy';
  if (controller === 'aws-load-balancer-controller') {
    const flag = lbcDefaultSslPolicy(inventory);
    if (flag) return flag;
    return { value: AWS_DEFAULT_SSL_POLICY, path: slot, source: 'default of the AWS Load Balancer Controller' };
  }
  return { value: AWS_DEFAULT_SSL_POLICY, path: slot, source: 'ELB default when no policy is set' };
}

export const check = defineCheck<ObjectTarget, 'weak'>({
  id: 'ingress-weak-tls-policy',
  title: 'Load balancer TLS policy accepts TLS below 1.2',
  severity: 'medium',
  area: 'network',
  description:
    'TLS 1.0 and 1.1 are deprecated (RFC 8996) and rejected by PCI DSS. Each TLS listener of an AWS load balancer negotiates per its security policy: `alb.ingress.kubernetes.io/ssl-policy` (or IngressClassParams `sslPolicy`, or another Ingress of the IngressGroup) for ALBs, `service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy` for NLB/CLB Services with a certificate. When none is set the AWS Load Balancer Controller applies its `--default-ssl-policy` (read from its Deployment when scanned), which defaults to ELBSecurityPolicy-2016-08, the same policy ELB itself applies to listeners created without one: it accepts TLS 1.0. Policy names encode their minimum version (`…-TLS13-1-2-…`, `…-TLS-1-1-…`, `…-FS-1-2-…`); the dated legacy policies accept TLS 1.0. Only listeners that terminate TLS are evaluated; unknown or custom policies and EKS Auto Mode defaults are reported not evaluated.',
  remediation: `Set the security policy to ${RECOMMENDED_SSL_POLICY} (TLS 1.2 and 1.3), or configure the controller's --default-ssl-policy.`,
  messages: {
    weak: '{{what}} accepts TLS {{version}}: security policy {{policy}} ({{source}})',
  },
  links: [
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html',
    'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/configurations/',
  ],
  targets: (inventory) =>
    [
      ...inventory.ofKind('Service').filter((service) => {
        const lb = serviceLoadBalancer(service, inventory);
        return lb !== undefined && lb.controller !== 'other' && lb.certificate !== undefined;
      }),
      ...inventory.ofKind('Ingress').filter((ingress) => albIngress(ingress, inventory)?.tls !== undefined),
    ].map((object) => ({ resource: refOf(object), object })),
  evaluate({ object }, context) {
    let policy: Setting<string> | string;
    let what: string;
    let annotationKey: string;
    if (object.kind === 'Ingress') {
      const alb = albIngress(object, context.inventory);
      if (!alb) return;
      annotationKey = `${ALB}ssl-policy`;
      what = `The ${alb.internetFacing.value ? 'internet-facing' : 'internal'} ALB of this Ingress`;
      policy = alb.sslPolicy ?? defaultPolicy(alb.controller, context.inventory, ['metadata', 'annotations', annotationKey]);
    } else {
      const lb = serviceLoadBalancer(object, context.inventory);
      if (!lb) return;
      annotationKey = `${SVC}aws-load-balancer-ssl-negotiation-policy`;
      what = 'The TLS listeners of this LoadBalancer Service';
      const explicit = object.metadata?.annotations?.[annotationKey];
      policy =
        explicit !== undefined
          ? { value: explicit, path: ['metadata', 'annotations', annotationKey], source: `annotation ${annotationKey}` }
          : defaultPolicy(lb.controller, context.inventory, ['metadata', 'annotations', annotationKey]);
    }
    if (typeof policy === 'string') {
      context.notEvaluated(`No security policy is set and ${policy}`);
      return;
    }
    const version = minimumTlsVersion(policy.value);
    if (version === undefined) {
      context.notEvaluated(`Security policy "${policy.value}" (${policy.source}) is not a predefined ELB policy eksguard knows`);
      return;
    }
    if (version !== '1.0' && version !== '1.1') return;
    const onThisObject = policy.object === undefined;
    const slot = ['metadata', 'annotations', annotationKey];
    context.fail(
      'weak',
      { what, version: `${version} and later`, policy: policy.value, source: policy.source },
      {
        path: policy.path,
        ...(policy.object && { object: policy.object }),
        ...(onThisObject && {
          fix: {
            kind: 'suggestion' as const,
            description: `Use ${RECOMMENDED_SSL_POLICY} (check that no client still needs TLS 1.0/1.1)`,
            operations: [
              {
                op: object.metadata?.annotations?.[annotationKey] !== undefined ? ('replace' as const) : ('add' as const),
                path: toJsonPointer(slot),
                value: RECOMMENDED_SSL_POLICY,
              },
            ],
          },
        }),
      },
    );
  },
});

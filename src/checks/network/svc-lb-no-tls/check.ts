import type { JsonPatchOperation, K8sObject } from '../../../model/index.js';
import { getIn, refOf } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import type { ObjectTarget } from '../../targets.js';
import { ALB, albIngress, serviceLoadBalancer, splitList, SVC } from '../../../analysis/network/load-balancers.js';

interface ServicePort {
  name?: string;
  port?: number;
  targetPort?: number | string;
}

/** A backend port that speaks TLS itself, so the load balancer passes TLS through. */
const TLS_BACKEND_PORTS = new Set<number | string>([443, 8443, 'https', 'tls']);

function tlsPorts(annotations: Record<string, string>): string[] | undefined {
  const value = annotations[`${SVC}aws-load-balancer-ssl-ports`];
  return value === undefined ? undefined : splitList(value);
}

/**
 * Annotations that put a certificate on this port: the certificate when there is none, and the
 * port added to `ssl-ports` when that list leaves it out.
 */
function serviceTlsOperations(service: K8sObject, hasCertificate: boolean, sslPorts: string[] | undefined, port: string): JsonPatchOperation[] {
  const wanted: Record<string, string> = {};
  if (!hasCertificate) wanted[`${SVC}aws-load-balancer-ssl-cert`] = 'arn:aws:acm:<region>:<account>:certificate/<id>';
  if (sslPorts !== undefined) wanted[`${SVC}aws-load-balancer-ssl-ports`] = [...sslPorts, port].join(',');
  return annotationOperations(service, wanted);
}

/** RFC 6902 `add` needs the parent: a missing `annotations` is added whole. */
function annotationOperations(object: K8sObject, wanted: Record<string, string>): JsonPatchOperation[] {
  if (object.metadata?.annotations === undefined) return [{ op: 'add', path: '/metadata/annotations', value: wanted }];
  return Object.entries(wanted).map(([key, value]) => ({ op: 'add', path: toJsonPointer(['metadata', 'annotations', key]), value }));
}

export const check = defineCheck<ObjectTarget, 'servicePort' | 'ingress'>({
  id: 'svc-lb-no-tls',
  title: 'HTTPS load balancer without a TLS certificate',
  severity: 'medium',
  area: 'network',
  description:
    'A load balancer that listens on 443 without terminating TLS, or an ALB without any certificate, carries traffic in clear text unless the backend speaks TLS itself. For LoadBalancer Services, a port 443 (or named `https`) needs `service.beta.kubernetes.io/aws-load-balancer-ssl-cert` covering it (`aws-load-balancer-ssl-ports`); a port forwarded to a TLS backend port (443, 8443, `https`, `tls`) is TLS passthrough and passes. ALB Ingresses need `alb.ingress.kubernetes.io/certificate-arn`, a certificate in IngressClassParams, `spec.tls` or HTTPS `listen-ports` (certificate discovery).',
  remediation:
    'Reference an ACM certificate: `service.beta.kubernetes.io/aws-load-balancer-ssl-cert` (and `aws-load-balancer-ssl-ports`) on the Service, or `alb.ingress.kubernetes.io/certificate-arn` with HTTPS `listen-ports` and `ssl-redirect` on the Ingress.',
  messages: {
    servicePort:
      'LoadBalancer port {{port}} carries HTTPS traffic without a TLS certificate on the load balancer and forwards to plain port {{targetPort}}',
    ingress: 'The {{scheme}} ALB of this Ingress has no TLS certificate: it serves plain HTTP',
  },
  links: [
    'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/#ssl-cert',
    'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#certificate-arn',
  ],
  targets: (inventory) =>
    [
      ...inventory.ofKind('Service').filter((service) => {
        const controller = serviceLoadBalancer(service, inventory)?.controller;
        return controller !== undefined && controller !== 'other';
      }),
      ...inventory.ofKind('Ingress').filter((ingress) => albIngress(ingress, inventory) !== undefined),
    ].map((object) => ({ resource: refOf(object), object })),
  evaluate({ object }, context) {
    if (object.kind === 'Ingress') {
      const alb = albIngress(object, context.inventory);
      if (!alb || alb.tls) return;
      const path = ['metadata', 'annotations', `${ALB}certificate-arn`];
      context.fail(
        'ingress',
        { scheme: alb.internetFacing.value ? 'internet-facing' : 'internal' },
        {
          path,
          fix: {
            kind: 'suggestion',
            description: 'Reference an ACM certificate and listen on HTTPS',
            operations: annotationOperations(object, {
              [`${ALB}certificate-arn`]: 'arn:aws:acm:<region>:<account>:certificate/<id>',
              [`${ALB}listen-ports`]: '[{"HTTPS": 443}]',
            }),
          },
        },
      );
      return;
    }
    const lb = serviceLoadBalancer(object, context.inventory);
    if (!lb) return;
    const annotations = object.metadata?.annotations ?? {};
    const sslPorts = tlsPorts(annotations);
    const ports = (getIn(object, ['spec', 'ports']) as ServicePort[] | undefined) ?? [];
    ports.forEach((port, index) => {
      if (port.port !== 443 && port.name !== 'https') return;
      const covered =
        lb.certificate !== undefined &&
        (sslPorts === undefined ||
          sslPorts.includes('*') ||
          sslPorts.includes(String(port.port)) ||
          (port.name !== undefined && sslPorts.includes(port.name)));
      if (covered) return;
      const target = port.targetPort ?? port.port;
      if (target !== undefined && TLS_BACKEND_PORTS.has(target)) return;
      const path = ['spec', 'ports', index];
      context.fail(
        'servicePort',
        { port: port.port ?? port.name ?? index, targetPort: target ?? 'unset' },
        {
          path,
          fix: {
            kind: 'suggestion',
            description: 'Terminate TLS on the load balancer with an ACM certificate',
            operations: serviceTlsOperations(object, lb.certificate !== undefined, sslPorts, String(port.port ?? port.name ?? index)),
          },
        },
      );
    });
  },
});

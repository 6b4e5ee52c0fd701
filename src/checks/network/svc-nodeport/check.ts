import { getIn } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { objectTargets, type ObjectTarget } from '../../targets.js';

interface ServicePort {
  name?: string;
  port?: number;
  nodePort?: number;
}

export const check = defineCheck<ObjectTarget, 'nodePort'>({
  id: 'svc-nodeport',
  title: 'NodePort Service',
  severity: 'low',
  area: 'network',
  admission: true,
  description:
    'A NodePort Service opens its ports (30000-32767 by default) on every node, bypassing load balancer controls: whoever reaches a node address reaches the pods, and node security groups become the only filter. LoadBalancer Services, which also allocate node ports for instance targets, are covered by the load balancer checks instead.',
  remediation:
    'Use a ClusterIP Service behind an Ingress or a LoadBalancer (IP targets need no node port), or restrict node security groups to the clients that need the port.',
  messages: {
    nodePort: 'Service exposes {{ports}} on every node',
  },
  links: ['https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport'],
  targets: (inventory) => objectTargets(inventory, 'Service'),
  evaluate({ object }, context) {
    if (getIn(object, ['spec', 'type']) !== 'NodePort') return;
    const ports = (getIn(object, ['spec', 'ports']) as ServicePort[] | undefined) ?? [];
    const described = ports
      .map((port) => `${port.port ?? '?'}${port.nodePort !== undefined ? ` as node port ${port.nodePort}` : ' on an allocated node port'}`)
      .join(', ');
    const path = ['spec', 'type'];
    context.fail(
      'nodePort',
      { ports: described || 'its ports' },
      {
        path,
        fix: {
          kind: 'suggestion',
          description: 'Make the Service ClusterIP and expose it through an Ingress or load balancer',
          operations: [{ op: 'replace', path: toJsonPointer(path), value: 'ClusterIP' }],
        },
      },
    );
  },
});

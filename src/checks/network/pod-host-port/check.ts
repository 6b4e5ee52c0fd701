import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';

export const check = defineCheck<Workload, 'hostPort'>({
  id: 'pod-host-port',
  title: 'Container uses hostPort',
  severity: 'medium',
  area: 'network',
  admission: true,
  description:
    'A hostPort opens the port on the node\'s own address: the container is reachable by anything that can reach the node, around Services and (on most CNIs) around NetworkPolicies, and it pins one pod per node per port. With hostNetwork the API server fills hostPort from containerPort; those pods are left to wl-host-network.',
  remediation: 'Remove `hostPort` and expose the container through a Service (ClusterIP, or a LoadBalancer/Ingress for outside traffic).',
  messages: {
    hostPort: 'Container "{{container}}" binds host port {{hostPort}}/{{protocol}} (container port {{containerPort}})',
  },
  links: ['https://kubernetes.io/docs/concepts/configuration/overview/#services'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    const hostNetwork = workload.podSpec.hostNetwork === true;
    for (const { container, name, path } of workload.containers) {
      (container.ports ?? []).forEach((port, index) => {
        const hostPort = port.hostPort;
        if (hostPort === undefined || hostPort === 0) return;
        if (hostNetwork && hostPort === port.containerPort) return;
        const evidence = [...path, 'ports', index, 'hostPort'];
        context.fail(
          'hostPort',
          { container: name, hostPort, protocol: port.protocol ?? 'TCP', containerPort: port.containerPort ?? 'unset' },
          {
            container: name,
            path: evidence,
            // A suggestion: clients that reach the pod through the node address lose their way in.
            fix: { kind: 'suggestion', description: 'Remove hostPort', operations: [{ op: 'remove', path: toJsonPointer(evidence) }] },
          },
        );
      });
    }
  },
});

import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';

export const check = defineCheck<Workload, 'hostNetwork'>({
  id: 'wl-host-network',
  title: 'Pod uses the host network namespace',
  severity: 'high',
  area: 'workload',
  admission: true,
  description:
    "With hostNetwork the pod uses the node's network stack: it can bind any node port, sniff node traffic, reach services listening on localhost (kubelet, node agents) and the instance metadata service regardless of the hop limit, and NetworkPolicies no longer apply to it.",
  remediation:
    'Remove `hostNetwork: true` from the pod spec. Expose the workload through a Service instead; only node-level agents (CNI, kube-proxy) need the host network.',
  messages: {
    hostNetwork: "Pod uses the node's network namespace (hostNetwork: true){{ports}}",
  },
  links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    if (workload.podSpec.hostNetwork !== true) return;
    const path = [...workload.podSpecPath, 'hostNetwork'];
    const ports = workload.containers.flatMap((ref) => (ref.container.ports ?? []).map((port) => port.containerPort));
    const listed = ports.filter((port): port is number => typeof port === 'number');
    context.fail('hostNetwork', { ports: listed.length > 0 ? `; it listens on node ports ${listed.join(', ')}` : '' }, {
      path,
      // Not a blind patch: with the host network gone, clients that reach the pod on a node port break.
      fix: {
        kind: 'suggestion',
        description: 'Stop using the host network and expose the pod through a Service',
        operations: [{ op: 'remove', path: toJsonPointer(path) }],
      },
    });
  },
});

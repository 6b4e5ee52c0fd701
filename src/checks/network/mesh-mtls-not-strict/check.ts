import type { Workload } from '../../../inventory/index.js';
import type { Target } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { clusterTarget, isSystemNamespace } from '../../targets.js';
import { excludedNamespaces } from '../network-scope.js';
import { isHostNetwork } from '../../../analysis/network/policy-coverage.js';
import { meshPresence, mtlsVerdict } from '../service-mesh.js';

type MeshTarget = (Target & { role: 'cluster' }) | (Workload & { role: 'workload' });

export const check = defineCheck<MeshTarget, 'noMesh' | 'notStrict' | 'notMeshed'>({
  id: 'mesh-mtls-not-strict',
  title: 'Pod-to-pod traffic not under strict mutual TLS',
  severity: 'medium',
  area: 'network',
  description:
    'Without strict mutual TLS, pod-to-pod traffic can be read or spoofed by anything on the network path and the callee cannot authenticate the caller. Istio: a pod enrolled by sidecar injection (`istio-injection`, `istio.io/rev`, `sidecar.istio.io/inject`) or ambient mode passes only when the PeerAuthentication that applies says STRICT, with workload-level policies (`selector`) over namespace-wide ones over the mesh-wide one in the root namespace (option `rootNamespace`), Istio\'s default being PERMISSIVE; a port-level mode other than STRICT fails. Linkerd: `linkerd.io/inject: enabled` on the pod template or namespace passes (meshed traffic is mutually authenticated; plain text from unmeshed clients is still accepted unless an authenticated default inbound policy is set). App Mesh: every listener of the VirtualNode selecting the pods needs `tls.mode: STRICT`. When the inventory shows no mesh at all, one cluster-level finding (info) says so instead of one per pod. System namespaces, `excludeNamespaces` and host-network pods are skipped.',
  remediation:
    'Enrol the workloads in the mesh and enforce mutual TLS: an Istio PeerAuthentication with `mtls.mode: STRICT` in the root namespace (mesh-wide) or the namespace, Linkerd injection with an authenticated default inbound policy, or App Mesh listener `tls.mode: STRICT`.',
  messages: {
    noMesh: 'No service mesh (Istio, Linkerd, App Mesh) was found: pod-to-pod traffic is not mutually authenticated or encrypted',
    notStrict: 'Traffic to these pods is not under strict mutual TLS ({{mesh}}): {{reason}}',
    notMeshed: 'These pods are not part of the service mesh: their traffic is not mutually authenticated',
  },
  links: [
    'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
    'https://linkerd.io/2-edge/features/automatic-mtls/',
    'https://docs.aws.amazon.com/app-mesh/latest/userguide/mutual-tls.html',
  ],
  options: { rootNamespace: 'istio-system', excludeNamespaces: ['istio-system', 'linkerd', 'linkerd-viz', 'appmesh-system'] },
  targets: (inventory, options) => {
    const presence = meshPresence(inventory);
    if (!presence.istio && !presence.linkerd && !presence.appMesh) {
      return [{ ...clusterTarget(inventory), role: 'cluster' as const }];
    }
    const excluded = excludedNamespaces(options);
    return inventory
      .workloads()
      .filter((workload) => !isHostNetwork(workload) && !isSystemNamespace(workload.namespace, excluded))
      .map((workload) => ({ ...workload, role: 'workload' as const }));
  },
  evaluate(target, context) {
    if (target.role === 'cluster') {
      context.fail('noMesh', {}, { severity: 'info' });
      return;
    }
    const root = typeof context.options.rootNamespace === 'string' ? context.options.rootNamespace : 'istio-system';
    const verdict = mtlsVerdict(context.inventory, target, root);
    if (verdict.strict) return;
    if (verdict.mesh === undefined) {
      const hasLabels = target.podMetadata.labels !== undefined;
      context.fail('notMeshed', {}, { path: hasLabels ? [...target.podMetadataPath, 'labels'] : target.podMetadataPath });
      return;
    }
    context.fail(
      'notStrict',
      { mesh: verdict.mesh, reason: verdict.reason },
      { ...(verdict.object && { object: verdict.object }), ...(verdict.path && { path: verdict.path }) },
    );
  },
});

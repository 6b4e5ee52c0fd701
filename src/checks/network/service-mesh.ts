/**
 * Service mesh membership and mutual TLS of a pod template: Istio (sidecar or ambient, with
 * PeerAuthentication precedence workload > namespace > mesh root namespace, PERMISSIVE by
 * default), Linkerd (`linkerd.io/inject`), AWS App Mesh (VirtualNode listeners' TLS mode).
 */
import type { EvidencePath, K8sObject } from '../../model/index.js';
import { getIn, selectorMatches, type InventoryView, type LabelSelector, type Workload, isRecord } from '../../inventory/index.js';

export interface MeshPresence {
  istio: boolean;
  linkerd: boolean;
  appMesh: boolean;
}

export type MtlsVerdict =
  | { strict: true; mesh: string }
  | { strict: false; mesh: string | undefined; reason: string; object?: K8sObject; path?: EvidencePath };


function groupOf(object: K8sObject): string {
  const apiVersion = object.apiVersion ?? '';
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

/** Oldest first, as Istio resolves conflicting policies of one level. */
function byAge(a: K8sObject, b: K8sObject): number {
  const at = a.metadata?.creationTimestamp ?? '';
  const bt = b.metadata?.creationTimestamp ?? '';
  return at.localeCompare(bt) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}

function peerAuthentications(inventory: InventoryView): readonly K8sObject[] {
  return inventory.cached('network:peer-authentications', () =>
    inventory
      .ofKind('PeerAuthentication')
      .filter((object) => groupOf(object) === 'security.istio.io')
      .sort(byAge),
  );
}

function virtualNodes(inventory: InventoryView): readonly K8sObject[] {
  return inventory.cached('network:virtual-nodes', () =>
    inventory.ofKind('VirtualNode').filter((object) => groupOf(object) === 'appmesh.k8s.aws'),
  );
}

function namespaceMeta(inventory: InventoryView, namespace: string): { labels: Record<string, string>; annotations: Record<string, string> } {
  const object = inventory.get('Namespace', undefined, namespace);
  return { labels: object?.metadata?.labels ?? {}, annotations: object?.metadata?.annotations ?? {} };
}

function hasContainer(workload: Workload, name: string): boolean {
  return workload.containers.some((ref) => ref.name === name);
}

// ---------------------------------------------------------------- presence

function istioMarked(labels: Record<string, string>): boolean {
  return (
    labels['istio-injection'] === 'enabled' ||
    labels['istio.io/rev'] !== undefined ||
    labels['istio.io/dataplane-mode'] === 'ambient' ||
    labels['sidecar.istio.io/inject'] === 'true'
  );
}

function linkerdMarked(annotations: Record<string, string>): boolean {
  const value = annotations['linkerd.io/inject'];
  return value === 'enabled' || value === 'ingress';
}

export function meshPresence(inventory: InventoryView): MeshPresence {
  return inventory.cached('network:mesh-presence', () => {
    const namespaces = inventory.ofKind('Namespace');
    const workloads = inventory.workloads();
    return {
      istio:
        peerAuthentications(inventory).length > 0 ||
        namespaces.some((ns) => istioMarked(ns.metadata?.labels ?? {})) ||
        workloads.some((w) => istioMarked(w.podMetadata.labels ?? {}) || hasContainer(w, 'istio-proxy')),
      linkerd:
        namespaces.some((ns) => linkerdMarked(ns.metadata?.annotations ?? {})) ||
        workloads.some((w) => linkerdMarked(w.podMetadata.annotations ?? {}) || hasContainer(w, 'linkerd-proxy')),
      appMesh: virtualNodes(inventory).length > 0,
    };
  });
}

// ---------------------------------------------------------------- Istio

function istioEnrolled(inventory: InventoryView, workload: Workload): boolean {
  if (hasContainer(workload, 'istio-proxy')) return true;
  const labels = workload.podMetadata.labels ?? {};
  const annotations = workload.podMetadata.annotations ?? {};
  const podInject = labels['sidecar.istio.io/inject'] ?? annotations['sidecar.istio.io/inject'];
  if (podInject === 'false') return false;
  if (podInject === 'true' || labels['istio.io/rev'] !== undefined) return true;
  if (labels['istio.io/dataplane-mode'] === 'none') return false;
  if (labels['istio.io/dataplane-mode'] === 'ambient') return true;
  const ns = namespaceMeta(inventory, workload.namespace).labels;
  if (ns['istio-injection'] === 'disabled') return false;
  return ns['istio-injection'] === 'enabled' || ns['istio.io/rev'] !== undefined || ns['istio.io/dataplane-mode'] === 'ambient';
}

function declaredMode(policy: K8sObject): string | undefined {
  const mode = getIn(policy, ['spec', 'mtls', 'mode']);
  return typeof mode === 'string' && mode !== 'UNSET' ? mode : undefined;
}

function hasSelector(policy: K8sObject): boolean {
  const selector = getIn(policy, ['spec', 'selector']);
  return isRecord(selector) && Object.keys(selector).length > 0;
}

function istioVerdict(inventory: InventoryView, workload: Workload, rootNamespace: string): MtlsVerdict {
  const labels = workload.podMetadata.labels ?? {};
  const policies = peerAuthentications(inventory);
  const workloadLevel = policies.filter(
    (policy) =>
      (policy.metadata?.namespace ?? 'default') === workload.namespace &&
      hasSelector(policy) &&
      selectorMatches(getIn(policy, ['spec', 'selector']) as LabelSelector, labels),
  )[0];
  const namespaceLevel = policies.find(
    (policy) => (policy.metadata?.namespace ?? 'default') === workload.namespace && !hasSelector(policy),
  );
  const meshLevel = policies.find((policy) => policy.metadata?.namespace === rootNamespace && !hasSelector(policy));
  const levels: Array<[string, K8sObject | undefined]> = [
    ['workload', workloadLevel],
    ['namespace', namespaceLevel],
    ['mesh-wide', meshLevel],
  ];
  const deciding = levels.find(([, policy]) => policy && declaredMode(policy));
  const mode = deciding?.[1] ? declaredMode(deciding[1]) : undefined;
  const name = (policy: K8sObject): string => `${policy.metadata?.namespace ?? 'default'}/${policy.metadata?.name ?? ''}`;

  // Port-level modes of the workload policy override its (or the inherited) mode per port.
  const portModes = getIn(workloadLevel, ['spec', 'portLevelMtls']);
  const weakPort = isRecord(portModes)
    ? Object.entries(portModes).find(([, value]) => isRecord(value) && value.mode !== 'STRICT' && value.mode !== 'UNSET')
    : undefined;

  if (!deciding || !mode) {
    return { strict: false, mesh: 'Istio', reason: 'no PeerAuthentication sets a mode, so Istio\'s default PERMISSIVE accepts plain text' };
  }
  const [level, policy] = deciding as [string, K8sObject];
  if (mode !== 'STRICT') {
    return {
      strict: false,
      mesh: 'Istio',
      reason: `${level} PeerAuthentication ${name(policy)} sets mTLS mode ${mode}`,
      object: policy,
      path: ['spec', 'mtls', 'mode'],
    };
  }
  if (weakPort && workloadLevel) {
    const [port, value] = weakPort as [string, Record<string, unknown>];
    return {
      strict: false,
      mesh: 'Istio',
      reason: `PeerAuthentication ${name(workloadLevel)} sets port ${port} to ${String(value.mode)}`,
      object: workloadLevel,
      path: ['spec', 'portLevelMtls', port, 'mode'],
    };
  }
  return { strict: true, mesh: 'Istio' };
}

// ---------------------------------------------------------------- Linkerd, App Mesh

function linkerdEnrolled(inventory: InventoryView, workload: Workload): boolean {
  if (hasContainer(workload, 'linkerd-proxy')) return true;
  const own = workload.podMetadata.annotations?.['linkerd.io/inject'];
  if (own !== undefined) return own === 'enabled' || own === 'ingress';
  return linkerdMarked(namespaceMeta(inventory, workload.namespace).annotations);
}

function appMeshVerdict(inventory: InventoryView, workload: Workload): MtlsVerdict | undefined {
  const labels = workload.podMetadata.labels ?? {};
  const node = virtualNodes(inventory).find((candidate) => {
    const selector = getIn(candidate, ['spec', 'podSelector']);
    return (
      (candidate.metadata?.namespace ?? 'default') === workload.namespace &&
      isRecord(selector) &&
      selectorMatches(selector, labels)
    );
  });
  if (!node) return undefined;
  const name = `${node.metadata?.namespace ?? 'default'}/${node.metadata?.name ?? ''}`;
  const listeners = getIn(node, ['spec', 'listeners']);
  const list = Array.isArray(listeners) ? listeners : [];
  if (list.length === 0) {
    return { strict: false, mesh: 'App Mesh', reason: `VirtualNode ${name} has no listener with TLS`, object: node, path: ['spec'] };
  }
  for (const [index, listener] of list.entries()) {
    const mode = getIn(listener, ['tls', 'mode']);
    if (mode !== 'STRICT') {
      const hasTls = isRecord(getIn(listener, ['tls']));
      return {
        strict: false,
        mesh: 'App Mesh',
        reason: `VirtualNode ${name} listener ${index} has TLS mode ${typeof mode === 'string' ? mode : 'unset'}`,
        object: node,
        path: hasTls ? ['spec', 'listeners', index, 'tls', 'mode'] : ['spec', 'listeners', index],
      };
    }
  }
  return { strict: true, mesh: 'App Mesh' };
}

export function mtlsVerdict(inventory: InventoryView, workload: Workload, rootNamespace: string): MtlsVerdict {
  const appMesh = appMeshVerdict(inventory, workload);
  if (appMesh) return appMesh;
  if (istioEnrolled(inventory, workload)) return istioVerdict(inventory, workload, rootNamespace);
  if (linkerdEnrolled(inventory, workload)) return { strict: true, mesh: 'Linkerd' };
  return { strict: false, mesh: undefined, reason: 'the pods are not part of any service mesh' };
}

/**
 * Workloads and what they carry: the service account whose token their pods mount (`runs-as`),
 * the images they run (`uses-image`) and the Secrets they receive (`mounts-secret`). A workload
 * that does not mount its account's token gets no `runs-as` edge: a compromised container has
 * no credential to act as the account in the Kubernetes API. The IAM role its pods receive
 * (IRSA, Pod Identity) does not depend on that token: aws/workload-credentials.ts links it.
 */
import type { K8sObject, StepEvidence } from '../../model/index.js';
import { formatPath } from '../../inventory/evidence-path.js';
import { isRecord, type InventoryView, type Workload } from '../../inventory/index.js';
import { serviceAccountOf } from '../../analysis/rbac/effective-permissions.js';
import { mountsServiceAccountToken } from '../../analysis/rbac/service-account-token.js';
import { imageNode, namespaceNode, secretNode, serviceAccountNode, workloadNode } from '../nodes.js';
import type { GraphNode, SecurityGraph } from '../security-graph.js';
import { ENV_FORMS, secretUses } from './workload-secrets.js';

export function addWorkloadEdges(graph: SecurityGraph, inventory: InventoryView): void {
  for (const name of inventory.namespaceNames()) addNamespace(graph, inventory, name);
  for (const workload of inventory.workloads()) {
    const secrets = secretUses(workload);
    const node = graph.addNode(workloadNode(workload, secrets.length > 0 ? { holdsSecrets: true } : {}));
    addNamespace(graph, inventory, workload.namespace);
    addRunsAs(graph, inventory, workload, node);
    addImages(graph, workload, node);
    for (const use of secrets) {
      const secret = graph.addNode(secretNode(workload.namespace, use.secret, inventory.get('Secret', workload.namespace, use.secret)));
      graph.addEdge({
        from: node.id,
        to: secret.id,
        kind: 'mounts-secret',
        evidence: [{ resource: workloadRef(workload), path: formatPath(use.path), detail: use.detail }],
        enabledBy: ENV_FORMS.has(use.form) ? [workload.resource] : [],
      });
    }
  }
}

function addNamespace(graph: SecurityGraph, inventory: InventoryView, name: string): void {
  graph.addNode(namespaceNode(name, inventory.get('Namespace', undefined, name)));
}

export function workloadRef(workload: Workload): StepEvidence['resource'] {
  return { kind: workload.resource.kind, namespace: workload.namespace, name: workload.resource.name };
}

function addRunsAs(graph: SecurityGraph, inventory: InventoryView, workload: Workload, node: GraphNode): void {
  const account = serviceAccountOf(workload);
  const accountObject = inventory.get('ServiceAccount', workload.namespace, account.name);
  if (!mountsServiceAccountToken(workload, accountObject)) return;
  const target = graph.addNode(serviceAccountNode(workload.namespace, account.name, accountObject));
  graph.addEdge({
    from: node.id,
    to: target.id,
    kind: 'runs-as',
    evidence: [serviceAccountEvidence(workload), tokenEvidence(workload, account.name, accountObject)],
    // wl-sa-token-automount and default-sa-used both report on the workload.
    enabledBy: [workload.resource],
  });
}

/** The pod spec field naming the service account a workload's pods run as (or its absence). */
export function serviceAccountEvidence(workload: Workload): StepEvidence {
  const spec = workload.podSpec;
  const account = serviceAccountOf(workload);
  const field = spec.serviceAccountName ? 'serviceAccountName' : spec.serviceAccount ? 'serviceAccount' : undefined;
  return {
    resource: workloadRef(workload),
    path: formatPath([...workload.podSpecPath, field ?? 'serviceAccountName']),
    detail: field
      ? `pods run as ServiceAccount ${workload.namespace}/${account.name}`
      : `no serviceAccountName: pods run as the default ServiceAccount of namespace ${workload.namespace}`,
  };
}

/** Why the token is mounted, in the order mountsServiceAccountToken decides. */
function tokenEvidence(workload: Workload, accountName: string, accountObject: K8sObject | undefined): StepEvidence {
  const projected = projectedTokenPath(workload);
  if (projected) {
    return {
      resource: workloadRef(workload),
      path: formatPath(projected),
      detail: 'a projected serviceAccountToken volume mounts the token whatever automountServiceAccountToken says',
    };
  }
  const podField = formatPath([...workload.podSpecPath, 'automountServiceAccountToken']);
  if (workload.podSpec.automountServiceAccountToken === true) {
    return { resource: workloadRef(workload), path: podField, detail: 'the pod spec sets automountServiceAccountToken: true' };
  }
  if (accountObject?.automountServiceAccountToken === true) {
    return {
      resource: { kind: 'ServiceAccount', namespace: workload.namespace, name: accountName },
      path: 'automountServiceAccountToken',
      detail: `ServiceAccount ${accountName} sets automountServiceAccountToken: true`,
    };
  }
  const account = accountObject ? `ServiceAccount ${accountName}` : `ServiceAccount ${accountName} (not in the input)`;
  return {
    resource: workloadRef(workload),
    path: podField,
    detail: `neither the pod spec nor ${account} sets automountServiceAccountToken: false, so the token is mounted`,
  };
}

function projectedTokenPath(workload: Workload): Array<string | number> | undefined {
  const volumes: unknown = workload.podSpec.volumes;
  if (!Array.isArray(volumes)) return undefined;
  for (const [index, volume] of volumes.entries()) {
    const sources: unknown = isRecord(volume) && isRecord(volume.projected) ? volume.projected.sources : undefined;
    if (!Array.isArray(sources)) continue;
    const at = sources.findIndex((source) => isRecord(source) && 'serviceAccountToken' in source);
    if (at >= 0) return [...workload.podSpecPath, 'volumes', index, 'projected', 'sources', at, 'serviceAccountToken'];
  }
  return undefined;
}

function addImages(graph: SecurityGraph, workload: Workload, node: GraphNode): void {
  for (const { container, name, path } of workload.containers) {
    const image = container.image;
    if (typeof image !== 'string' || image.trim() === '') continue;
    const target = graph.addNode(imageNode(image));
    graph.addEdge({
      from: node.id,
      to: target.id,
      kind: 'uses-image',
      evidence: [{ resource: workloadRef(workload), path: formatPath([...path, 'image']), detail: `container "${name}" runs ${image}` }],
      enabledBy: [],
    });
  }
}

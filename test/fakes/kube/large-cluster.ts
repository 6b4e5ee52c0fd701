/**
 * A large synthetic cluster for the collection benchmark: the fixture cluster's namespaces,
 * RBAC and CRDs, plus `count` more objects spread over namespaces the way big clusters look
 * (mostly Pods, ReplicaSets and ConfigMaps; Secrets with values the collector must not keep).
 */
import type { K8sObject } from '../../../src/model/index.js';
import { loadFixtureCluster } from './fixture-cluster.js';

export function largeCluster(count: number): K8sObject[] {
  const objects = loadFixtureCluster().objects;
  const namespaces = Math.max(1, Math.round(count / 400));
  for (let n = 0; n < namespaces; n++) {
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${n}`, labels: { 'kubernetes.io/metadata.name': `team-${n}` } } });
  }
  const kinds = ['Pod', 'Pod', 'Pod', 'Pod', 'ReplicaSet', 'ConfigMap', 'ConfigMap', 'Secret', 'ServiceAccount', 'Service'];
  for (let i = 0; objects.length < count; i++) {
    const namespace = `team-${i % namespaces}`;
    const kind = kinds[i % kinds.length]!;
    const name = `${kind.toLowerCase()}-${i}`;
    const labels = { app: `app-${i % 97}`, 'app.kubernetes.io/part-of': `team-${i % namespaces}` };
    const metadata = { name, namespace, labels, uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, resourceVersion: String(5000 + i), creationTimestamp: '2026-01-01T00:00:00Z' };
    const podSpec = {
      serviceAccountName: `sa-${i % 50}`,
      containers: [{ name: 'app', image: `111122223333.dkr.ecr.eu-west-1.amazonaws.com/app-${i % 97}:1.${i % 13}.0`, ports: [{ containerPort: 8080 }], resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } }, securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true } }],
    };
    if (kind === 'Pod') objects.push({ apiVersion: 'v1', kind, metadata, spec: { ...podSpec, nodeName: `node-${i % 40}` }, status: { phase: 'Running' } });
    else if (kind === 'ReplicaSet') objects.push({ apiVersion: 'apps/v1', kind, metadata, spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } } });
    else if (kind === 'ConfigMap') objects.push({ apiVersion: 'v1', kind, metadata, data: { 'app.properties': `feature.flags=a,b,c\nlog.level=info\nendpoint=http://svc-${i % 97}:8080\n` } });
    else if (kind === 'Secret') objects.push({ apiVersion: 'v1', kind, metadata, type: 'Opaque', data: { password: Buffer.from(`FIXTURE-SECRET-${i}`).toString('base64') } });
    else if (kind === 'ServiceAccount') objects.push({ apiVersion: 'v1', kind, metadata });
    else objects.push({ apiVersion: 'v1', kind, metadata, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } });
  }
  return objects;
}

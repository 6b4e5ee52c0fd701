/**
 * The fixture cluster "prod" as its API server would store it: the objects declared under
 * test/fixtures/account/kubernetes/, plus what controllers add in a real cluster (ReplicaSets
 * and Pods of workloads, the `default` ServiceAccount and `kube-root-ca.crt` ConfigMap of every
 * namespace) and what the API server sets (uid, resourceVersion, creationTimestamp,
 * managedFields, defaulted fields). Everything is derived deterministically from the files.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import type { K8sObject, OwnerReference } from '../../../src/model/index.js';

export const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/account/kubernetes/', import.meta.url));
/** When the fixture cluster was created; objects without a timestamp get one after it. */
const CLUSTER_CREATED = Date.parse('2025-03-04T09:12:00Z');
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
/** YAML 1.2 core types: timestamps stay strings, as the API serves them. */
const SCHEMA = CORE_SCHEMA;

export interface FixtureCluster {
  objects: K8sObject[];
  /** Node name → kubelet configuration (/configz `kubeletconfig`). */
  configz: Record<string, Record<string, unknown>>;
}

export function loadFixtureCluster(dir = FIXTURE_DIR): FixtureCluster {
  const declared: K8sObject[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort()) {
    for (const doc of loadAll(readFileSync(join(dir, file), 'utf8'), undefined, { schema: SCHEMA })) {
      if (doc && typeof doc === 'object') declared.push(doc as K8sObject);
    }
  }
  const configz = loadAll(readFileSync(join(dir, 'kubelet', 'configz.yaml'), 'utf8'), undefined, { schema: SCHEMA })[0] as Record<string, Record<string, unknown>>;
  const nodes = declared.filter((object) => object.kind === 'Node').map((node) => node.metadata!.name!);
  const objects = [...declared, ...namespaceDefaults(declared), ...controlled(declared, nodes)];
  objects.forEach((object, index) => serverFields(object, index));
  return { objects, configz };
}

function hash(text: string, length: number): string {
  const digest = createHash('sha256').update(text).digest();
  let out = '';
  for (let i = 0; out.length < length; i++) out += ALPHABET[digest[i % digest.length]! % ALPHABET.length];
  return out;
}

function namespaceDefaults(declared: readonly K8sObject[]): K8sObject[] {
  const out: K8sObject[] = [];
  const has = (kind: string, namespace: string, name: string): boolean =>
    declared.some((object) => object.kind === kind && object.metadata?.namespace === namespace && object.metadata?.name === name);
  for (const ns of declared.filter((object) => object.kind === 'Namespace')) {
    const namespace = ns.metadata!.name!;
    if (!has('ServiceAccount', namespace, 'default')) {
      out.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace, creationTimestamp: ns.metadata?.creationTimestamp } });
    }
    out.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-root-ca.crt', namespace, annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' }, creationTimestamp: ns.metadata?.creationTimestamp },
      data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIXq7Xf4nVvZ8wDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE\nAxMKa3ViZXJuZXRlczAeFw0yNTAzMDQwOTA3MjFaFw0zNTAzMDIwOTEyMjFaMBUx\n-----END CERTIFICATE-----\n' },
    });
  }
  return out;
}

interface Template {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

/** ReplicaSets and Pods the controllers of a real cluster would have made. */
function controlled(declared: readonly K8sObject[], nodes: readonly string[]): K8sObject[] {
  const out: K8sObject[] = [];
  let podIndex = 0;
  const pod = (owner: K8sObject, name: string, template: Template, node: string, extraLabels: Record<string, string> = {}): K8sObject => {
    podIndex++;
    const spec = structuredClone(template.spec);
    spec.nodeName = node;
    if (spec.serviceAccountName === undefined) spec.serviceAccountName = (spec.serviceAccount) ?? 'default';
    for (const key of ['containers', 'initContainers'] as const) {
      for (const container of (spec[key] as Array<Record<string, unknown>> | undefined) ?? []) {
        container.imagePullPolicy ??= /:latest$|^[^:@]+$/.test(String(container.image)) ? 'Always' : 'IfNotPresent';
        container.terminationMessagePath ??= '/dev/termination-log';
      }
    }
    spec.restartPolicy ??= owner.kind === 'Job' || owner.kind === 'CronJob' ? 'OnFailure' : 'Always';
    spec.dnsPolicy ??= 'ClusterFirst';
    spec.schedulerName ??= 'default-scheduler';
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: owner.metadata!.namespace,
        labels: { ...template.metadata?.labels, ...extraLabels },
        ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
        ownerReferences: [controllerRef(owner)],
        creationTimestamp: owner.metadata?.creationTimestamp,
      },
      spec,
      status: { phase: owner.kind === 'Job' ? 'Succeeded' : 'Running', hostIP: `10.0.${1 + (podIndex % 3)}.${10 + nodes.indexOf(node)}`, podIP: `10.0.${8 + (podIndex % 4)}.${20 + podIndex}`, qosClass: 'Burstable' },
    };
  };
  const onNode = (index: number): string => nodes[index % nodes.length]!;

  for (const owner of declared) {
    const spec = owner.spec as { replicas?: number; template?: Template; nodeSelector?: Record<string, string> } | undefined;
    const name = owner.metadata?.name ?? '';
    const template = spec?.template;
    if (!template) continue;
    if (owner.kind === 'Deployment') {
      const podTemplateHash = hash(JSON.stringify(template), 10);
      const rsName = `${name}-${podTemplateHash}`;
      const replicas = spec.replicas ?? 1;
      const rs: K8sObject = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: rsName,
          namespace: owner.metadata!.namespace,
          labels: { ...template.metadata?.labels, 'pod-template-hash': podTemplateHash },
          annotations: { 'deployment.kubernetes.io/desired-replicas': String(replicas), 'deployment.kubernetes.io/max-replicas': String(replicas + 1), 'deployment.kubernetes.io/revision': '1' },
          ownerReferences: [controllerRef(owner)],
          creationTimestamp: owner.metadata?.creationTimestamp,
        },
        spec: {
          replicas,
          selector: { matchLabels: { ...(owner.spec as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels, 'pod-template-hash': podTemplateHash } },
          template: { ...template, metadata: { ...template.metadata, labels: { ...template.metadata?.labels, 'pod-template-hash': podTemplateHash } } },
        },
        status: { replicas, readyReplicas: replicas, availableReplicas: replicas, fullyLabeledReplicas: replicas, observedGeneration: 1 },
      };
      out.push(rs);
      for (let i = 0; i < replicas; i++) {
        out.push(pod(rs, `${rsName}-${hash(`${rsName}/${i}`, 5)}`, template, onNode(i + name.length), { 'pod-template-hash': podTemplateHash }));
      }
    } else if (owner.kind === 'DaemonSet') {
      const selector = (template.spec.nodeSelector as Record<string, string> | undefined) ?? {};
      const eligible = declared.filter(
        (node) => node.kind === 'Node' && Object.entries(selector).every(([key, value]) => node.metadata?.labels?.[key] === value),
      );
      for (const node of eligible) {
        const nodeName = node.metadata!.name!;
        out.push(pod(owner, `${name}-${hash(`${name}/${nodeName}`, 5)}`, template, nodeName, { 'controller-revision-hash': hash(JSON.stringify(template), 10) }));
      }
    } else if (owner.kind === 'StatefulSet') {
      for (let i = 0; i < (spec.replicas ?? 1); i++) {
        out.push(pod(owner, `${name}-${i}`, template, onNode(i + 1), { 'statefulset.kubernetes.io/pod-name': `${name}-${i}` }));
      }
    } else if (owner.kind === 'Job') {
      out.push(pod(owner, `${name}-${hash(name, 5)}`, template, onNode(name.length), { 'batch.kubernetes.io/job-name': name, 'job-name': name }));
    }
  }
  return out;
}

function controllerRef(owner: K8sObject): OwnerReference {
  const reference = { apiVersion: owner.apiVersion!, kind: owner.kind!, name: owner.metadata!.name!, uid: uidOf(owner), controller: true, blockOwnerDeletion: true };
  return reference;
}

function uidOf(object: K8sObject): string {
  const hex = createHash('sha256').update(`${object.apiVersion}/${object.kind}/${object.metadata?.namespace ?? ''}/${object.metadata?.name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** What the API server adds to every stored object. */
function serverFields(object: K8sObject, index: number): void {
  const metadata = (object.metadata ??= {});
  metadata.uid ??= uidOf(object);
  metadata.resourceVersion ??= String(1000 + index * 7);
  metadata.creationTimestamp ??= new Date(CLUSTER_CREATED + index * 61_000).toISOString().replace('.000Z', 'Z');
  if (!metadata.managedFields && object.kind !== 'Pod' && object.kind !== 'ReplicaSet') {
    metadata.managedFields = [
      {
        manager: metadata.labels?.['app.kubernetes.io/managed-by'] === 'Helm' ? 'helm' : 'kubectl-client-side-apply',
        operation: 'Update',
        apiVersion: object.apiVersion,
        time: metadata.creationTimestamp,
        fieldsType: 'FieldsV1',
        fieldsV1: fieldsOf(object),
      },
    ];
  }
}

/** The FieldsV1 set of an object's top-level fields and, for maps like `data`, their keys. */
function fieldsOf(object: K8sObject): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (key === 'apiVersion' || key === 'kind' || key === 'metadata' || key === 'status') continue;
    fields[`f:${key}`] = value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.keys(value).map((inner) => [`f:${inner}`, {}]))
      : {};
  }
  return fields;
}

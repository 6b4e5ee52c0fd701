/**
 * Renders deploy/helm/eksguard with the real helm binary and reads the result back as objects,
 * plus the security rules every pod template of the chart must keep.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { helmBinary } from '../peers/kube-binaries.js';

const run = promisify(execFile);

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CHART = join(ROOT, 'deploy', 'helm', 'eksguard');

/** The cluster identity the scanner and detector need; every render below starts from it. */
export const CLUSTER = ['--set', 'cluster.name=prod', '--set', 'cluster.region=eu-west-1'];

/** Every component on, PostgreSQL in a Secret: the largest render. */
export const ALL_COMPONENTS = [
  ...CLUSTER,
  '--set', 'database.url=postgres://eksguard:s3cret@db.internal:5432/eksguard',
  '--set', 'webhook.enabled=true',
  '--set', 'detector.enabled=true',
  '--set', 'dashboard.enabled=true',
  '--set', 'fleet.enabled=true',
  '--set', 'fleet.shards=5',
  '--set-string', 'fleet.config=accounts:\n  - id: "111122223333"\nregions: [eu-west-1]\n',
];

export interface K8s {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface Rendered {
  text: string;
  objects: K8s[];
}

export class HelmError extends Error {
  override name = 'HelmError';
}

async function helm(args: string[]): Promise<string> {
  try {
    const { stdout } = await run(helmBinary(), args, { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, HELM_CACHE_HOME: tmpdir() } });
    return stdout;
  } catch (error) {
    const failed = error as { stderr?: string; message: string };
    throw new HelmError(failed.stderr?.trim() || failed.message);
  }
}

export async function helmLint(args: string[]): Promise<string> {
  return helm(['lint', '--strict', CHART, ...args]);
}

export async function renderChart(args: string[]): Promise<Rendered> {
  const text = await helm(['template', 'eg', CHART, '--namespace', 'eksguard', ...args]);
  const objects: K8s[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`helm rendered invalid YAML: ${doc.errors[0]?.message}`);
    const value = doc.toJS() as K8s | null;
    if (value) objects.push(value);
  }
  return { text, objects };
}

/** Writes a render to a temporary file for `eksguard scan manifests`; the caller removes the folder. */
export function writeRender(rendered: Rendered): { file: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'eksguard-chart-'));
  const file = join(dir, 'rendered.yaml');
  writeFileSync(file, rendered.text);
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export function find(rendered: Rendered, kind: string, name: string): K8s {
  const found = rendered.objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} in the render: ${rendered.objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

interface Container {
  name: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  securityContext?: Record<string, unknown>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  ports?: { containerPort: number }[];
}

export interface PodSpec {
  securityContext?: Record<string, unknown>;
  automountServiceAccountToken?: boolean;
  containers: Container[];
  initContainers?: Container[];
  volumes?: Record<string, unknown>[];
}

/** The pod template of a workload kind, wherever the kind keeps it. */
export function podSpecOf(object: K8s): PodSpec | undefined {
  const spec = object.spec as Record<string, unknown> | undefined;
  if (!spec) return undefined;
  if (object.kind === 'CronJob') {
    const job = (spec.jobTemplate as { spec?: { template?: { spec?: PodSpec } } } | undefined)?.spec;
    return job?.template?.spec;
  }
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'].includes(object.kind)) {
    return (spec.template as { spec?: PodSpec } | undefined)?.spec;
  }
  if (object.kind === 'Pod') return spec as unknown as PodSpec;
  return undefined;
}

/**
 * What makes a pod template of this chart unsafe: each broken promise as a sentence naming the
 * workload and container. Empty when every pod runs as the image's non-root user with a read-only
 * root filesystem, no privilege escalation, no capabilities, the runtime's seccomp profile, and
 * resource requests and limits.
 */
export function podSecurityProblems(objects: K8s[], expectedUser: number): string[] {
  const problems: string[] = [];
  for (const object of objects) {
    const pod = podSpecOf(object);
    if (!pod) continue;
    const where = `${object.kind}/${object.metadata.name}`;
    const podContext = pod.securityContext ?? {};
    if (podContext.runAsUser !== expectedUser) problems.push(`${where}: pod runAsUser ${JSON.stringify(podContext.runAsUser)}, not ${expectedUser}`);
    if ((podContext.seccompProfile as { type?: string } | undefined)?.type !== 'RuntimeDefault') problems.push(`${where}: no RuntimeDefault seccomp profile`);
    for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
      const at = `${where} container ${container.name}`;
      const context = container.securityContext ?? {};
      if (context.runAsNonRoot !== true && podContext.runAsNonRoot !== true) problems.push(`${at}: runAsNonRoot not set`);
      if (context.runAsUser !== undefined && context.runAsUser !== expectedUser) problems.push(`${at}: runAsUser ${JSON.stringify(context.runAsUser)}`);
      if (context.readOnlyRootFilesystem !== true) problems.push(`${at}: root filesystem writable`);
      if (context.allowPrivilegeEscalation !== false) problems.push(`${at}: privilege escalation allowed`);
      if (context.privileged === true) problems.push(`${at}: privileged`);
      const capabilities = context.capabilities as { drop?: string[]; add?: string[] } | undefined;
      if (!capabilities?.drop?.includes('ALL')) problems.push(`${at}: capabilities not dropped`);
      if ((capabilities?.add ?? []).length > 0) problems.push(`${at}: adds capabilities ${capabilities?.add?.join(',')}`);
      for (const kind of ['requests', 'limits'] as const) {
        const values = container.resources?.[kind] ?? {};
        if (!values.cpu || !values.memory) problems.push(`${at}: no cpu and memory ${kind}`);
      }
    }
  }
  return problems;
}

/**
 * The Secrets a workload's containers receive: `secret` volumes, `secret` sources of projected
 * volumes, `env[].valueFrom.secretKeyRef` and `envFrom[].secretRef`. Image pull secrets are left
 * out: the kubelet uses them, the containers never see them.
 */
import type { EvidencePath } from '../../model/index.js';
import { isRecord, type Workload } from '../../inventory/index.js';

export type SecretForm = 'volume' | 'projected' | 'env' | 'envFrom';

export interface SecretUse {
  secret: string;
  form: SecretForm;
  /** Path from the object root to the field naming the Secret. */
  path: EvidencePath;
  /** The container, for environment variables. */
  container?: string;
  detail: string;
}

/** Forms sec-secret-as-env reports (it reports on the workload). */
export const ENV_FORMS: ReadonlySet<SecretForm> = new Set(['env', 'envFrom']);

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function volumeUses(workload: Workload): SecretUse[] {
  const uses: SecretUse[] = [];
  const volumes: unknown = workload.podSpec.volumes;
  if (!Array.isArray(volumes)) return uses;
  volumes.forEach((volume: unknown, index) => {
    if (!isRecord(volume)) return;
    const base = [...workload.podSpecPath, 'volumes', index];
    const volumeName = typeof volume.name === 'string' ? volume.name : `volumes[${index}]`;
    if (isRecord(volume.secret) && nonEmpty(volume.secret.secretName)) {
      uses.push({
        secret: volume.secret.secretName,
        form: 'volume',
        path: [...base, 'secret', 'secretName'],
        detail: `volume "${volumeName}" mounts Secret ${volume.secret.secretName}`,
      });
    }
    const sources: unknown = isRecord(volume.projected) ? volume.projected.sources : undefined;
    if (!Array.isArray(sources)) return;
    sources.forEach((source: unknown, sourceIndex) => {
      if (!isRecord(source) || !isRecord(source.secret) || !nonEmpty(source.secret.name)) return;
      uses.push({
        secret: source.secret.name,
        form: 'projected',
        path: [...base, 'projected', 'sources', sourceIndex, 'secret', 'name'],
        detail: `projected volume "${volumeName}" includes Secret ${source.secret.name}`,
      });
    });
  });
  return uses;
}

function envUses(workload: Workload): SecretUse[] {
  const uses: SecretUse[] = [];
  for (const { container, name, path } of workload.containers) {
    const env: unknown = container.env;
    if (Array.isArray(env)) {
      env.forEach((variable: unknown, index) => {
        const valueFrom = isRecord(variable) && isRecord(variable.valueFrom) ? variable.valueFrom : undefined;
        const reference = valueFrom && isRecord(valueFrom.secretKeyRef) ? valueFrom.secretKeyRef : undefined;
        if (!reference || !nonEmpty(reference.name)) return;
        const variableName = isRecord(variable) && typeof variable.name === 'string' ? variable.name : '?';
        uses.push({
          secret: reference.name,
          form: 'env',
          path: [...path, 'env', index, 'valueFrom', 'secretKeyRef', 'name'],
          container: name,
          detail: `container "${name}" reads Secret ${reference.name} into env var ${variableName}`,
        });
      });
    }
    const envFrom: unknown = container.envFrom;
    if (Array.isArray(envFrom)) {
      envFrom.forEach((source: unknown, index) => {
        const reference = isRecord(source) && isRecord(source.secretRef) ? source.secretRef : undefined;
        if (!reference || !nonEmpty(reference.name)) return;
        uses.push({
          secret: reference.name,
          form: 'envFrom',
          path: [...path, 'envFrom', index, 'secretRef', 'name'],
          container: name,
          detail: `container "${name}" loads every key of Secret ${reference.name} into env vars`,
        });
      });
    }
  }
  return uses;
}

export function secretUses(workload: Workload): SecretUse[] {
  return [...volumeUses(workload), ...envUses(workload)];
}

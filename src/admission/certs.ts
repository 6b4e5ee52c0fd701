import { constants } from 'node:fs';
import { access, chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** PEM texts of a webhook's private CA and of the serving certificate it signed. */
export interface WebhookCertificates {
  caCert: string;
  caKey: string;
  tlsCert: string;
  tlsKey: string;
}

export interface WebhookCertificateOptions {
  /** Name of the Service in front of the webhook (`eksguard-webhook`). */
  service: string;
  namespace: string;
  /** Validity of both certificates in days (default 365). */
  days?: number;
  /** More DNS names for the serving certificate (another Service name, a local test name). */
  extraDnsNames?: string[];
  /** The clock, for tests. */
  now?: Date;
}

export const DEFAULT_CERTIFICATE_DAYS = 365;
/** Keeps a generated certificate from ever outliving the CA bundle the user reviews each rotation. */
const MAX_CERTIFICATE_DAYS = 3650;
/** Certificates start slightly in the past so a control plane whose clock runs a little behind accepts them at once. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The file names `webhook certs` writes; `tls.crt`/`tls.key` are also the keys of a `kubernetes.io/tls` Secret. */
export const CERTIFICATE_FILES = { caCert: 'ca.crt', caKey: 'ca.key', tlsCert: 'tls.crt', tlsKey: 'tls.key' } as const;

// RFC 1035 label (Service names must start with a letter) and RFC 1123 label (namespaces).
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export class CertificateOptionError extends Error {
  override name = 'CertificateOptionError';
}

function isDnsName(name: string): boolean {
  const host = name.startsWith('*.') ? name.slice(2) : name;
  return host.length > 0 && host.length <= 253 && host.split('.').every((label) => DNS_1123_LABEL.test(label));
}

/**
 * The names the API server may use for the Service: it dials `<service>.<namespace>.svc`, and the
 * Go TLS client ignores the subject CN, so every name must be a subjectAltName.
 */
export function webhookDnsNames(service: string, namespace: string, extra: readonly string[] = []): string[] {
  const names = [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`];
  return [...new Set([...names, ...extra.map((name) => name.toLowerCase())])];
}

function validate(options: WebhookCertificateOptions): number {
  if (!DNS_1035_LABEL.test(options.service)) {
    throw new CertificateOptionError(`service "${options.service}" is not a valid Service name (lower-case letters, digits and "-", starting with a letter, at most 63 characters)`);
  }
  if (!DNS_1123_LABEL.test(options.namespace)) {
    throw new CertificateOptionError(`namespace "${options.namespace}" is not a valid namespace name (lower-case letters, digits and "-", at most 63 characters)`);
  }
  for (const name of options.extraDnsNames ?? []) {
    if (!isDnsName(name.toLowerCase())) throw new CertificateOptionError(`"${name}" is not a valid DNS name`);
  }
  const days = options.days ?? DEFAULT_CERTIFICATE_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_CERTIFICATE_DAYS) {
    throw new CertificateOptionError(`days must be a whole number from 1 to ${MAX_CERTIFICATE_DAYS}, not ${String(options.days)}`);
  }
  return days;
}

/**
 * A fresh private CA (ECDSA P-256, `CA:true`, path length 0, keyCertSign) and a serving
 * certificate it signs for the webhook's Service names (serverAuth only). Both share one validity
 * window: every run makes a new CA, so rotation replaces the CA bundle and the Secret together,
 * and the CA key is only needed by whoever might sign again — it never goes into the cluster.
 */
export async function createWebhookCertificates(options: WebhookCertificateOptions): Promise<WebhookCertificates> {
  const days = validate(options);
  const notBeforeDate = new Date((options.now ?? new Date()).getTime() - CLOCK_SKEW_MS);
  const notAfterDate = new Date(notBeforeDate.getTime() + days * DAY_MS + CLOCK_SKEW_MS);
  const common = { keyType: 'ec', curve: 'P-256', algorithm: 'sha256', notBeforeDate, notAfterDate } as const;

  const ca = await generate(
    [{ name: 'commonName', value: `eksguard webhook CA ${options.service}.${options.namespace}` }, { name: 'organizationName', value: 'eksguard' }],
    {
      ...common,
      extensions: [
        { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      ],
    },
  );
  const dnsNames = webhookDnsNames(options.service, options.namespace, options.extraDnsNames);
  const serving = await generate(
    [{ name: 'commonName', value: `${options.service}.${options.namespace}.svc` }, { name: 'organizationName', value: 'eksguard' }],
    {
      ...common,
      ca: { cert: ca.cert, key: ca.private },
      extensions: [
        { name: 'basicConstraints', cA: false, critical: true },
        // ECDSA keys sign the handshake; keyEncipherment is for RSA key transport only.
        { name: 'keyUsage', digitalSignature: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: dnsNames.map((value) => ({ type: 2 as const, value })) },
      ],
    },
  );
  return { caCert: ca.cert, caKey: ca.private, tlsCert: serving.cert, tlsKey: serving.private };
}

export class CertificateFileExistsError extends Error {
  override name = 'CertificateFileExistsError';
  constructor(readonly files: string[]) {
    super(`${files.join(', ')} already exist${files.length === 1 ? 's' : ''}: pass --force to overwrite`);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes `ca.crt`, `ca.key`, `tls.crt` and `tls.key` into `dir` (created if missing), keys with
 * mode 0600. Refuses, before writing anything, when one of them exists, unless `force`: a
 * half-replaced set (new key, old certificate) would stop the webhook at its next reload.
 * Returns the paths written.
 */
export async function writeCertificateFiles(dir: string, certs: WebhookCertificates, options: { force?: boolean } = {}): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const entries = (Object.keys(CERTIFICATE_FILES) as (keyof WebhookCertificates)[]).map((key) => ({
    path: join(dir, CERTIFICATE_FILES[key]),
    text: certs[key],
    mode: key === 'caKey' || key === 'tlsKey' ? 0o600 : 0o644,
  }));
  if (!options.force) {
    const present: string[] = [];
    for (const entry of entries) if (await exists(entry.path)) present.push(entry.path);
    if (present.length > 0) throw new CertificateFileExistsError(present);
  }
  for (const entry of entries) {
    // `wx` closes the window between the check above and the write. `mode` only applies to a new
    // file, so an overwritten key that was once world-readable is narrowed explicitly.
    await writeFile(entry.path, entry.text, { mode: entry.mode, flag: options.force ? 'w' : 'wx' });
    await chmod(entry.path, entry.mode);
  }
  return entries.map((entry) => entry.path);
}

/**
 * The snapshot file (SNAPSHOT.md): what `eksguard collect` writes and `eksguard scan snapshot`
 * reads. Written canonically — objects sorted by kind, namespace, name and apiVersion, errors
 * sorted, every mapping's keys sorted, one Kubernetes object per line — so one inventory always
 * gives the same bytes, and a scan of the file gives the same results as a scan of the
 * inventory it was made from (the `scan cluster` path goes through the same canonical form).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { AwsData, CollectionError, ImageAssessments, InputError, Inventory, InventorySource, K8sObject, Origin } from '../model/index.js';
import { jsonErrorPosition } from './json-error-position.js';
import { validateObject } from './validate-object.js';
import { isRecord } from './records.js';
import { canonicalImages, readImageAssessments } from './snapshot-images.js';

export const SNAPSHOT_KIND = 'EksguardSnapshot';
export const SNAPSHOT_SCHEMA_VERSION = 1;

/** Every object of a cluster snapshot has this origin, so it is not repeated per object. */
const API_ORIGIN: Origin = { type: 'api', api: 'k8s' };

export type SnapshotSource = Omit<InventorySource, 'collectedAt'>;

export interface Snapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  kind: typeof SNAPSHOT_KIND;
  collectedAt: string;
  tool: { name: 'eksguard'; version: string };
  source: SnapshotSource;
  aws?: AwsData;
  /** Image scan results (`--scan-images`); checked when the inventory is made from the snapshot. */
  images?: ImageAssessments;
  kubernetes: {
    objects: K8sObject[];
    /**
     * Each object's origin, index for index, when some object did not come from the Kubernetes
     * API (a snapshot of manifests keeps file and line); absent means all came from the API.
     */
    origins?: Origin[];
    kubeletConfigs?: Record<string, Record<string, unknown>>;
  };
  errors: CollectionError[];
}

/** A snapshot file that cannot be used; the message names the file (and line for JSON errors). */
export class SnapshotError extends Error {}

/**
 * The canonical snapshot of an inventory. `collectedAt` defaults to the inventory's own; the
 * inventory is not changed.
 */
export function snapshotOf(inventory: Inventory, options: { toolVersion: string; collectedAt?: string }): Snapshot {
  const collectedAt = options.collectedAt ?? inventory.source.collectedAt;
  if (!collectedAt) throw new Error('a snapshot needs the collection time (source.collectedAt)');
  const { collectedAt: _dropped, ...source } = inventory.source;
  const pairs = inventory.objects.map(({ object, origin }) => ({ object: canonical(object), origin }));
  pairs.sort((a, b) => compareObjects(a.object, b.object));
  const allFromApi = pairs.every(({ origin }) => isApiOrigin(origin));
  const kubernetes: Snapshot['kubernetes'] = { objects: pairs.map(({ object }) => object) };
  if (!allFromApi) kubernetes.origins = pairs.map(({ origin }) => canonical(origin));
  if (inventory.kubeletConfigs) kubernetes.kubeletConfigs = canonical(inventory.kubeletConfigs);
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    kind: SNAPSHOT_KIND,
    collectedAt,
    tool: { name: 'eksguard', version: options.toolVersion },
    source: canonical(source),
    kubernetes,
    errors: [...inventory.errors].map(canonical).sort(compareErrors),
  };
  if (inventory.aws) snapshot.aws = canonical(inventory.aws);
  if (inventory.images) snapshot.images = canonical(canonicalImages(inventory.images));
  return snapshot;
}

/**
 * The snapshot as text: the envelope indented, each Kubernetes object and each error on a line
 * of its own (readable, diffable, and a JSON error points at one object).
 */
export function serializeSnapshot(snapshot: Snapshot): string {
  const lines: string[] = ['{'];
  const field = (key: string, value: unknown, last = false): void => {
    lines.push(`  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '  ')}${last ? '' : ','}`);
  };
  field('schemaVersion', snapshot.schemaVersion);
  field('kind', snapshot.kind);
  field('collectedAt', snapshot.collectedAt);
  field('tool', snapshot.tool);
  field('source', snapshot.source);
  if (snapshot.aws !== undefined) field('aws', snapshot.aws);
  if (snapshot.images !== undefined) lines.push(`  "images": ${imagesText(snapshot.images)},`);
  lines.push('  "kubernetes": {');
  const { objects, origins, kubeletConfigs } = snapshot.kubernetes;
  const tail: string[] = [];
  if (origins) tail.push(`    "origins": ${listLines(origins, '    ')}`);
  if (kubeletConfigs) tail.push(`    "kubeletConfigs": ${indent(JSON.stringify(kubeletConfigs, null, 2), '    ')}`);
  lines.push(`    "objects": ${listLines(objects, '    ')}${tail.length > 0 ? ',' : ''}`);
  tail.forEach((line, index) => lines.push(`${line}${index < tail.length - 1 ? ',' : ''}`));
  lines.push('  },');
  lines.push(`  "errors": ${listLines(snapshot.errors, '  ')}`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** The images section with one image per line, like objects: a rescan's diff names the images that changed. */
function imagesText(images: ImageAssessments): string {
  const { images: list, ...header } = images;
  const fields = Object.entries(header).map(([key, value]) => `    ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  return `{\n${fields.join('\n')}\n    "images": ${listLines(list, '    ')}\n  }`;
}

function listLines(items: readonly unknown[], prefix: string): string {
  if (items.length === 0) return '[]';
  return `[\n${items.map((item) => `${prefix}  ${JSON.stringify(item)}`).join(',\n')}\n${prefix}]`;
}

function indent(text: string, prefix: string): string {
  return text.replace(/\n/g, `\n${prefix}`);
}

/** Writes the snapshot, gzip-compressed when the file name ends in `.gz`. */
export function writeSnapshot(file: string, snapshot: Snapshot): number {
  const text = serializeSnapshot(snapshot);
  // gzipSync writes no file name and a zero mtime: the same snapshot gives the same bytes.
  const bytes = file.endsWith('.gz') ? gzipSync(text, { level: 9 }) : Buffer.from(text, 'utf8');
  writeFileSync(file, bytes);
  return bytes.length;
}

export interface LoadedSnapshot {
  snapshot: Snapshot;
  inventory: Inventory;
  /** Objects that could not be used, each named by its place in the file; the scan reports them as input errors. */
  inputErrors: InputError[];
}

/** Reads and checks a snapshot file (gzip recognised by its magic bytes, whatever the name). */
export function readSnapshot(file: string): LoadedSnapshot {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new SnapshotError(`cannot read snapshot ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : errorText(error)}`);
  }
  return parseSnapshot(bytes, file);
}

export function parseSnapshot(bytes: Uint8Array, file: string): LoadedSnapshot {
  let text: string;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      text = gunzipSync(bytes).toString('utf8');
    } catch (error) {
      throw new SnapshotError(`${file}: not a readable gzip file (${errorText(error)})`);
    }
  } else {
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const { line, column } = jsonErrorPosition(text);
    // V8 names an offset in some messages; line and column say it better.
    const reason = errorText(error).replace(/ in JSON at position \d+.*$/s, '');
    throw new SnapshotError(`${file}:${line}:${column}: invalid JSON (${reason})`);
  }
  const snapshot = checkSnapshot(document, file);
  const { inventory, inputErrors } = inventoryFromSnapshot(snapshot, file);
  return { snapshot, inventory, inputErrors };
}

/**
 * The inventory a snapshot describes. Objects that are not Kubernetes objects (no kind, wrong
 * field types a check would misread) are left out and reported, as a manifest scan reports
 * them; Secret values are dropped should a hand-made snapshot carry any.
 */
export function inventoryFromSnapshot(snapshot: Snapshot, file: string): { inventory: Inventory; inputErrors: InputError[] } {
  const inputErrors: InputError[] = [];
  const objects: Inventory['objects'] = [];
  const { origins } = snapshot.kubernetes;
  snapshot.kubernetes.objects.forEach((candidate, index) => {
    const where = `kubernetes.objects[${index}]`;
    if (!isRecord(candidate)) {
      inputErrors.push({ file, message: `${where} is not an object` });
      return;
    }
    const problems = validateObject(candidate);
    if (problems.length > 0) {
      const name = describeObject(candidate);
      for (const problem of problems) inputErrors.push({ file, message: `${where}${name}: ${problem.message}` });
      return;
    }
    objects.push({ object: withoutSecretValues(candidate), origin: origins?.[index] ?? API_ORIGIN });
  });
  const inventory: Inventory = {
    source: { ...snapshot.source, collectedAt: snapshot.collectedAt },
    objects,
    errors: snapshot.errors,
  };
  if (snapshot.aws) inventory.aws = snapshot.aws;
  if (snapshot.kubernetes.kubeletConfigs) inventory.kubeletConfigs = snapshot.kubernetes.kubeletConfigs;
  if (snapshot.images !== undefined) {
    // A broken images section costs the image checks only (they say not evaluated), never the scan.
    const read = readImageAssessments(snapshot.images);
    for (const message of read.errors) inputErrors.push({ file, message });
    if (read.images) inventory.images = read.images;
  }
  return { inventory, inputErrors };
}

function checkSnapshot(document: unknown, file: string): Snapshot {
  const fail = (message: string): never => {
    throw new SnapshotError(`${file}: ${message}`);
  };
  if (!isRecord(document)) return fail('not an eksguard snapshot (the document is not a JSON object)');
  if (document.kind !== SNAPSHOT_KIND) {
    return fail(`not an eksguard snapshot (kind is ${JSON.stringify(document.kind) ?? 'missing'}, expected "${SNAPSHOT_KIND}")`);
  }
  if (document.schemaVersion !== SNAPSHOT_SCHEMA_VERSION) {
    return fail(`snapshot schemaVersion ${JSON.stringify(document.schemaVersion) ?? 'missing'} is not supported (this eksguard reads version ${SNAPSHOT_SCHEMA_VERSION}); collect it again with this version`);
  }
  if (typeof document.collectedAt !== 'string' || Number.isNaN(Date.parse(document.collectedAt))) {
    return fail('collectedAt is missing or not an ISO-8601 time');
  }
  const source = document.source;
  if (!isRecord(source) || (source.type !== 'cluster' && source.type !== 'manifests')) {
    return fail('source.type must be "cluster" or "manifests"');
  }
  for (const key of ['cluster', 'region', 'accountId', 'callerArn', 'kubeContext'] as const) {
    if (source[key] !== undefined && typeof source[key] !== 'string') fail(`source.${key} must be a string`);
  }
  if (document.aws !== undefined && !isRecord(document.aws)) fail('aws must be an object');
  const kubernetes = document.kubernetes ?? { objects: [] };
  if (!isRecord(kubernetes)) return fail('kubernetes must be an object');
  const objects = kubernetes.objects ?? [];
  if (!Array.isArray(objects)) return fail('kubernetes.objects must be a list');
  const origins = kubernetes.origins;
  if (origins !== undefined) {
    if (!Array.isArray(origins) || origins.length !== objects.length) {
      fail(`kubernetes.origins must list one origin per object (${objects.length})`);
    }
    (origins as unknown[]).forEach((origin, index) => {
      if (!isRecord(origin) || (origin.type !== 'file' && origin.type !== 'api')) fail(`kubernetes.origins[${index}] is not an origin`);
    });
  }
  const kubeletConfigs = kubernetes.kubeletConfigs;
  if (kubeletConfigs !== undefined && (!isRecord(kubeletConfigs) || !Object.values(kubeletConfigs).every(isRecord))) {
    fail('kubernetes.kubeletConfigs must map node names to objects');
  }
  const errors = document.errors ?? [];
  if (!Array.isArray(errors)) return fail('errors must be a list');
  (errors as unknown[]).forEach((error, index) => {
    if (
      !isRecord(error) ||
      (error.source !== 'aws' && error.source !== 'kubernetes') ||
      typeof error.operation !== 'string' ||
      typeof error.message !== 'string'
    ) {
      fail(`errors[${index}] needs source ("aws" or "kubernetes"), operation and message`);
      return;
    }
    for (const key of ['service', 'resource', 'target'] as const) {
      if (error[key] !== undefined && typeof error[key] !== 'string') fail(`errors[${index}].${key} must be a string`);
    }
    if (error.code !== undefined && typeof error.code !== 'string' && typeof error.code !== 'number') fail(`errors[${index}].code must be a string or number`);
  });
  if (isRecord(document.aws)) checkAwsShape(document.aws, fail);
  const tool = isRecord(document.tool) && typeof document.tool.version === 'string' ? document.tool.version : 'unknown';
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    kind: SNAPSHOT_KIND,
    collectedAt: document.collectedAt,
    tool: { name: 'eksguard', version: tool },
    source: source as unknown as SnapshotSource,
    kubernetes: { objects: objects as K8sObject[] },
    errors: errors as CollectionError[],
  };
  if (origins) snapshot.kubernetes.origins = origins as Origin[];
  if (kubeletConfigs) snapshot.kubernetes.kubeletConfigs = kubeletConfigs as Record<string, Record<string, unknown>>;
  if (document.aws) snapshot.aws = document.aws;
  if (document.images !== undefined) snapshot.images = document.images as ImageAssessments;
  return snapshot;
}

/** Where the AWS section holds lists of records: a list of anything else is a broken file. */
const AWS_LISTS: ReadonlyArray<readonly string[]> = [
  ['eks', 'clusterVersions'], ['eks', 'nodegroups'], ['eks', 'fargateProfiles'], ['eks', 'addons'], ['eks', 'accessEntries'],
  ['eks', 'podIdentityAssociations'], ['eks', 'insights'], ['ec2', 'launchTemplateVersions'], ['ec2', 'instances'],
  ['ec2', 'securityGroups'], ['ec2', 'subnets'], ['ec2', 'flowLogs'], ['iam', 'roles'], ['iam', 'openIdConnectProviders'],
  ['kms', 'keys'], ['logs', 'logGroups'], ['logs', 'metricFilters'], ['guardduty', 'detectors'], ['inspector2', 'accounts'],
  ['ecr', 'repositories'], ['elbv2', 'loadBalancers'], ['elbv2', 'listeners'],
];

/**
 * The AWS section keeps the API's shapes; checks read them as such. A snapshot whose lists are
 * not lists of records is refused here with the field named, rather than crash checks later.
 */
function checkAwsShape(aws: Record<string, unknown>, fail: (message: string) => void): void {
  for (const [service, field] of AWS_LISTS as Array<[string, string]>) {
    const section = aws[service];
    if (section === undefined) continue;
    if (!isRecord(section)) {
      fail(`aws.${service} must be an object`);
      continue;
    }
    const list = section[field];
    if (list === undefined) continue;
    if (!Array.isArray(list) || !list.every(isRecord)) fail(`aws.${service}.${field} must be a list of objects`);
  }
  const cluster = isRecord(aws.eks) ? aws.eks.cluster : undefined;
  if (cluster !== undefined && !isRecord(cluster)) fail('aws.eks.cluster must be an object');
}

function withoutSecretValues(object: K8sObject): K8sObject {
  if (object.kind !== 'Secret' || (object.data === undefined && object.stringData === undefined)) return object;
  const { data: _data, stringData: _stringData, ...kept } = object;
  return kept;
}

function describeObject(object: Record<string, unknown>): string {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const parts = [object.kind, metadata.namespace, metadata.name].filter((part): part is string => typeof part === 'string' && part !== '');
  return parts.length > 0 ? ` (${parts.join('/')})` : '';
}

function isApiOrigin(origin: Origin): boolean {
  return origin.type === 'api' && origin.api === 'k8s' && Object.keys(origin).length === 2;
}

/** A deep copy with every mapping's keys in code-point order. */
export function canonical<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => canonical(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareText)) {
    const item = (value as Record<string, unknown>)[key];
    // defineProperty, not assignment: a `__proto__` key (a valid ConfigMap key) must stay data.
    if (item !== undefined) Object.defineProperty(out, key, { value: canonical(item), enumerable: true, writable: true, configurable: true });
  }
  return out as T;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareObjects(a: K8sObject, b: K8sObject): number {
  return (
    compareText(a.kind ?? '', b.kind ?? '') ||
    compareText(a.metadata?.namespace ?? '', b.metadata?.namespace ?? '') ||
    compareText(a.metadata?.name ?? '', b.metadata?.name ?? '') ||
    compareText(a.apiVersion ?? '', b.apiVersion ?? '')
  );
}

function compareErrors(a: CollectionError, b: CollectionError): number {
  return (
    compareText(a.source, b.source) ||
    compareText(a.service ?? '', b.service ?? '') ||
    compareText(a.operation, b.operation) ||
    compareText(a.resource ?? '', b.resource ?? '') ||
    compareText(a.target ?? '', b.target ?? '') ||
    compareText(a.message, b.message)
  );
}


function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `fleet.yaml`: the accounts to scan (a role to assume in each, or the caller's own
 * credentials), the regions, which clusters to take, and scan defaults. Every field is checked;
 * an unknown key is an error, since a misspelt `exclude` would scan clusters the user meant to
 * leave out. Errors name the file, line, column and path of the value.
 */
import { isSeq, LineCounter, parseDocument } from 'yaml';
import { isSeverity, type Severity } from '../model/index.js';
import { FieldReader, type FieldIssue } from './yaml-fields.js';

export type FleetFailOn = Severity | 'none';

export interface FleetAccount {
  id: string;
  /** The role to assume in the account; absent: the caller's own credentials are used there. */
  roleArn?: string;
  externalId?: string;
  /** RoleSessionName of the AssumeRole call (CloudTrail shows it). */
  sessionName: string;
  /** This account's regions (the top-level `regions` when the account names none). */
  regions: string[];
}

export interface ClusterFilter {
  /** Name globs (`*`, `?`); a cluster must match one when any is given. */
  include: string[];
  /** Name globs; a cluster matching one is left out. */
  exclude: string[];
  /** Every key must be present with one of its values (EKS cluster tags). */
  tags: Record<string, string[]>;
}

export interface FleetScanSettings {
  concurrency: number;
  timeoutSeconds: number;
  retries: number;
  failOn?: FleetFailOn;
  checks?: string[];
}

export interface FleetConfig {
  accounts: FleetAccount[];
  clusters: ClusterFilter;
  scan: FleetScanSettings;
}

export const DEFAULT_SESSION_NAME = 'eksguard-fleet';
export const FLEET_DEFAULTS = { concurrency: 4, timeoutSeconds: 600, retries: 2 } as const;
export const LIMITS = { concurrency: 64, timeoutSeconds: 86_400, retries: 10 } as const;
/** Larger than any real fleet file; refused before parsing. */
const MAX_BYTES = 1_000_000;

export class FleetConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly FieldIssue[],
  ) {
    super(`${file}: ${issues.length} error${issues.length === 1 ? '' : 's'}:\n${issues.map((issue) => `  ${file}:${issue.line}:${issue.col}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`).join('\n')}`);
  }
}

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_ARN = /^arn:(aws(?:-cn|-us-gov|-iso(?:-[a-z])?)?):iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
// IAM's own patterns for sts:AssumeRole's ExternalId and RoleSessionName.
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

/**
 * The AWS partition a region belongs to (the first part of its ARNs): `cn-*` aws-cn, `us-gov-*`
 * aws-us-gov, `us-iso-*` aws-iso, `us-isob-*` aws-iso-b (and so on for the other ISO letters),
 * every other region aws. Credentials and STS endpoints never cross partitions.
 */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  const iso = /^[a-z]{2}-iso([a-z]?)-/.exec(region);
  if (iso) return iso[1] ? `aws-iso-${iso[1]}` : 'aws-iso';
  return 'aws';
}

/** An account lives in one partition: its regions share it, and its role is in it. */
function checkPartition(fields: FieldReader, node: unknown, path: string, account: FleetAccount, roleNode: unknown): void {
  const byPartition = new Map<string, string[]>();
  for (const region of account.regions) byPartition.set(partitionOf(region), [...(byPartition.get(partitionOf(region)) ?? []), region]);
  const listed = (): string => [...byPartition].map(([partition, regions]) => `${partition}: ${regions.join(', ')}`).join('; ');
  if (byPartition.size > 1) {
    fields.issue(node, `${path}.regions`, `mixes AWS partitions (${listed()}): an account lives in one partition, list the others as accounts of their own`);
    return;
  }
  const rolePartition = account.roleArn ? ROLE_ARN.exec(account.roleArn)?.[1] : undefined;
  const [partition, regions] = [...byPartition][0] ?? [];
  if (rolePartition && partition && rolePartition !== partition) {
    fields.issue(fields.resolve(roleNode, `${path}.roleArn`), `${path}.roleArn`, `is in partition ${rolePartition}, but the account's regions are in ${partition} (${(regions ?? []).join(', ')})`);
  }
}

function parseRegions(fields: FieldReader, node: unknown, path: string): string[] | undefined {
  const items = fields.seq(node, path);
  if (!items) return undefined;
  const regions: string[] = [];
  for (const item of items) {
    const region = fields.matching(item.node, item.path, REGION, 'must be an AWS region such as eu-west-1');
    if (region !== undefined && !regions.includes(region)) regions.push(region);
  }
  if (items.length === 0) fields.issue(node, path, 'must list at least one region');
  return regions;
}

function parseAccount(fields: FieldReader, node: unknown, path: string, defaults: string[] | undefined): FleetAccount | undefined {
  const pairs = fields.map(node, path, ['id', 'roleArn', 'externalId', 'sessionName', 'regions']);
  if (!pairs) return undefined;
  const id = pairs.has('id') ? fields.matching(pairs.get('id')?.value, `${path}.id`, ACCOUNT_ID, 'must be a 12-digit AWS account id (quote it if it starts with 0)') : undefined;
  if (!pairs.has('id')) fields.issue(node, path, 'needs an id (the 12-digit account id)');
  const account: FleetAccount = { id: id ?? '', sessionName: DEFAULT_SESSION_NAME, regions: defaults ?? [] };
  const roleNode = pairs.get('roleArn')?.value;
  if (pairs.has('roleArn')) {
    const roleArn = fields.matching(roleNode, `${path}.roleArn`, ROLE_ARN, 'must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)');
    if (roleArn !== undefined) {
      const owner = ROLE_ARN.exec(roleArn)?.[2];
      if (id !== undefined && owner !== id) fields.issue(fields.resolve(roleNode, `${path}.roleArn`), `${path}.roleArn`, `names account ${owner}, not the account's id ${id}`);
      account.roleArn = roleArn;
    }
  }
  if (pairs.has('externalId')) {
    const externalId = fields.matching(pairs.get('externalId')?.value, `${path}.externalId`, EXTERNAL_ID, 'must be 2 to 1224 characters of letters, digits and +=,.@:/-');
    if (externalId !== undefined) account.externalId = externalId;
    if (!pairs.has('roleArn')) fields.issue(pairs.get('externalId')?.key, `${path}.externalId`, 'needs a roleArn: an external id is sent when assuming a role');
  }
  if (pairs.has('sessionName')) {
    const sessionName = fields.matching(pairs.get('sessionName')?.value, `${path}.sessionName`, SESSION_NAME, 'must be 2 to 64 characters of letters, digits and +=,.@-');
    if (sessionName !== undefined) account.sessionName = sessionName;
  }
  if (pairs.has('regions')) {
    account.regions = parseRegions(fields, pairs.get('regions')?.value, `${path}.regions`) ?? [];
  } else if (defaults === undefined) {
    fields.issue(node, path, 'has no regions: list them here or in the top-level regions');
  }
  checkPartition(fields, pairs.has('regions') ? fields.resolve(pairs.get('regions')?.value, `${path}.regions`) : node, path, account, roleNode);
  return id === undefined ? undefined : account;
}

function parseFilter(fields: FieldReader, node: unknown, path: string): ClusterFilter {
  const filter: ClusterFilter = { include: [], exclude: [], tags: {} };
  const pairs = fields.map(node, path, ['include', 'exclude', 'tags']);
  if (!pairs) return filter;
  for (const key of ['include', 'exclude'] as const) {
    if (pairs.has(key)) filter[key] = fields.texts(pairs.get(key)?.value, `${path}.${key}`) ?? [];
  }
  if (!pairs.has('tags')) return filter;
  // Tag keys are the user's own: any key is allowed.
  const tags = fields.map(pairs.get('tags')?.value, `${path}.tags`);
  for (const [key, pair] of tags ?? []) {
    const tagPath = `${path}.tags.${key}`;
    if (!TAG_KEY.test(key)) fields.issue(pair.key, tagPath, 'is not a valid EKS tag key (1 to 128 letters, digits, spaces and _.:/=+-@)');
    const value = fields.resolve(pair.value, tagPath);
    const values = isSeq(value) ? fields.texts(value, tagPath) : [fields.text(value, tagPath)].filter((entry): entry is string => entry !== undefined);
    // Defined, not assigned: a key such as __proto__ is the user's tag, not the object's prototype.
    if (values && values.length > 0) Object.defineProperty(filter.tags, key, { value: values, enumerable: true, writable: true, configurable: true });
    else if (values && isSeq(value)) fields.issue(value, tagPath, 'must name at least one value');
  }
  return filter;
}

function parseScan(fields: FieldReader, node: unknown, path: string): FleetScanSettings {
  const scan: FleetScanSettings = { ...FLEET_DEFAULTS };
  const pairs = fields.map(node, path, ['concurrency', 'timeoutSeconds', 'retries', 'failOn', 'checks']);
  if (!pairs) return scan;
  for (const key of ['concurrency', 'timeoutSeconds', 'retries'] as const) {
    if (!pairs.has(key)) continue;
    const value = fields.whole(pairs.get(key)?.value, `${path}.${key}`, key === 'retries' ? 0 : 1, LIMITS[key]);
    if (value !== undefined) scan[key] = value;
  }
  if (pairs.has('failOn')) {
    const failOn = fields.text(pairs.get('failOn')?.value, `${path}.failOn`);
    if (failOn !== undefined && (failOn === 'none' || isSeverity(failOn))) scan.failOn = failOn;
    else if (failOn !== undefined) fields.issue(fields.resolve(pairs.get('failOn')?.value, `${path}.failOn`), `${path}.failOn`, `must be critical, high, medium, low, info or none, not "${failOn}"`);
  }
  if (pairs.has('checks')) {
    const checks = fields.texts(pairs.get('checks')?.value, `${path}.checks`);
    if (checks && checks.length === 0) fields.issue(pairs.get('checks')?.value, `${path}.checks`, 'names no check (leave it out to run every check)');
    else if (checks) scan.checks = checks;
  }
  return scan;
}

/** Parses and checks a fleet file's text; throws FleetConfigError listing every problem found. */
export function parseFleetConfig(text: string, file: string): FleetConfig {
  if (Buffer.byteLength(text) > MAX_BYTES) throw new FleetConfigError(file, [{ path: '', line: 1, col: 1, message: `is larger than ${MAX_BYTES} bytes` }]);
  const lines = new LineCounter();
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new FleetConfigError(
      file,
      doc.errors.map((error) => ({
        path: '',
        line: error.linePos?.[0].line ?? 1,
        col: error.linePos?.[0].col ?? 1,
        message: (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, ''),
      })),
    );
  }
  const fields = new FieldReader(doc, lines);
  const top = fields.map(doc.contents, '', ['accounts', 'regions', 'clusters', 'scan']);
  const config: FleetConfig = { accounts: [], clusters: { include: [], exclude: [], tags: {} }, scan: { ...FLEET_DEFAULTS } };
  if (top) {
    const regions = top.has('regions') ? parseRegions(fields, top.get('regions')?.value, 'regions') : undefined;
    const accounts = top.has('accounts') ? fields.seq(top.get('accounts')?.value, 'accounts') : undefined;
    if (!top.has('accounts') || accounts?.length === 0) fields.issue(top.get('accounts')?.value ?? doc.contents, 'accounts', 'must list at least one account');
    const seen = new Map<string, string>();
    let ownAccount: string | undefined;
    for (const item of accounts ?? []) {
      const account = parseAccount(fields, item.node, item.path, regions);
      if (!account) continue;
      // Two accounts read with the caller's credentials would be one account read twice, under two ids.
      if (!account.roleArn && ownAccount !== undefined) {
        fields.issue(fields.resolve(item.node, item.path), item.path, `has no roleArn, like ${ownAccount}: the caller's own credentials reach one account only; give it a role to assume`);
      } else if (!account.roleArn) {
        ownAccount = item.path;
      }
      const earlier = seen.get(account.id);
      if (earlier) fields.issue(fields.resolve(item.node, item.path), `${item.path}.id`, `account ${account.id} is listed twice (also ${earlier})`);
      else seen.set(account.id, item.path);
      config.accounts.push(account);
    }
    if (top.has('clusters')) config.clusters = parseFilter(fields, top.get('clusters')?.value, 'clusters');
    if (top.has('scan')) config.scan = parseScan(fields, top.get('scan')?.value, 'scan');
  }
  if (fields.issues.length > 0) throw new FleetConfigError(file, [...fields.issues].sort((a, b) => a.line - b.line || a.col - b.col));
  return config;
}

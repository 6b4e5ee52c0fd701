import type { CheckMeta, CheckResult, ResourceRef, ScanResult, Severity, Status } from '../model/index.js';
import { sortedRefs } from './refs.js';
import { toolVersionOf, type AwsContext, type ReportOptions } from './report-options.js';
import { shownResults } from './results-shown.js';

/**
 * AWS Security Finding Format (ASFF) 2018-10-08, as Security Hub `BatchImportFindings` accepts it
 * from a custom integration (product `default` of the account). Limits are those of the Security
 * Hub API reference (AwsSecurityFinding, Resource, Other, Recommendation, Compliance); the fields
 * used are pinned by docs/schemas/asff-subset.schema.json.
 */
export const ASFF_LIMITS = {
  id: 512,
  generatorId: 512,
  title: 256,
  description: 1024,
  recommendationText: 512,
  /** Resource.Details.Other: up to 50 pairs, key and value "fewer than" 128 and 1,024 characters. */
  otherKey: 127,
  otherValue: 1023,
  otherPairs: 50,
  /** ProductFields: up to 50 pairs, key up to 128 and value up to 2,048 characters. */
  productFieldKey: 128,
  productFieldValue: 2048,
  productFields: 50,
  relatedRequirements: 32,
} as const;

const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  info: 'INFORMATIONAL',
};

const COMPLIANCE_STATUS: Record<Status, string> = {
  fail: 'FAILED',
  pass: 'PASSED',
  'not-evaluated': 'NOT_AVAILABLE',
  // The check crashed on this resource: the verdict is missing, which ASFF calls a warning.
  error: 'WARNING',
};

/** Finding types (namespace/category/classifier) for the frameworks a check maps to. */
const FRAMEWORK_TYPES: ReadonlyArray<[prefix: string, type: string]> = [
  ['cis-eks-', 'Software and Configuration Checks/Industry and Regulatory Standards/CIS EKS Benchmark'],
  ['nsa-cisa-', 'Software and Configuration Checks/Industry and Regulatory Standards/NSA-CISA Kubernetes Hardening Guidance'],
  ['pss', 'Software and Configuration Checks/Industry and Regulatory Standards/Kubernetes Pod Security Standards'],
];
const DEFAULT_TYPE = 'Software and Configuration Checks/AWS Security Best Practices/Amazon EKS';

/** What ASFF cannot do without: every finding names the account and the product ARN's region. */
export class AsffContextError extends Error {}

export interface ResolvedAwsContext {
  accountId: string;
  region: string;
  partition: string;
  cluster?: string;
  /** `arn:aws:eks:<region>:<account>:cluster/<name>` when the cluster is known. */
  clusterArn?: string;
}

/** Checks the context ASFF needs; throws AsffContextError naming what is missing or malformed. */
export function resolveAwsContext(aws: AwsContext | undefined): ResolvedAwsContext {
  const accountId = aws?.accountId;
  const region = aws?.region;
  if (!accountId) throw new AsffContextError('the AWS account is unknown (pass --aws-account, or scan a cluster or its snapshot)');
  if (!/^\d{12}$/.test(accountId)) throw new AsffContextError(`the AWS account "${accountId}" is not 12 digits`);
  if (!region) throw new AsffContextError('the AWS region is unknown (pass --aws-region, or scan a cluster or its snapshot)');
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new AsffContextError(`"${region}" is not an AWS region`);
  const partition = partitionOf(region);
  const resolved: ResolvedAwsContext = { accountId, region, partition };
  if (aws?.cluster) {
    resolved.cluster = aws.cluster;
    resolved.clusterArn = `arn:${partition}:eks:${region}:${accountId}:cluster/${aws.cluster}`;
  }
  return resolved;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * A JSON array of findings, ready for `aws securityhub batch-import-findings --findings file://…`
 * (100 findings per call). Failures only, waived ones with `Workflow.Status: SUPPRESSED`; with
 * --include-passed every result shown, so passes close earlier findings (Compliance PASSED).
 */
export function renderAsff(result: ScanResult, catalogue: readonly CheckMeta[], options: ReportOptions): string {
  const aws = resolveAwsContext(options.aws);
  const links = new Map(catalogue.map((check) => [check.id, check.links?.[0]]));
  const entries = options.includePassed ? shownResults(result, options) : result.results.filter((entry) => entry.status === 'fail');
  const version = toolVersionOf(result.tool.version, options);
  const findings = entries.map((entry) => findingOf(entry, result.scannedAt, aws, version, links.get(entry.checkId)));
  return `${JSON.stringify(findings, null, 2)}\n`;
}

function findingOf(
  entry: CheckResult,
  scannedAt: string,
  aws: ResolvedAwsContext,
  version: string,
  link: string | undefined,
): Record<string, unknown> {
  const recommendation: Record<string, string> = { Text: clip(nonEmpty(entry.remediation, entry.title), ASFF_LIMITS.recommendationText) };
  if (link && /^https?:\/\//.test(link)) recommendation.Url = link;
  const requirements = relatedRequirements(entry.refs);
  return {
    SchemaVersion: '2018-10-08',
    Id: clip(`${aws.clusterArn ?? 'eksguard'}/${entry.checkId}/${entry.fingerprint}`, ASFF_LIMITS.id),
    ProductArn: `arn:${aws.partition}:securityhub:${aws.region}:${aws.accountId}:product/${aws.accountId}/default`,
    GeneratorId: clip(`eksguard/${entry.checkId}`, ASFF_LIMITS.generatorId),
    AwsAccountId: aws.accountId,
    Types: typesOf(entry.refs),
    CreatedAt: scannedAt,
    UpdatedAt: scannedAt,
    Severity: { Label: SEVERITY_LABEL[entry.severity], Original: entry.severity },
    Title: clip(`${entry.title}: ${resourceName(entry.resource)}`, ASFF_LIMITS.title),
    Description: clip(descriptionOf(entry), ASFF_LIMITS.description),
    Remediation: { Recommendation: recommendation },
    ProductFields: productFieldsOf(entry, version),
    Resources: [resourceOf(entry, aws)],
    Compliance: {
      Status: COMPLIANCE_STATUS[entry.status],
      ...(requirements.length > 0 && { RelatedRequirements: requirements }),
    },
    RecordState: 'ACTIVE',
    Workflow: { Status: entry.waived ? 'SUPPRESSED' : 'NEW' },
  };
}

function descriptionOf(entry: CheckResult): string {
  const parts = [nonEmpty(entry.message, entry.title)];
  if (entry.waived) parts.push(`Waived (${entry.waived.source}${entry.waived.expires ? `, until ${entry.waived.expires}` : ''}): ${entry.waived.reason}`);
  return parts.join('\n\n');
}

function typesOf(refs: Record<string, string[]>): string[] {
  const types = new Set<string>();
  for (const framework of Object.keys(sortedRefs(refs))) {
    const match = FRAMEWORK_TYPES.find(([prefix]) => framework.startsWith(prefix));
    if (match) types.add(match[1]);
  }
  return types.size > 0 ? [...types] : [DEFAULT_TYPE];
}

/** `cis-eks-1.8 4.2.1`, one per control, at most 32. */
function relatedRequirements(refs: Record<string, string[]>): string[] {
  return Object.entries(sortedRefs(refs))
    .flatMap(([framework, controls]) => controls.map((control) => `${framework} ${control}`))
    .slice(0, ASFF_LIMITS.relatedRequirements);
}

function resourceName(resource: ResourceRef): string {
  return `${resource.kind} ${resource.namespace ? `${resource.namespace}/` : ''}${resource.name}`;
}

/**
 * The cluster itself is an `AwsEksCluster` named by its ARN; every other object is `Other`,
 * named `<cluster ARN>/<namespace>/<kind>/<name>` (`/<kind>/<name>` for cluster-scoped objects,
 * `kubernetes/…` when the cluster is unknown, as for a manifest scan).
 */
function resourceOf(entry: CheckResult, aws: ResolvedAwsContext): Record<string, unknown> {
  const { resource } = entry;
  const other = detailsOther(entry);
  if (resource.kind === 'Cluster' && aws.clusterArn && resource.name === aws.cluster) {
    return { Type: 'AwsEksCluster', Id: aws.clusterArn, Partition: aws.partition, Region: aws.region, Details: { Other: other } };
  }
  const id = [aws.clusterArn ?? 'kubernetes', resource.namespace, resource.kind, resource.name]
    .filter((part): part is string => part !== undefined && part !== '')
    .join('/');
  return { Type: 'Other', Id: id, Partition: aws.partition, Region: aws.region, Details: { Other: other } };
}

function detailsOther(entry: CheckResult): Record<string, string> {
  const pairs: Array<[string, string | number | undefined]> = [
    ['apiVersion', entry.resource.apiVersion],
    ['kind', entry.resource.kind],
    ['namespace', entry.resource.namespace],
    ['name', entry.resource.name],
    ['container', entry.container],
    ['path', entry.path],
    ['file', entry.location?.file],
    ['line', entry.location?.line],
    ['helmSource', entry.location?.helmSource],
  ];
  return stringMap(pairs, ASFF_LIMITS.otherKey, ASFF_LIMITS.otherValue, ASFF_LIMITS.otherPairs);
}

function productFieldsOf(entry: CheckResult, version: string): Record<string, string> {
  const pairs: Array<[string, string | number | undefined]> = [
    ['eksguard/CheckId', entry.checkId],
    ['eksguard/Area', entry.area],
    ['eksguard/Status', entry.status],
    ['eksguard/Fingerprint', entry.fingerprint],
    ['eksguard/RiskScore', entry.riskScore],
    ['eksguard/AttackPathIds', entry.attackPathIds?.join(',')],
    ['eksguard/WaivedReason', entry.waived?.reason],
    ['eksguard/WaiverSource', entry.waived?.source],
    ['eksguard/WaiverExpires', entry.waived?.expires],
    ['eksguard/Fix', entry.fix?.description],
    ['eksguard/ToolVersion', version],
  ];
  return stringMap(pairs, ASFF_LIMITS.productFieldKey, ASFF_LIMITS.productFieldValue, ASFF_LIMITS.productFields);
}

/** Present, non-blank values as strings, clipped; Security Hub refuses empty strings. */
function stringMap(
  pairs: ReadonlyArray<[string, string | number | undefined]>,
  maxKey: number,
  maxValue: number,
  maxPairs: number,
): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [key, value] of pairs) {
    if (value === undefined) continue;
    const text = String(value);
    if (!/\S/.test(text)) continue;
    if (Object.keys(map).length >= maxPairs) break;
    map[clip(key, maxKey)] = clip(text, maxValue);
  }
  return map;
}

function nonEmpty(text: string, fallback: string): string {
  return /\S/.test(text) ? text : fallback;
}

/**
 * At most `max` UTF-16 code units (never more code points), ending in `…` when cut, never
 * splitting a surrogate pair.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/**
 * Whether pods on a node can reach the EC2 instance metadata service, from the node's
 * `MetadataOptions` (launch template of an EKS node group, or the instance itself).
 * With IMDSv1 allowed (`HttpTokens: optional`) any pod reaches it; with IMDSv2 required, only
 * when `HttpPutResponseHopLimit` ≥ 2 lets the token response cross the pod's network hop.
 */
import { isRecord, type InventoryView, type Workload } from '../../inventory/index.js';

export interface MetadataOptions {
  HttpTokens?: string;
  HttpPutResponseHopLimit?: number;
  HttpEndpoint?: string;
}

export interface NodeImdsSetting {
  /** `node group ng-a (launch template lt-1 version 3)`, `instance i-0abc`. */
  source: string;
  nodegroup?: string;
  options: MetadataOptions | undefined;
  /** Undefined when the options do not decide it. */
  reachable: boolean | undefined;
  explanation: string;
}

export interface NodeImdsData {
  /** Why node settings cannot be read at all. */
  missing?: string;
  settings: NodeImdsSetting[];
  fargateProfiles: FargateProfile[];
}

interface FargateProfile {
  name: string;
  selectors: Array<{ namespace: string; labels: Record<string, string> }>;
}


function records(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function imdsReachability(options: MetadataOptions | undefined): { reachable: boolean | undefined; explanation: string } {
  if (!options) return { reachable: undefined, explanation: 'MetadataOptions not collected' };
  if (options.HttpEndpoint === 'disabled') return { reachable: false, explanation: 'metadata endpoint disabled' };
  const hops = options.HttpPutResponseHopLimit;
  if (options.HttpTokens === 'optional') {
    return { reachable: true, explanation: 'IMDSv1 allowed (HttpTokens optional), which no hop limit restricts' };
  }
  if (typeof hops === 'number' && hops >= 2) {
    return { reachable: true, explanation: `HttpPutResponseHopLimit ${hops}` };
  }
  if (hops === 1 && options.HttpTokens === 'required') {
    return { reachable: false, explanation: 'IMDSv2 required with HttpPutResponseHopLimit 1' };
  }
  return {
    reachable: undefined,
    explanation: `HttpTokens ${options.HttpTokens ?? 'unset'}, HttpPutResponseHopLimit ${hops ?? 'unset'} (AMI defaults apply)`,
  };
}

function metadataOptions(value: unknown): MetadataOptions | undefined {
  if (!isRecord(value)) return undefined;
  const options: MetadataOptions = {};
  const tokens = str(value.HttpTokens);
  const endpoint = str(value.HttpEndpoint);
  if (tokens) options.HttpTokens = tokens;
  if (endpoint) options.HttpEndpoint = endpoint;
  if (typeof value.HttpPutResponseHopLimit === 'number') options.HttpPutResponseHopLimit = value.HttpPutResponseHopLimit;
  return options;
}

/** EKS reports the version as a string; `$Default` when none is named. */
function versionText(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : '$Default';
}

function launchTemplateVersion(
  versions: Array<Record<string, unknown>>,
  template: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const id = str(template.id);
  const name = str(template.name);
  const candidates = versions.filter(
    (version) => (id && version.LaunchTemplateId === id) || (name && version.LaunchTemplateName === name),
  );
  const wanted = versionText(template.version);
  if (wanted === '$Latest') {
    return candidates.reduce<Record<string, unknown> | undefined>(
      (latest, version) => (!latest || Number(version.VersionNumber) > Number(latest.VersionNumber) ? version : latest),
      undefined,
    );
  }
  if (wanted === '$Default') return candidates.find((version) => version.DefaultVersion === true);
  return candidates.find((version) => String(version.VersionNumber) === wanted);
}

function tag(instance: Record<string, unknown>, key: string): string | undefined {
  return str(records(instance.Tags).find((entry) => entry.Key === key)?.Value);
}

function awsErrors(inventory: InventoryView): string {
  const relevant = inventory.errors.filter(
    (error) =>
      error.source === 'aws' &&
      ['DescribeNodegroup', 'ListNodegroups', 'DescribeLaunchTemplateVersions', 'DescribeInstances'].includes(error.operation),
  );
  return relevant.map((error) => `${error.operation} failed${error.code ? ` (${error.code})` : ''}`).join(', ');
}

export function nodeImdsData(inventory: InventoryView): NodeImdsData {
  return inventory.cached('network:node-imds', () => computeNodeImds(inventory));
}

function computeNodeImds(inventory: InventoryView): NodeImdsData {
  const aws = inventory.aws ?? {};
  const eks = isRecord(aws.eks) ? aws.eks : {};
  const ec2 = isRecord(aws.ec2) ? aws.ec2 : {};
  const nodegroups = Array.isArray(eks.nodegroups) ? records(eks.nodegroups) : undefined;
  const instances = Array.isArray(ec2.instances) ? records(ec2.instances) : undefined;
  const versions = records(ec2.launchTemplateVersions);
  const fargateProfiles = records(eks.fargateProfiles).map((profile) => ({
    name: str(profile.fargateProfileName) ?? '',
    selectors: records(profile.selectors).map((selector) => ({
      namespace: str(selector.namespace) ?? '',
      labels: isRecord(selector.labels) ? (selector.labels as Record<string, string>) : {},
    })),
  }));
  if (!nodegroups && !instances) {
    const errors = awsErrors(inventory);
    return {
      missing: `node metadata options (EKS DescribeNodegroup → EC2 DescribeLaunchTemplateVersions MetadataOptions, or DescribeInstances) ${errors || 'were not collected'}`,
      settings: [],
      fargateProfiles,
    };
  }
  const settings: NodeImdsSetting[] = [];
  const coveredGroups = new Set<string>();
  for (const group of nodegroups ?? []) {
    const name = str(group.nodegroupName) ?? 'unnamed';
    const template = isRecord(group.launchTemplate) ? group.launchTemplate : undefined;
    let options: MetadataOptions | undefined;
    let source = `node group ${name}`;
    if (template) {
      const version = launchTemplateVersion(versions, template);
      source += ` (launch template ${str(template.name) ?? str(template.id) ?? ''} version ${versionText(template.version)})`;
      options = metadataOptions(isRecord(version?.LaunchTemplateData) ? version.LaunchTemplateData.MetadataOptions : undefined);
    }
    if (!options) {
      // Without a readable launch template, the group's running instances tell.
      const instance = (instances ?? []).find((candidate) => tag(candidate, 'eks:nodegroup-name') === name);
      if (instance) {
        options = metadataOptions(instance.MetadataOptions);
        source = `node group ${name} (instance ${str(instance.InstanceId) ?? ''})`;
      }
    }
    coveredGroups.add(name);
    settings.push({ source, nodegroup: name, options, ...imdsReachability(options) });
  }
  // Nodes outside managed node groups (self-managed, Karpenter): one entry per distinct setting.
  const seen = new Set<string>();
  for (const instance of instances ?? []) {
    const group = tag(instance, 'eks:nodegroup-name');
    if (group && coveredGroups.has(group)) continue;
    const options = metadataOptions(instance.MetadataOptions);
    const key = JSON.stringify(options ?? null);
    if (seen.has(key)) continue;
    seen.add(key);
    settings.push({ source: `instance ${str(instance.InstanceId) ?? ''}`, options, ...imdsReachability(options) });
  }
  return { settings, fargateProfiles };
}

function wildcardMatch(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return regex.test(value);
}

/** The Fargate profile a workload's pods would be scheduled by, if any (no IMDS on Fargate). */
export function fargateProfileFor(data: NodeImdsData, workload: Workload): string | undefined {
  const labels = workload.podMetadata.labels ?? {};
  return data.fargateProfiles.find((profile) =>
    profile.selectors.some(
      (selector) =>
        wildcardMatch(selector.namespace, workload.namespace) &&
        Object.entries(selector.labels).every(([key, value]) => labels[key] === value),
    ),
  )?.name;
}

/** Node settings a workload can land on: its pinned node group, else every node. */
export function settingsFor(data: NodeImdsData, workload: Workload): NodeImdsSetting[] {
  const nodeSelector = (workload.podSpec as { nodeSelector?: Record<string, string> }).nodeSelector;
  const pinned = nodeSelector?.['eks.amazonaws.com/nodegroup'];
  if (pinned) {
    const matching = data.settings.filter((setting) => setting.nodegroup === pinned);
    if (matching.length > 0) return matching;
  }
  return data.settings;
}

/**
 * Instance metadata options (IMDS) of a node group or instance pool. The launch template's
 * `MetadataOptions` decide what new nodes get when they set the field; when they do not (or
 * the group has no launch template of its own), the AMI's `ImdsSupport`, the account default
 * and EKS decide, and only the running instances tell the outcome.
 */
import type { EvidencePath } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { instancesMissing, nodegroupName, plural, type Ec2Instance, type Nodegroup } from './aws-resources.js';
import { instancesOfNodegroup } from './instances.js';
import { nodegroupLaunchTemplate } from './launch-templates.js';

export type MetadataField = 'HttpTokens' | 'HttpPutResponseHopLimit';
type MetadataValue = string | number | undefined;

export interface MetadataObservation {
  value: MetadataValue;
  /** `HttpEndpoint: disabled`: no metadata service at all, whatever the other fields say. */
  endpointDisabled: boolean;
  /** `launch template eks-nodes (lt-0abc) version 3`, `instances i-0a, i-0b`. */
  where: string;
  /** The field, in the launch template version or in the instances' DescribeInstances entry. */
  path: EvidencePath;
  fromLaunchTemplate: boolean;
  /** The launch template data path prefix for a fix, when the value came from one. */
  launchTemplateId?: string;
}

export type MetadataResolution = { observations: MetadataObservation[] } | { unknown: string };

interface MetadataOptionsLike {
  HttpTokens?: string;
  HttpPutResponseHopLimit?: number;
  HttpEndpoint?: string;
}

function fromInstances(list: readonly Ec2Instance[], field: MetadataField): MetadataObservation[] {
  const groups = new Map<string, { value: MetadataValue; endpointDisabled: boolean; ids: string[] }>();
  for (const instance of list) {
    const options: MetadataOptionsLike = instance.MetadataOptions ?? {};
    const value = options[field];
    const endpointDisabled = options.HttpEndpoint === 'disabled';
    const key = `${String(value)}|${endpointDisabled}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { value, endpointDisabled, ids: [] }));
    group.ids.push(instance.InstanceId ?? 'unknown');
  }
  return [...groups.values()].map((group) => ({
    value: group.value,
    endpointDisabled: group.endpointDisabled,
    where: `${plural(group.ids.length, 'instance')} (${listIds(group.ids)})`,
    path: ['MetadataOptions', field],
    fromLaunchTemplate: false,
  }));
}

function listIds(ids: readonly string[]): string {
  return ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;
}

/** What a managed node group's nodes get for one metadata field. */
export function nodegroupMetadata(inventory: InventoryView, group: Nodegroup, field: MetadataField): MetadataResolution {
  const template = nodegroupLaunchTemplate(inventory, group);
  const options: MetadataOptionsLike | undefined = template?.version?.LaunchTemplateData?.MetadataOptions;
  if (template?.version && options && (options[field] !== undefined || options.HttpEndpoint === 'disabled')) {
    const observation: MetadataObservation = {
      value: options[field],
      endpointDisabled: options.HttpEndpoint === 'disabled',
      where: template.label,
      path: ['LaunchTemplateData', 'MetadataOptions', options[field] !== undefined ? field : 'HttpEndpoint'],
      fromLaunchTemplate: true,
    };
    if (template.id) observation.launchTemplateId = template.id;
    return { observations: [observation] };
  }
  const running = instancesOfNodegroup(inventory, nodegroupName(group));
  if (running.length > 0) return { observations: fromInstances(running, field) };
  const why = template?.missing
    ? template.missing
    : template
      ? `${template.label} does not set MetadataOptions.${field}, so the AMI and account defaults decide`
      : `the node group has no launch template of its own, so EKS and the AMI defaults decide`;
  const instancesWhy = instancesMissing(inventory) ?? 'no running instance of the node group was found in the collected instances';
  return { unknown: `${why}; ${instancesWhy}` };
}

export function poolMetadata(list: readonly Ec2Instance[], field: MetadataField): MetadataResolution {
  return { observations: fromInstances(list, field) };
}

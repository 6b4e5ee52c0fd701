/**
 * The launch template version a managed node group launches its nodes from, as
 * DescribeNodegroup names it (`launchTemplate.{id,name,version}`) and
 * DescribeLaunchTemplateVersions returns it.
 */
import type { InventoryView } from '../../inventory/index.js';
import { CALLS, missingReason, type LaunchTemplateVersion, type Nodegroup } from './aws-resources.js';

export interface NodegroupLaunchTemplate {
  /** `launch template eks-nodes (lt-0abc) version 3`. */
  label: string;
  id?: string;
  /** The version's data, when collected. */
  version?: LaunchTemplateVersion;
  /** Why the version's data is not there. */
  missing?: string;
}

/** EKS reports the version as a string; a group created without one uses the default version. */
function wantedVersion(version: string | undefined): string {
  return version === undefined || version === '' ? '$Default' : version;
}

function findVersion(
  versions: readonly LaunchTemplateVersion[],
  id: string | undefined,
  name: string | undefined,
  wanted: string,
): LaunchTemplateVersion | undefined {
  // The id is unique; a name only when no id is given (names are unique per region too, but an id wins).
  const candidates = versions.filter((version) => (id !== undefined ? version.LaunchTemplateId === id : version.LaunchTemplateName === name));
  if (wanted === '$Latest') {
    return candidates.reduce<LaunchTemplateVersion | undefined>(
      (latest, version) => (!latest || (version.VersionNumber ?? 0) > (latest.VersionNumber ?? 0) ? version : latest),
      undefined,
    );
  }
  if (wanted === '$Default') return candidates.find((version) => version.DefaultVersion === true);
  return candidates.find((version) => String(version.VersionNumber) === wanted);
}

export function launchTemplateLabel(version: LaunchTemplateVersion): string {
  const name = version.LaunchTemplateName ? `${version.LaunchTemplateName} (${version.LaunchTemplateId ?? '?'})` : (version.LaunchTemplateId ?? '?');
  return `launch template ${name} version ${version.VersionNumber ?? '?'}`;
}

/** Undefined when the group has no launch template of its own (EKS then builds one it does not expose). */
export function nodegroupLaunchTemplate(inventory: InventoryView, group: Nodegroup): NodegroupLaunchTemplate | undefined {
  const spec = group.launchTemplate;
  if (!spec || (spec.id === undefined && spec.name === undefined)) return undefined;
  const wanted = wantedVersion(spec.version);
  const named = spec.name ? `${spec.name}${spec.id ? ` (${spec.id})` : ''}` : (spec.id ?? '');
  const version = findVersion(inventory.aws?.ec2?.launchTemplateVersions ?? [], spec.id, spec.name, wanted);
  const result: NodegroupLaunchTemplate = { label: `launch template ${named} version ${wanted}` };
  const id = spec.id ?? version?.LaunchTemplateId;
  if (id) result.id = id;
  if (version) {
    result.version = version;
    result.label = launchTemplateLabel(version);
  } else {
    result.missing = missingReason(inventory, [CALLS.describeLaunchTemplateVersions], spec.id ?? spec.name);
  }
  return result;
}

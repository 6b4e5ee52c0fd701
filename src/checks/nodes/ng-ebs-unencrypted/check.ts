import type { EvidencePath } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { CALLS, missingReason, nodegroupsMissing } from '../../../analysis/nodes/aws-resources.js';
import { nodegroupTargets, type ComputeTarget } from '../../../analysis/nodes/compute-targets.js';
import { nodegroupLaunchTemplate } from '../../../analysis/nodes/launch-templates.js';

interface Volume {
  label: string;
  encrypted: boolean | undefined;
  /** A volume from a snapshot the check cannot see (a custom AMI, an explicit SnapshotId). */
  unknownSnapshot: boolean;
  where: string;
  path: EvidencePath;
}

export const check = defineCheck<ComputeTarget, 'explicit' | 'unset'>({
  id: 'ng-ebs-unencrypted',
  title: 'Node root volumes unencrypted',
  severity: 'medium',
  area: 'nodes',
  needs: ['aws'],
  description:
    "Node volumes hold container images, emptyDir volumes, container logs and the kubelet's copies of mounted Secrets; unencrypted, they leak through snapshots and volume sharing. A volume is encrypted when its launch template mapping says `Ebs.Encrypted: true`, when EBS encryption by default is on for the account and region (`GetEbsEncryptionByDefault`, which then overrides `Encrypted: false`), or when it is created from an encrypted snapshot. EKS-optimized AMIs are public, and public AMIs cannot have encrypted snapshots, so their root volumes are unencrypted unless one of the first two applies. Managed node groups are evaluated from their launch template (`BlockDeviceMappings`), or, without one, from the volume EKS creates (`diskSize`). Custom AMIs and mappings from an explicit snapshot depend on that snapshot, which is not collected: they are reported not evaluated unless encryption by default is on. Volumes of instances outside managed node groups are not evaluated (DescribeVolumes is not collected).",
  remediation:
    'Turn on EBS encryption by default in every region that runs nodes (aws ec2 enable-ebs-encryption-by-default, optionally with a customer-managed KMS key), or set `Encrypted: true` (and `KmsKeyId`) on every EBS mapping of the node launch templates, then roll the nodes.',
  messages: {
    explicit: '{{what}}: {{volume}} is unencrypted: {{where}} sets Encrypted false and EBS encryption by default is off',
    unset: '{{what}}: {{volume}} is unencrypted: {{where}} does not set Encrypted, EKS-optimized AMI snapshots are unencrypted, and EBS encryption by default is off',
  },
  links: ['https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html', 'https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html'],
  requires: (inventory) => nodegroupsMissing(inventory),
  targets: (inventory) => nodegroupTargets(inventory),
  evaluate(target, context) {
    const { inventory } = context;
    const byDefault = inventory.aws?.ec2?.ebsEncryptionByDefault;
    if (byDefault === true || !target.group) return;
    const custom = target.group.amiType === 'CUSTOM';
    const template = nodegroupLaunchTemplate(inventory, target.group);
    if (template && !template.version) {
      context.notEvaluated(`The volumes of ${target.label} are unknown: ${template.missing ?? ''}`);
      return;
    }
    const volumes: Volume[] = [];
    if (template?.version) {
      const mappings = template.version.LaunchTemplateData?.BlockDeviceMappings ?? [];
      mappings.forEach((mapping, index) => {
        if (!mapping.Ebs) return;
        volumes.push({
          label: `volume ${mapping.DeviceName ?? index}`,
          encrypted: mapping.Ebs.Encrypted,
          unknownSnapshot: custom || mapping.Ebs.SnapshotId !== undefined,
          where: template.label,
          path: ['LaunchTemplateData', 'BlockDeviceMappings', index, 'Ebs', 'Encrypted'],
        });
      });
      if (volumes.length === 0) {
        volumes.push({ label: 'the root volume', encrypted: undefined, unknownSnapshot: custom, where: `${template.label} (no EBS block device mapping)`, path: ['LaunchTemplateData', 'BlockDeviceMappings'] });
      }
    } else {
      const size = target.group.diskSize;
      volumes.push({
        label: `the root volume${size ? ` (${size} GiB)` : ''}`,
        encrypted: undefined,
        unknownSnapshot: custom,
        where: 'the launch template EKS creates for a node group without one',
        path: ['launchTemplate'],
      });
    }
    const defaultUnknown = byDefault === undefined ? missingReason(inventory, [CALLS.getEbsEncryptionByDefault]) : undefined;
    for (const volume of volumes) {
      if (volume.encrypted === true) continue;
      if (volume.encrypted === undefined && volume.unknownSnapshot) {
        context.notEvaluated(
          `${target.label}: ${volume.label} (${volume.where}) is encrypted only if its snapshot is, which is not collected${defaultUnknown ? `, or if EBS encryption by default is on: ${defaultUnknown}` : ''}`,
          { path: volume.path },
        );
        continue;
      }
      if (defaultUnknown) {
        context.notEvaluated(`${target.label}: ${volume.label} (${volume.where}) is encrypted only if EBS encryption by default is on: ${defaultUnknown}`, { path: volume.path });
        continue;
      }
      const mappingIndex = volume.path[0] === 'LaunchTemplateData' && volume.path.length === 5 ? volume.path[2] : undefined;
      context.fail(volume.encrypted === false ? 'explicit' : 'unset', { what: target.label, volume: volume.label, where: volume.where }, {
        path: volume.path,
        ...(mappingIndex !== undefined && {
          fix: {
            kind: 'suggestion' as const,
            description:
              'Create a launch template version whose EBS mappings set Encrypted true (and KmsKeyId), and roll the node group; or turn on EBS encryption by default for the region (aws ec2 enable-ebs-encryption-by-default).',
            operations: [
              { op: volume.encrypted === false ? ('replace' as const) : ('add' as const), path: toJsonPointer(['LaunchTemplateData', 'BlockDeviceMappings', mappingIndex, 'Ebs', 'Encrypted']), value: true },
            ],
          },
        }),
      });
    }
  },
});

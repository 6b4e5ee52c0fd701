import { defineCheck } from '../../define-check.js';
import { compareReleases, daysBetween, latestReleaseParameter, parseRelease, type AmiRelease } from '../ami-release.js';
import { nodegroupName, nodegroups, nodegroupsMissing, type Nodegroup } from '../../../analysis/nodes/aws-resources.js';
import { nodegroupTargets, type ComputeTarget } from '../../../analysis/nodes/compute-targets.js';

function maxAge(options: Record<string, unknown>): number {
  const value = options.maxAgeDays;
  return typeof value === 'number' && value > 0 ? value : 90;
}

/** The newest release among other groups of the same AMI type and Kubernetes version. */
function newestSibling(all: readonly Nodegroup[], group: Nodegroup, release: AmiRelease): { group: Nodegroup; release: AmiRelease } | undefined {
  let newest: { group: Nodegroup; release: AmiRelease } | undefined;
  for (const other of all) {
    if (other === group || other.amiType !== group.amiType || other.version !== group.version) continue;
    const candidate = parseRelease(other.amiType, other.releaseVersion);
    if (!candidate) continue;
    const ahead = compareReleases(candidate, newest?.release ?? release);
    if (ahead !== undefined && ahead > 0) newest = { group: other, release: candidate };
  }
  return newest;
}

export const check = defineCheck<ComputeTarget, 'outdated'>({
  id: 'ng-ami-outdated',
  title: 'Node group AMI release behind latest',
  severity: 'medium',
  area: 'nodes',
  needs: ['aws'],
  description:
    "EKS-optimized AMIs are rebuilt every few weeks with kernel, containerd, runc and kubelet fixes; a managed node group keeps its `releaseVersion` until someone updates it. The latest release is published in SSM public parameters (`/aws/service/eks/optimized-ami/<version>/…/recommended/release_version`, `/aws/service/bottlerocket/aws-k8s-<version>/…/latest/image_version`), which the snapshot does not collect. So the check decides from what it can prove: a group is outdated when another node group of the cluster with the same AMI type and Kubernetes version already runs a newer release, or when its release (Amazon Linux and Windows releases carry their build date) is older than `maxAgeDays` (default 90) at collection time. A dated release within that age and not behind a sibling passes; a Bottlerocket release (no date in it) without a newer sibling, and a release when the collection time is unknown, are not evaluated, naming the SSM parameter to read. Custom AMIs (`amiType: CUSTOM`) carry no release EKS tracks and are not evaluated.",
  remediation:
    'Update the node group to the latest AMI release (aws eks update-nodegroup-version --cluster-name … --nodegroup-name …, or a new launch template version with the new AMI), on a schedule or automatically.',
  messages: {
    outdated: '{{what}} runs AMI release {{release}} ({{amiType}}): {{why}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/update-managed-node-group.html', 'https://docs.aws.amazon.com/eks/latest/userguide/retrieve-ami-id.html'],
  options: { maxAgeDays: 90 },
  requires: (inventory) => nodegroupsMissing(inventory),
  targets: (inventory) => nodegroupTargets(inventory),
  evaluate(target, context) {
    const group = target.group;
    if (!group) return;
    const amiType = group.amiType ?? 'unknown AMI type';
    if (group.amiType === 'CUSTOM') {
      context.notEvaluated(`${target.label} runs a custom AMI, whose release EKS does not track; compare its launch template ImageId with your AMI pipeline`);
      return;
    }
    const release = parseRelease(group.amiType, group.releaseVersion);
    if (!release) {
      context.notEvaluated(`${target.label} reports release version "${group.releaseVersion ?? ''}", which is not a release format eksguard knows`);
      return;
    }
    const why: string[] = [];
    const sibling = newestSibling(nodegroups(context.inventory) ?? [], group, release);
    if (sibling) {
      why.push(`node group ${nodegroupName(sibling.group)} of the same AMI type and Kubernetes version already runs ${sibling.release.text}`);
    }
    const collectedAt = context.inventory.source.collectedAt ? new Date(context.inventory.source.collectedAt) : undefined;
    const limit = maxAge(context.options);
    const age = release.kind === 'dated' && collectedAt && !Number.isNaN(collectedAt.getTime()) ? daysBetween(release.date, collectedAt) : undefined;
    if (age !== undefined && age > limit) why.push(`built ${age} days before collection, more than ${limit}`);
    if (why.length > 0) {
      context.fail(
        'outdated',
        { what: target.label, release: release.text, amiType, why: why.join('; ') },
        {
          path: ['releaseVersion'],
          fix: {
            kind: 'suggestion',
            description: `Update the node group to the latest release: aws eks update-nodegroup-version --cluster-name ${group.clusterName ?? '…'} --nodegroup-name ${nodegroupName(group)}`,
            operations: [{ op: 'replace', path: '/releaseVersion', value: sibling?.release.text ?? '<latest release>' }],
          },
        },
      );
      return;
    }
    if (age !== undefined) return;
    const parameter = latestReleaseParameter(group.amiType, group.version);
    const reason = release.kind === 'bottlerocket' ? 'a Bottlerocket release carries no build date' : 'the collection time is unknown';
    context.notEvaluated(
      `Whether ${target.label} runs the latest AMI release (${release.text}) is unknown: ${reason}, no node group of the same AMI type runs a newer one, and the latest release${parameter ? ` (ssm:GetParameter ${parameter})` : ''} is not in the snapshot`,
      { path: ['releaseVersion'] },
    );
  },
});

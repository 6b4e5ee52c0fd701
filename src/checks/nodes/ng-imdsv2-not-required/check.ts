import type { Fix } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { computeMissing, computeTargets, type ComputeTarget } from '../../../analysis/nodes/compute-targets.js';
import { nodegroupMetadata, poolMetadata, type MetadataObservation } from '../../../analysis/nodes/metadata-options.js';

function fixFor(observation: MetadataObservation): Fix {
  if (observation.fromLaunchTemplate) {
    return {
      kind: 'suggestion',
      description:
        'Create a launch template version with MetadataOptions.HttpTokens "required" (aws ec2 create-launch-template-version … --launch-template-data \'{"MetadataOptions":{"HttpTokens":"required","HttpPutResponseHopLimit":1}}\') and roll the node group to it (aws eks update-nodegroup-version --launch-template …). Check first that node agents use an IMDSv2-capable SDK.',
      operations: [{ op: 'replace', path: '/LaunchTemplateData/MetadataOptions/HttpTokens', value: 'required' }],
    };
  }
  return {
    kind: 'suggestion',
    description:
      'Require IMDSv2 on the running instances (aws ec2 modify-instance-metadata-options --instance-id … --http-tokens required) and in whatever launches them (launch template MetadataOptions, Karpenter EC2NodeClass spec.metadataOptions.httpTokens).',
    operations: [{ op: 'replace', path: '/MetadataOptions/HttpTokens', value: 'required' }],
  };
}

export const check = defineCheck<ComputeTarget, 'optional'>({
  id: 'ng-imdsv2-not-required',
  title: 'IMDSv1 allowed on nodes',
  severity: 'high',
  area: 'nodes',
  needs: ['aws'],
  description:
    'With `HttpTokens: optional` the instance metadata service answers plain GET requests (IMDSv1), so any process that can make the node fetch a URL — a pod with a server-side request forgery bug, a proxy — reads the node IAM role credentials; IMDSv2 needs a PUT for a session token first, which such requests cannot make. Decided from the launch template version a managed node group uses (`LaunchTemplateData.MetadataOptions.HttpTokens`); when the group has no launch template of its own or the template leaves the field unset, the AMI (`ImdsSupport`), the account default and EKS decide, and the running instances (`DescribeInstances → MetadataOptions`, tag `eks:nodegroup-name`) tell the outcome. Instances outside managed node groups (self-managed Auto Scaling groups, Karpenter NodePools) are evaluated per group from their instances. An endpoint that is disabled (`HttpEndpoint: disabled`) passes.',
  remediation:
    'Set `MetadataOptions.HttpTokens: required` (with `HttpPutResponseHopLimit: 1`) in the node launch templates or Karpenter EC2NodeClass `metadataOptions`, roll the nodes, and give pods credentials through IRSA or EKS Pod Identity.',
  messages: {
    optional:
      '{{what}} allows IMDSv1 (HttpTokens "optional" in {{where}}): anything that makes the node send a GET to 169.254.169.254 obtains the node role credentials',
  },
  links: [
    'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html#restrict-access-to-the-instance-profile-assigned-to-the-worker-node',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html',
  ],
  requires: (inventory) => computeMissing(inventory),
  targets: (inventory) => computeTargets(inventory),
  evaluate(target, context) {
    const resolution = target.group
      ? nodegroupMetadata(context.inventory, target.group, 'HttpTokens')
      : poolMetadata(target.pool.instances, 'HttpTokens');
    if ('unknown' in resolution) {
      context.notEvaluated(`Whether ${target.label} requires IMDSv2 is unknown: ${resolution.unknown}`);
      return;
    }
    for (const observation of resolution.observations) {
      if (observation.endpointDisabled || observation.value === 'required') continue;
      if (observation.value === 'optional') {
        context.fail('optional', { what: target.label, where: observation.where }, { path: observation.path, fix: fixFor(observation) });
      } else {
        context.notEvaluated(`${target.label}: no HttpTokens value in ${observation.where}`, { path: observation.path });
      }
    }
  },
});

import type { Fix } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { computeMissing, computeTargets, type ComputeTarget } from '../../../analysis/nodes/compute-targets.js';
import { nodegroupMetadata, poolMetadata, type MetadataObservation } from '../../../analysis/nodes/metadata-options.js';

function maxHops(options: Record<string, unknown>): number {
  const value = options.maxHopLimit;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : 1;
}

function fixFor(observation: MetadataObservation, max: number): Fix {
  return observation.fromLaunchTemplate
    ? {
        kind: 'suggestion',
        description: `Create a launch template version with MetadataOptions.HttpPutResponseHopLimit ${max} and roll the node group to it; pods that need AWS credentials should use IRSA or EKS Pod Identity.`,
        operations: [{ op: 'replace', path: '/LaunchTemplateData/MetadataOptions/HttpPutResponseHopLimit', value: max }],
      }
    : {
        kind: 'suggestion',
        description: `Lower the hop limit on the running instances (aws ec2 modify-instance-metadata-options --instance-id … --http-put-response-hop-limit ${max}) and in whatever launches them (launch template, Karpenter EC2NodeClass spec.metadataOptions.httpPutResponseHopLimit).`,
        operations: [{ op: 'replace', path: '/MetadataOptions/HttpPutResponseHopLimit', value: max }],
      };
}

export const check = defineCheck<ComputeTarget, 'hops'>({
  id: 'ng-imds-hop-limit',
  title: 'Pods can reach node IMDS (hop limit ≥2)',
  severity: 'high',
  area: 'nodes',
  needs: ['aws'],
  description:
    "The IMDSv2 token response carries an IP TTL of `HttpPutResponseHopLimit`. A pod on the VPC CNI sits one network hop behind the node, so with a limit of 2 or more the token reaches the pod and the pod reads the node role's credentials; with 1 the response dies at the node. (Tokenless IMDSv1 is not bound by the hop limit at all — see ng-imdsv2-not-required.) The value is read from the launch template version a managed node group uses, else from its running instances (the AMI and EKS defaults differ between AMI families, so an unset field is never assumed), and per group of instances outside managed node groups. A disabled metadata endpoint passes. Option `maxHopLimit` (default 1) allows 2 for node groups whose pods truly need IMDS.",
  remediation:
    'Set `MetadataOptions.HttpPutResponseHopLimit: 1` with `HttpTokens: required` in the node launch templates (Karpenter: EC2NodeClass `metadataOptions.httpPutResponseHopLimit: 1`) and give pods credentials through IRSA or EKS Pod Identity; host-network agents are unaffected.',
  messages: {
    hops: '{{what}} lets pods reach the instance metadata service: HttpPutResponseHopLimit is {{hops}} in {{where}} (limit {{max}}), so a pod gets an IMDSv2 token and the node role credentials',
  },
  links: [
    'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html#restrict-access-to-the-instance-profile-assigned-to-the-worker-node',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html',
  ],
  options: { maxHopLimit: 1 },
  requires: (inventory) => computeMissing(inventory),
  targets: (inventory) => computeTargets(inventory),
  evaluate(target, context) {
    const max = maxHops(context.options);
    const resolution = target.group
      ? nodegroupMetadata(context.inventory, target.group, 'HttpPutResponseHopLimit')
      : poolMetadata(target.pool.instances, 'HttpPutResponseHopLimit');
    if ('unknown' in resolution) {
      context.notEvaluated(`The IMDS hop limit of ${target.label} is unknown: ${resolution.unknown}`);
      return;
    }
    for (const observation of resolution.observations) {
      if (observation.endpointDisabled) continue;
      if (typeof observation.value !== 'number') {
        context.notEvaluated(`${target.label}: no HttpPutResponseHopLimit value in ${observation.where}`, { path: observation.path });
        continue;
      }
      if (observation.value <= max) continue;
      context.fail(
        'hops',
        { what: target.label, hops: observation.value, where: observation.where, max },
        { path: observation.path, fix: fixFor(observation, max) },
      );
    }
  },
});

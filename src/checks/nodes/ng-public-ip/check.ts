import type { EvidencePath } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { CALLS, listSome, missingReason, nodegroupName, subnetById, type Ec2Instance } from '../../../analysis/nodes/aws-resources.js';
import { computeMissing, computeTargets, type ComputeTarget } from '../../../analysis/nodes/compute-targets.js';
import { instancesOfNodegroup } from '../../../analysis/nodes/instances.js';
import { nodegroupLaunchTemplate } from '../../../analysis/nodes/launch-templates.js';

interface Cause {
  text: string;
  path: EvidencePath;
}

function publicInstances(list: readonly Ec2Instance[]): Cause | undefined {
  const exposed = list.filter((instance) => instance.PublicIpAddress);
  if (exposed.length === 0) return undefined;
  const names = exposed.map((instance) => `${instance.InstanceId ?? '?'} (${instance.PublicIpAddress ?? ''})`);
  return { text: `running instances have public IPv4 addresses: ${listSome(names)}`, path: ['PublicIpAddress'] };
}

export const check = defineCheck<ComputeTarget, 'public'>({
  id: 'ng-public-ip',
  title: 'Worker nodes with public IPs / public subnets',
  severity: 'high',
  area: 'nodes',
  needs: ['aws'],
  description:
    "Nodes with a public IPv4 address are reachable from the internet wherever their security groups allow it — the kubelet, NodePorts, SSH — and one permissive rule away otherwise. A managed node group's nodes get one when its launch template sets `NetworkInterfaces[].AssociatePublicIpAddress: true`, or, when the template does not say, when a subnet of the group has `MapPublicIpOnLaunch: true` (DescribeSubnets). Running instances with `PublicIpAddress` confirm it. Instances outside managed node groups are judged by their `PublicIpAddress`. A group is not evaluated when neither its configuration nor running instances can be read.",
  remediation:
    'Run nodes in private subnets (egress through a NAT gateway or VPC endpoints), set `AssociatePublicIpAddress: false` in the launch template, and turn off `MapPublicIpOnLaunch` on subnets that host nodes; reach nodes through SSM Session Manager instead.',
  messages: {
    public: '{{what}} gives nodes public IP addresses: {{why}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/best-practices/subnets.html', 'https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html'],
  requires: (inventory) => computeMissing(inventory),
  targets: (inventory) => computeTargets(inventory),
  evaluate(target, context) {
    if (!target.group) {
      const exposed = publicInstances(target.pool.instances);
      if (exposed) context.fail('public', { what: target.label, why: exposed.text }, { path: exposed.path });
      return;
    }
    const { inventory } = context;
    const group = target.group;
    const causes: Cause[] = [];
    let templateDecides = false;
    const template = nodegroupLaunchTemplate(inventory, group);
    (template?.version?.LaunchTemplateData?.NetworkInterfaces ?? []).forEach((nic, index) => {
      if (nic.AssociatePublicIpAddress === undefined) return;
      templateDecides = true;
      if (nic.AssociatePublicIpAddress) {
        causes.push({
          text: `${template?.label ?? 'the launch template'} sets AssociatePublicIpAddress on network interface ${nic.DeviceIndex ?? index}`,
          path: ['LaunchTemplateData', 'NetworkInterfaces', index, 'AssociatePublicIpAddress'],
        });
      }
    });
    const subnets = subnetById(inventory);
    const groupSubnets = group.subnets ?? [];
    let subnetsKnown = !!subnets;
    // An unreadable launch template may turn public IPs off, so subnets decide only without one.
    if (!templateDecides && subnets && !template?.missing) {
      const mapping = groupSubnets.flatMap((id, index) => (subnets.get(id)?.MapPublicIpOnLaunch ? [{ id, index }] : []));
      subnetsKnown = groupSubnets.every((id) => subnets.has(id));
      const first = mapping[0];
      if (first) {
        causes.push({
          text: `subnet${mapping.length > 1 ? 's' : ''} ${listSome(mapping.map((entry) => entry.id))} assign public IPs on launch (MapPublicIpOnLaunch)`,
          path: ['subnets', first.index],
        });
      }
    }
    const running = instancesOfNodegroup(inventory, nodegroupName(group));
    const exposed = publicInstances(running);
    if (exposed) causes.push(exposed);
    const first = causes[0];
    if (first) {
      context.fail('public', { what: target.label, why: causes.map((cause) => cause.text).join('; ') }, { path: first.path });
      return;
    }
    const configKnown = templateDecides || (subnetsKnown && !template?.missing && groupSubnets.length > 0);
    if (configKnown || running.length > 0) return;
    const reasons = [
      template?.missing,
      subnetsKnown ? undefined : missingReason(inventory, [CALLS.describeSubnets]),
      'no running instance of the group was found',
    ].filter((reason): reason is string => reason !== undefined);
    context.notEvaluated(`Whether ${target.label} gets public IPs is unknown: ${reasons.join('; ')}`);
  },
});

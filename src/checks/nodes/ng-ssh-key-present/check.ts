import type { EvidencePath } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { instancesMissing, listSome, nodegroupName, type Ec2Instance } from '../../../analysis/nodes/aws-resources.js';
import { computeMissing, computeTargets, type ComputeTarget } from '../../../analysis/nodes/compute-targets.js';
import { instancesOfNodegroup } from '../../../analysis/nodes/instances.js';
import { nodegroupLaunchTemplate } from '../../../analysis/nodes/launch-templates.js';

interface KeyUse {
  key: string;
  where: string;
  path: EvidencePath;
}

function keysOfInstances(list: readonly Ec2Instance[]): KeyUse[] {
  const byKey = new Map<string, string[]>();
  for (const instance of list) {
    if (!instance.KeyName) continue;
    const ids = byKey.get(instance.KeyName) ?? [];
    ids.push(instance.InstanceId ?? '?');
    byKey.set(instance.KeyName, ids);
  }
  return [...byKey].map(([key, ids]) => ({ key, where: `instances ${listSome(ids)}`, path: ['KeyName'] }));
}

export const check = defineCheck<ComputeTarget, 'key'>({
  id: 'ng-ssh-key-present',
  title: 'SSH key configured on node group (prefer SSM)',
  severity: 'low',
  area: 'nodes',
  needs: ['aws'],
  description:
    'An EC2 key pair on nodes means a long-lived private key, usually shared by a team, opens a root-capable shell on every node, outside IAM and without an audit trail. SSM Session Manager gives the same access through IAM with CloudTrail and session logging. Read from a managed node group\'s `remoteAccess.ec2SshKey` or its launch template\'s `KeyName`, else from its running instances, and from the instances of groups outside managed node groups (`DescribeInstances → KeyName`).',
  remediation:
    'Launch nodes without a key pair (remove `remoteAccess` — which means a new node group — or `KeyName` from the launch template) and use SSM Session Manager (AmazonSSMManagedInstanceCore on the node role) for break-glass access.',
  messages: {
    key: 'Nodes of {{what}} accept SSH key pair "{{key}}" ({{where}})',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/best-practices/protecting-the-infrastructure.html', 'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html'],
  requires: (inventory) => computeMissing(inventory),
  targets: (inventory) => computeTargets(inventory),
  evaluate(target, context) {
    let uses: KeyUse[] = [];
    if (!target.group) {
      uses = keysOfInstances(target.pool.instances);
    } else {
      const remoteKey = target.group.remoteAccess?.ec2SshKey;
      const template = nodegroupLaunchTemplate(context.inventory, target.group);
      if (remoteKey) {
        uses.push({ key: remoteKey, where: 'remoteAccess.ec2SshKey', path: ['remoteAccess', 'ec2SshKey'] });
      } else if (template?.version) {
        const keyName = template.version.LaunchTemplateData?.KeyName;
        if (keyName) uses.push({ key: keyName, where: `KeyName of ${template.label}`, path: ['LaunchTemplateData', 'KeyName'] });
      } else if (template) {
        const running = instancesOfNodegroup(context.inventory, nodegroupName(target.group));
        if (running.length === 0) {
          context.notEvaluated(
            `Whether the nodes of ${target.label} have an SSH key is unknown: ${template.missing ?? ''}; ${instancesMissing(context.inventory) ?? 'no running instance of the group was found'}`,
          );
          return;
        }
        uses = keysOfInstances(running);
      }
    }
    for (const use of uses) {
      context.fail('key', { what: target.label, key: use.key, where: use.where }, {
        path: use.path,
        fix: {
          kind: 'suggestion',
          description: 'Remove the key pair from the launch configuration (a new launch template version without KeyName, or a new node group without remoteAccess) and use SSM Session Manager.',
          operations: [{ op: 'remove', path: toJsonPointer(use.path) }],
        },
      });
    }
  },
});

import type { Target } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { detectCredentials } from '../../secrets/credential-detector.js';
import { CALLS, missingReason, nodegroupName, nodegroupRef, nodegroups, nodegroupsMissing, type LaunchTemplateVersion } from '../../../analysis/nodes/aws-resources.js';
import { launchTemplateLabel, nodegroupLaunchTemplate } from '../../../analysis/nodes/launch-templates.js';
import { decodeUserData } from '../user-data.js';

type UserDataTarget = Target & ({ version: LaunchTemplateVersion; users: string[]; unknown?: undefined } | { unknown: string; version?: undefined });

export const check = defineCheck<UserDataTarget, 'secrets'>({
  id: 'ng-userdata-secrets',
  title: 'Secrets in node user data',
  severity: 'medium',
  area: 'nodes',
  needs: ['aws'],
  description:
    "User data is not secret: anyone allowed ec2:DescribeLaunchTemplateVersions or ec2:DescribeInstanceAttribute reads it, and every process on the node — pods that reach the instance metadata service included — can fetch it from 169.254.169.254/latest/user-data. The launch templates of the cluster's node groups (`LaunchTemplateData.UserData`, base64, gzip and MIME multi-part documents decoded) are scanned with the same credential detector as ConfigMaps: AWS access keys and other provider tokens by shape, passwords in connection strings, and credential-named assignments with literal values (a Bottlerocket `bootstrap-token`, `DB_PASSWORD=…`). The cluster CA bundle and endpoint are public and not reported. Values are shown masked. User data of instances outside managed node groups is not collected.",
  remediation:
    'Remove the credentials from user data and rotate them; have the boot script fetch secrets from Secrets Manager or SSM Parameter Store (SecureString) with a narrowly scoped node role permission, or give workloads their own credentials through IRSA or EKS Pod Identity.',
  messages: {
    secrets: "The user data of {{what}}{{users}} holds {{credentials}}: readable through the EC2 API and from every node's instance metadata",
  },
  links: ['https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html', 'https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html'],
  requires: (inventory) => {
    if (inventory.aws?.ec2?.launchTemplateVersions) return undefined;
    const groups = nodegroupsMissing(inventory);
    return groups ? `${groups}; ${missingReason(inventory, [CALLS.describeLaunchTemplateVersions])}` : undefined;
  },
  targets: (inventory) => {
    const users = new Map<LaunchTemplateVersion, string[]>();
    const unknown: UserDataTarget[] = [];
    for (const group of nodegroups(inventory) ?? []) {
      const template = nodegroupLaunchTemplate(inventory, group);
      if (template?.version) users.set(template.version, [...(users.get(template.version) ?? []), `node group ${nodegroupName(group)}`]);
      else if (template) unknown.push({ resource: nodegroupRef(group), unknown: `The user data of node group ${nodegroupName(group)} is unknown: ${template.missing ?? ''}` });
    }
    const versions = (inventory.aws?.ec2?.launchTemplateVersions ?? []).map((version) => ({
      resource: { kind: 'LaunchTemplateVersion', name: `${version.LaunchTemplateId ?? version.LaunchTemplateName ?? '?'}:${version.VersionNumber ?? '?'}` },
      version,
      users: users.get(version) ?? [],
    }));
    return [...versions, ...unknown];
  },
  evaluate(target, context) {
    if (target.unknown !== undefined) {
      context.notEvaluated(target.unknown);
      return;
    }
    const userData = target.version.LaunchTemplateData?.UserData;
    if (!userData) return;
    const what = launchTemplateLabel(target.version);
    const parts = decodeUserData(userData);
    if (!parts) {
      context.notEvaluated(`The user data of ${what} is not valid base64`, { path: ['LaunchTemplateData', 'UserData'] });
      return;
    }
    const found = parts.flatMap((part) =>
      detectCredentials(undefined, part.text).map((finding) => {
        const where = `line ${finding.line}${part.part !== undefined ? ` of part ${part.part}${part.contentType ? ` (${part.contentType})` : ''}` : ''}`;
        return `${finding.label}${finding.name ? ` ${finding.name}` : ''} ${finding.masked} on ${where}`;
      }),
    );
    if (found.length === 0) return;
    context.fail(
      'secrets',
      {
        what,
        users: target.users.length > 0 ? ` (${target.users.join(', ')})` : '',
        credentials: found.length <= 4 ? found.join('; ') : `${found.slice(0, 4).join('; ')} and ${found.length - 4} more`,
      },
      { path: ['LaunchTemplateData', 'UserData'] },
    );
  },
});

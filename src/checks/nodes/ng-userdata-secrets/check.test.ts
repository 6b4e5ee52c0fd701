import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { describeCheck, scanCase } from '../../test-support/check-tester.js';
import { CLUSTER_SOURCE, denied, launchTemplateVersion, nodegroup, nodegroupArn, withLaunchTemplate } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const LT = 'lt-0a1b2c3d4e5f60001';
const BR_LT = 'lt-0b0771e70c4e70001';
const CA = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwcmRXSmwK';
const b64 = (text: string): string => Buffer.from(text).toString('base64');
const mime = (script: string): string =>
  b64(
    [
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="==BOUNDARY=="',
      '',
      '--==BOUNDARY==',
      'Content-Type: application/node.eks.aws',
      '',
      '---',
      'apiVersion: node.eks.aws/v1alpha1',
      'kind: NodeConfig',
      'spec:',
      '  cluster:',
      '    name: prod',
      '    apiServerEndpoint: https://4F3A1B2C9D8E7F6A5B4C3D2E1F0A9B8C.gr7.eu-west-1.eks.amazonaws.com',
      `    certificateAuthority: ${CA}`,
      '    cidr: 172.20.0.0/16',
      '',
      '--==BOUNDARY==',
      'Content-Type: text/x-shellscript; charset="us-ascii"',
      '',
      script,
      '--==BOUNDARY==--',
      '',
    ].join('\n'),
  );

const CLEAN = mime('#!/bin/bash\nset -euo pipefail\nDD_API_KEY=$(aws secretsmanager get-secret-value --secret-id prod/datadog --query SecretString --output text)\necho "api_key: ${DD_API_KEY}" > /etc/datadog-agent/datadog.yaml\n');
const LEAKY = mime(
  '#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAQ3EGRVXK2LMN7P4Z\nexport AWS_SECRET_ACCESS_KEY=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\nmount -t nfs4 nfs://backup:Sup3rS3cret!@10.0.5.5/exports /mnt/backup\n',
);
const BOTTLEROCKET = gzipSync(
  `[settings.kubernetes]\napi-server = "https://4F3A.gr7.eu-west-1.eks.amazonaws.com"\ncluster-certificate = "${CA}"\ncluster-name = "prod"\nbootstrap-token = "07401b.f395accd246ae52d"\n`,
).toString('base64');

describeCheck(check, {
  pass: [
    {
      name: 'AL2023 NodeConfig with the cluster CA and a script that fetches its secret at boot',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [withLaunchTemplate(nodegroup('general'), LT, 1)] },
        ec2: { launchTemplateVersions: [launchTemplateVersion(LT, 1, { UserData: CLEAN })] },
      },
    },
  ],
  fail: [
    {
      name: 'AWS keys and an NFS password in a script part; a Bottlerocket bootstrap token in gzip TOML',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [withLaunchTemplate(nodegroup('general'), LT, 2), withLaunchTemplate(nodegroup('br', { amiType: 'BOTTLEROCKET_x86_64' }), BR_LT, 1)] },
        ec2: {
          launchTemplateVersions: [
            launchTemplateVersion(LT, 1, { UserData: CLEAN }),
            launchTemplateVersion(LT, 2, { UserData: LEAKY }),
            launchTemplateVersion(BR_LT, 1, { UserData: BOTTLEROCKET }, 'br-nodes'),
          ],
        },
      },
      expect: [
        {
          resource: `LaunchTemplateVersion/${LT}:2`,
          path: 'LaunchTemplateData.UserData',
          message:
            "The user data of launch template ng-lt (lt-0a1b2c3d4e5f60001) version 2 (node group general) holds AWS access key id AKIA************7P4Z on line 2 of part 2 (text/x-shellscript); AWS secret access key AWS_SECRET_ACCESS_KEY wJal************kLmT on line 3 of part 2 (text/x-shellscript); password in a connection string nfs://backup:********@10.0.5.5 on line 4 of part 2 (text/x-shellscript): readable through the EC2 API and from every node's instance metadata",
        },
        { resource: `LaunchTemplateVersion/${BR_LT}:1`, message: /\(node group br\) holds token bootstrap-token 0740\*+e52d on line 5:/ },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'the launch template of a node group was denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { eks: { nodegroups: [withLaunchTemplate(nodegroup('general'), LT, 1)] }, ec2: { launchTemplateVersions: [] } },
      errors: [denied('ec2', 'DescribeLaunchTemplateVersions', LT)],
      expect: [{ resource: nodegroupArn('general'), message: /ec2:DescribeLaunchTemplateVersions for lt-0a1b2c3d4e5f60001 failed during collection/ }],
    },
    {
      name: 'nothing collected',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'ListNodegroups'), denied('ec2', 'DescribeLaunchTemplateVersions')],
      expect: [{ message: /eks:ListNodegroups failed.*ec2:DescribeLaunchTemplateVersions failed/ }],
    },
  ],
});

describe('ng-userdata-secrets masking', () => {
  it('never prints a credential in clear', () => {
    const { results } = scanCase(check, {
      name: 'leaky',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: { ec2: { launchTemplateVersions: [launchTemplateVersion(LT, 2, { UserData: LEAKY })] } },
    });
    const text = JSON.stringify(results);
    expect(text).not.toContain('AKIAQ3EGRVXK2LMN7P4Z');
    expect(text).not.toContain('wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8Ga2kLmT');
    expect(text).not.toContain('Sup3rS3cret!');
  });
});

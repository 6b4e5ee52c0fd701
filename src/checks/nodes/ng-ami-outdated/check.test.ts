import { describeCheck } from '../../test-support/check-tester.js';
import { CLUSTER_SOURCE, denied, nodegroup, nodegroupArn } from '../test-support/aws-fixtures.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'recent AL2023 releases (collected 2026-11-27)',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: {
          nodegroups: [
            nodegroup('general', { releaseVersion: '1.31.2-20261110' }),
            nodegroup('system', { releaseVersion: '1.31.2-20261110' }),
            nodegroup('arm', { amiType: 'AL2023_ARM_64_STANDARD', releaseVersion: '1.31.2-20261015' }),
          ],
        },
      },
    },
  ],
  fail: [
    {
      name: 'behind a sibling of the same AMI type and version, and too old',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: {
          nodegroups: [
            nodegroup('general', { releaseVersion: '1.31.2-20261110' }),
            nodegroup('batch', { releaseVersion: '1.31.2-20261020' }),
            nodegroup('legacy', { amiType: 'AL2_x86_64', releaseVersion: '1.31.0-20260301' }),
            nodegroup('br-a', { amiType: 'BOTTLEROCKET_x86_64', releaseVersion: '1.30.0-8c2b4d1e' }),
            nodegroup('br-b', { amiType: 'BOTTLEROCKET_x86_64', releaseVersion: '1.26.2-360b7a38' }),
          ],
        },
      },
      expect: [
        {
          resource: nodegroupArn('batch'),
          path: 'releaseVersion',
          message:
            'node group batch runs AMI release 1.31.2-20261020 (AL2023_x86_64_STANDARD): node group general of the same AMI type and Kubernetes version already runs 1.31.2-20261110',
        },
        { resource: nodegroupArn('legacy'), message: /built 271 days before collection, more than 90$/ },
        { resource: nodegroupArn('br-b'), message: /node group br-a .* already runs 1\.30\.0-8c2b4d1e/ },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'a lone Bottlerocket group and a custom AMI',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: {
          nodegroups: [
            nodegroup('br', { amiType: 'BOTTLEROCKET_ARM_64', releaseVersion: '1.30.0-8c2b4d1e' }),
            nodegroup('custom', { amiType: 'CUSTOM', releaseVersion: 'ami-0c0ffee000000001' }),
          ],
        },
      },
      expect: [
        { resource: nodegroupArn('br'), message: /a Bottlerocket release carries no build date.*ssm:GetParameter \/aws\/service\/bottlerocket\/aws-k8s-1\.31\/arm64\/latest\/image_version/ },
        { resource: nodegroupArn('custom'), message: /custom AMI/ },
      ],
    },
    {
      name: 'node groups denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'DescribeNodegroup')],
      expect: [{ message: /eks:DescribeNodegroup failed during collection/ }],
    },
  ],
});

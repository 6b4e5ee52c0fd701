import { describeCheck } from '../../test-support/check-tester.js';
import {
  CLUSTER_SOURCE,
  denied,
  instance,
  launchTemplateVersion,
  nodegroup,
  nodegroupArn,
  withLaunchTemplate,
} from '../test-support/aws-fixtures.js';
import { check } from './check.js';

const LT = 'lt-0a1b2c3d4e5f60001';

describeCheck(check, {
  pass: [
    {
      name: 'hop limit 1 in the launch template',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [withLaunchTemplate(nodegroup('general'), LT, 1)] },
        ec2: { launchTemplateVersions: [launchTemplateVersion(LT, 1, { MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 } })] },
      },
    },
    {
      name: 'hop limit 2 allowed by option; endpoint disabled on a standalone instance',
      yaml: '',
      source: CLUSTER_SOURCE,
      options: { maxHopLimit: 2 },
      aws: {
        eks: { nodegroups: [nodegroup('general')] },
        ec2: {
          instances: [
            instance('i-0aaa0000000000001', 'general', { MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' } }),
            instance('i-0solo000000000001', undefined, { MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 3, HttpEndpoint: 'disabled' } }),
          ],
        },
      },
    },
  ],
  fail: [
    {
      name: 'launch template sets hop limit 2',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [withLaunchTemplate(nodegroup('general'), LT, 1)] },
        ec2: { launchTemplateVersions: [launchTemplateVersion(LT, 1, { MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2 } })] },
      },
      expect: [
        {
          resource: nodegroupArn('general'),
          path: 'LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit',
          message: /HttpPutResponseHopLimit is 2 in launch template ng-lt \(lt-0a1b2c3d4e5f60001\) version 1 \(limit 1\)/,
        },
      ],
    },
    {
      name: 'no launch template: instances of the group differ, one finding for those above the limit',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [nodegroup('general')] },
        ec2: {
          instances: [
            instance('i-0aaa0000000000001', 'general', { MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' } }),
            instance('i-0aaa0000000000002', 'general', { MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' } }),
            instance('i-0aaa0000000000003', 'general'),
          ],
        },
      },
      expect: [{ resource: nodegroupArn('general'), path: 'MetadataOptions.HttpPutResponseHopLimit', message: /2 instances \(i-0aaa0000000000001, i-0aaa0000000000002\)/ }],
    },
  ],
  notEvaluated: [
    {
      name: 'template does not set it and instances were denied',
      yaml: '',
      source: CLUSTER_SOURCE,
      aws: {
        eks: { nodegroups: [withLaunchTemplate(nodegroup('general'), LT, 1)] },
        ec2: { launchTemplateVersions: [launchTemplateVersion(LT, 1, { MetadataOptions: { HttpTokens: 'required' } })] },
      },
      errors: [denied('ec2', 'DescribeInstances')],
      expect: [{ resource: nodegroupArn('general'), message: /does not set MetadataOptions.HttpPutResponseHopLimit.*ec2:DescribeInstances failed during collection/ }],
    },
    {
      name: 'nothing collected',
      yaml: '',
      source: CLUSTER_SOURCE,
      errors: [denied('eks', 'DescribeNodegroup')],
      expect: [{ message: /eks:DescribeNodegroup failed during collection/ }],
    },
  ],
});

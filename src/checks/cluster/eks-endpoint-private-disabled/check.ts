import { defineCheck } from '../../define-check.js';
import { cliName, clusterMissing, eksClusterTargets, type ClusterTarget } from '../eks-data.js';

export const check = defineCheck<ClusterTarget, 'privateDisabled'>({
  id: 'eks-endpoint-private-disabled',
  title: 'Private endpoint disabled (nodes/API traffic leaves VPC)',
  severity: 'medium',
  area: 'cluster',
  needs: ['aws'],
  description:
    'Without the private endpoint, kubelets, pods and operators inside the VPC reach the API server through its public endpoint: their traffic leaves the VPC, and the public endpoint must stay open to every NAT address the nodes use.',
  remediation:
    'Turn the private endpoint on: `aws eks update-cluster-config --name <cluster> --resources-vpc-config endpointPrivateAccess=true`; then narrow or close the public endpoint.',
  messages: {
    privateDisabled: 'Cluster "{{cluster}}" has no private API endpoint: in-VPC traffic to the API server goes through the public endpoint',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html'],
  requires: clusterMissing,
  targets: eksClusterTargets,
  evaluate({ cluster }, context) {
    const vpc = cluster.resourcesVpcConfig;
    if (vpc?.endpointPrivateAccess === undefined) {
      context.notEvaluated('DescribeCluster returned no resourcesVpcConfig.endpointPrivateAccess');
      return;
    }
    if (vpc.endpointPrivateAccess) return;
    const name = cliName(cluster, context.inventory);
    context.fail('privateDisabled', { cluster: name }, {
      path: ['resourcesVpcConfig', 'endpointPrivateAccess'],
      fix: {
        kind: 'suggestion',
        description: `aws eks update-cluster-config --name ${name} --resources-vpc-config endpointPrivateAccess=true (the VPC needs DNS hostnames and DNS resolution enabled)`,
        operations: [{ op: 'replace', path: '/resourcesVpcConfig/endpointPrivateAccess', value: true }],
      },
    });
  },
});

import { defineCheck } from '../../define-check.js';
import { cliName, clusterMissing, eksClusterTargets, type ClusterTarget } from '../eks-data.js';

export const check = defineCheck<ClusterTarget, 'publicEndpoint'>({
  id: 'eks-endpoint-public-enabled',
  title: 'Public endpoint enabled at all',
  severity: 'medium',
  area: 'cluster',
  needs: ['aws'],
  description:
    'A public API endpoint is reachable from outside the VPC. Even restricted by CIDR it widens the attack surface of the API server; CIS EKS 5.4.2 asks for a private endpoint only.',
  remediation:
    'Reach the API server through the VPC (VPN, Direct Connect, a bastion or CI runners in the VPC) and turn the public endpoint off: `aws eks update-cluster-config --name <cluster> --resources-vpc-config endpointPublicAccess=false,endpointPrivateAccess=true`.',
  messages: {
    publicEndpoint: 'Cluster "{{cluster}}" has a public API endpoint (allowed from {{cidrs}})',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html'],
  requires: clusterMissing,
  targets: eksClusterTargets,
  evaluate({ cluster }, context) {
    const vpc = cluster.resourcesVpcConfig;
    if (vpc?.endpointPublicAccess === undefined) {
      context.notEvaluated('DescribeCluster returned no resourcesVpcConfig.endpointPublicAccess');
      return;
    }
    if (!vpc.endpointPublicAccess) return;
    const name = cliName(cluster, context.inventory);
    const cidrs = vpc.publicAccessCidrs?.length ? vpc.publicAccessCidrs.join(', ') : '0.0.0.0/0 (default)';
    context.fail('publicEndpoint', { cluster: name, cidrs }, {
      path: ['resourcesVpcConfig', 'endpointPublicAccess'],
      fix: {
        kind: 'suggestion',
        description: `Make sure every client reaches the private endpoint first, then: aws eks update-cluster-config --name ${name} --resources-vpc-config endpointPublicAccess=false,endpointPrivateAccess=true`,
        operations: [
          { op: 'replace', path: '/resourcesVpcConfig/endpointPublicAccess', value: false },
          { op: 'replace', path: '/resourcesVpcConfig/endpointPrivateAccess', value: true },
        ],
      },
    });
  },
});

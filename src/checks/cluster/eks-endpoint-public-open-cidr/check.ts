import { defineCheck } from '../../define-check.js';
import { cliName, clusterMissing, eksClusterTargets, type ClusterTarget } from '../eks-data.js';
import { coversAllIpv4, isWorldCidr } from '../public-access.js';

export const check = defineCheck<ClusterTarget, 'worldCidr' | 'defaultCidrs' | 'coveringCidrs'>({
  id: 'eks-endpoint-public-open-cidr',
  title: 'Public API endpoint reachable from 0.0.0.0/0',
  severity: 'high',
  area: 'cluster',
  needs: ['aws'],
  description:
    'With the public endpoint on and `publicAccessCidrs` open to every address, anyone on the internet can reach the Kubernetes API server: stolen credentials, token leaks and API server vulnerabilities are then exploitable from anywhere.',
  remediation:
    'Turn the public endpoint off (`endpointPublicAccess=false`, with the private endpoint on), or restrict `publicAccessCidrs` to the egress ranges of your offices, VPN and CI: `aws eks update-cluster-config --name <cluster> --resources-vpc-config publicAccessCidrs=<cidr>,<cidr>`.',
  messages: {
    worldCidr: 'Public API endpoint of cluster "{{cluster}}" accepts {{cidr}}: reachable from the whole internet',
    defaultCidrs: 'Public API endpoint of cluster "{{cluster}}" has no publicAccessCidrs: EKS then allows 0.0.0.0/0',
    coveringCidrs: 'Public API endpoint of cluster "{{cluster}}" accepts {{cidrs}}, which together cover every IPv4 address',
  },
  links: [
    'https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html',
    'https://docs.aws.amazon.com/eks/latest/best-practices/control-plane.html',
  ],
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
    const fix = {
      kind: 'suggestion' as const,
      description: `Allow only your own egress ranges: aws eks update-cluster-config --name ${name} --resources-vpc-config publicAccessCidrs=<cidr>,<cidr> (or endpointPublicAccess=false,endpointPrivateAccess=true)`,
      operations: [{ op: 'replace' as const, path: '/resourcesVpcConfig/publicAccessCidrs', value: ['203.0.113.0/24'] }],
    };
    const cidrs = vpc.publicAccessCidrs ?? [];
    if (cidrs.length === 0) {
      context.fail('defaultCidrs', { cluster: name }, { path: ['resourcesVpcConfig', 'publicAccessCidrs'], fix });
      return;
    }
    let reported = false;
    cidrs.forEach((cidr, index) => {
      if (!isWorldCidr(cidr)) return;
      reported = true;
      context.fail('worldCidr', { cluster: name, cidr }, { path: ['resourcesVpcConfig', 'publicAccessCidrs', index], fix });
    });
    if (!reported && coversAllIpv4(cidrs)) {
      context.fail('coveringCidrs', { cluster: name, cidrs: cidrs.join(', ') }, { path: ['resourcesVpcConfig', 'publicAccessCidrs'], fix });
    }
  },
});

import { describe, expect, it } from 'vitest';
import { ENGINE_DAEMONSETS, networkPolicyEngines, nodeAgentEnforces } from './network-policy-engines.js';
import { addon, awsWith, describeCluster } from './test-support/aws-fixtures.js';
import { inventoryOf } from './test-support/inventory.js';

const awsNode = (args: string[]) => `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: aws-node, namespace: kube-system }
spec:
  template:
    spec:
      containers:
        - name: aws-node
          image: amazon-k8s-cni:v1.21.0
        - name: aws-network-policy-agent
          image: aws-network-policy-agent:v1.2.7
          args: ${JSON.stringify(args)}
`;

const objectOf = (yaml: string) => inventoryOf({ yaml }).objects[0];

describe('nodeAgentEnforces', () => {
  it('reads --enable-network-policy in its forms', () => {
    expect(nodeAgentEnforces(objectOf(awsNode(['--enable-network-policy=true'])))).toBe(true);
    expect(nodeAgentEnforces(objectOf(awsNode(['-enable-network-policy=True'])))).toBe(true);
    expect(nodeAgentEnforces(objectOf(awsNode(['--enable-network-policy', 'true'])))).toBe(true);
    expect(nodeAgentEnforces(objectOf(awsNode(['--enable-network-policy=false', '--enable-ipv6=true'])))).toBe(false);
    expect(nodeAgentEnforces(undefined)).toBe(false);
  });
});

describe('networkPolicyEngines', () => {
  it('counts Calico and Cilium wherever they run', () => {
    const inventory = inventoryOf({
      yaml: `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: calico-node, namespace: calico-system }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: cilium, namespace: kube-system }
`,
    });
    expect(networkPolicyEngines(inventory, ENGINE_DAEMONSETS).engines).toEqual([
      'Calico (DaemonSet calico-system/calico-node)',
      'Cilium (DaemonSet kube-system/cilium)',
    ]);
  });

  it('trusts the managed add-on setting over the DaemonSet', () => {
    const inventory = inventoryOf({
      yaml: awsNode(['--enable-network-policy=true']),
      aws: awsWith({ cluster: describeCluster(), eks: { addons: [addon('vpc-cni', 'v1.21.0-eksbuild.4')] } }),
    });
    const result = networkPolicyEngines(inventory, ENGINE_DAEMONSETS);
    expect(result.engines).toEqual([]);
    expect(result.vpcCniState).toBe('the vpc-cni add-on v1.21.0-eksbuild.4 has enableNetworkPolicy unset in its configuration values');
    expect(result.missing).toEqual([]);
  });

  it('needs the add-on list to rule out a managed VPC CNI', () => {
    const result = networkPolicyEngines(inventoryOf({ yaml: awsNode(['--enable-network-policy=false']) }), ENGINE_DAEMONSETS);
    expect(result.engines).toEqual([]);
    expect(result.missing).toEqual([expect.stringMatching(/eks:ListAddons/)]);
  });
});

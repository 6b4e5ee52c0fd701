/**
 * Node pools, container escapes and node credentials: inventory in, edges out, and each edge
 * gone once one link is fixed (not privileged, pinned elsewhere, IMDSv2 with hop limit 1, an
 * egress policy, Fargate).
 */
import { describe, expect, it } from 'vitest';
import type { AwsData, PolicyDocument } from '../../model/index.js';
import { allowDoc, role, yamlStream } from '../../checks/identity/test-support/aws-fixtures.js';
import { cluster, instance, launchTemplateVersion, nodegroup, nodegroupArn, withLaunchTemplate } from '../../checks/nodes/test-support/aws-fixtures.js';
import type { Nodegroup } from '../../analysis/nodes/aws-resources.js';
import { SecurityGraph, type GraphEdge } from '../security-graph.js';
import { graphInventory } from '../test-support/inventory.js';
import { addNodeEdges } from './nodes.js';

const ACCOUNT = '111122223333';
const GENERAL_ROLE = `arn:aws:iam::${ACCOUNT}:role/prod-eks-node`;
const BATCH_ROLE = `arn:aws:iam::${ACCOUNT}:role/prod-eks-node-batch`;
const ec2Trust: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

type Metadata = { HttpTokens: 'optional' | 'required'; HttpPutResponseHopLimit: number; HttpEndpoint?: 'enabled' | 'disabled' };
const IMDSV2_HOP1: Metadata = { HttpTokens: 'required', HttpPutResponseHopLimit: 1 };
const IMDSV1: Metadata = { HttpTokens: 'optional', HttpPutResponseHopLimit: 1 };

/** Node group `general` (role prod-eks-node) and tainted `batch` (prod-eks-node-batch), each from its launch template. */
function nodeAws(options: { general?: Metadata; batch?: Metadata; fargate?: boolean; extraGroups?: Nodegroup[] } = {}): AwsData {
  const general = withLaunchTemplate(nodegroup('general', { nodeRole: GENERAL_ROLE }), 'lt-general', 1, 'general');
  const batch = withLaunchTemplate(nodegroup('batch', { nodeRole: BATCH_ROLE, taints: [{ key: 'workload', value: 'batch', effect: 'NO_SCHEDULE' }] }), 'lt-batch', 1, 'batch');
  const data: AwsData = {
    eks: { cluster: cluster(), nodegroups: [general, batch, ...(options.extraGroups ?? [])] },
    ec2: {
      launchTemplateVersions: [
        launchTemplateVersion('lt-general', 1, { MetadataOptions: options.general ?? IMDSV2_HOP1 }, 'general'),
        launchTemplateVersion('lt-batch', 1, { MetadataOptions: options.batch ?? IMDSV2_HOP1 }, 'batch'),
      ],
      instances: [],
    },
    iam: {
      roles: [
        role('prod-eks-node', { trust: ec2Trust, attached: [{ arn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy' }] }),
        role('prod-eks-node-batch', { trust: ec2Trust, inline: [{ name: 'data', document: allowDoc('s3:*') }] }),
      ],
    },
  };
  if (options.fargate) {
    data.eks!.fargateProfiles = [
      { fargateProfileName: 'serverless', podExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/prod-fargate`, selectors: [{ namespace: 'serverless' }], status: 'ACTIVE' },
    ];
  }
  return data;
}

function deployment(namespace: string, name: string, spec = '', container = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
${spec}      containers:
        - name: app
          image: registry.example/${name}:1
${container}`;
}

const PRIVILEGED = '          securityContext: { privileged: true }\n';

function graphOf(yaml: string, aws?: AwsData): SecurityGraph {
  const graph = new SecurityGraph();
  addNodeEdges(graph, graphInventory(yaml, aws));
  return graph;
}

function edges(graph: SecurityGraph, kind: GraphEdge['kind']): string[] {
  return [...graph.edges()].filter((edge) => edge.kind === kind).map((edge) => `${edge.from} -> ${edge.to}`).sort();
}

function edge(graph: SecurityGraph, from: string, kind: GraphEdge['kind'], to: string): GraphEdge | undefined {
  return graph.out(from).find((candidate) => candidate.kind === kind && candidate.to === to);
}

describe('node pools', () => {
  it('adds each node group and Fargate profile, the node role and what it grants', () => {
    const graph = graphOf('', nodeAws({ fargate: true }));
    expect(graph.node('NodeGroup:managed/general')).toMatchObject({ type: 'node-group', attrs: { pool: 'managed', label: 'node group general' }, resource: { kind: 'Nodegroup', name: nodegroupArn('general') } });
    expect(graph.node('NodeGroup:fargate/serverless')?.attrs).toMatchObject({ fargate: true, podExecutionRole: `arn:aws:iam::${ACCOUNT}:role/prod-fargate` });
    expect(edges(graph, 'node-credentials')).toEqual([`NodeGroup:managed/batch -> IAMRole:${BATCH_ROLE}`, `NodeGroup:managed/general -> IAMRole:${GENERAL_ROLE}`]);
    expect(edge(graph, 'NodeGroup:managed/general', 'node-credentials', `IAMRole:${GENERAL_ROLE}`)?.evidence[0]).toMatchObject({ resource: { kind: 'Nodegroup' }, path: 'nodeRole' });
    const grant = edge(graph, `IAMRole:${BATCH_ROLE}`, 'has-permission', 'AWSPermission:s3-read');
    expect(grant?.enabledBy).toEqual([{ kind: 'IAMRole', name: BATCH_ROLE }]);
    expect(edges(graph, 'has-permission')).toEqual([`IAMRole:${BATCH_ROLE} -> AWSPermission:s3-read`]);
  });

  it('takes a Karpenter NodePool role from its EC2NodeClass, with or without nodes yet', () => {
    const karpenter = `apiVersion: karpenter.sh/v1
kind: NodePool
metadata: { name: default }
spec:
  template:
    spec:
      nodeClassRef: { group: karpenter.k8s.aws, kind: EC2NodeClass, name: default }
---
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata: { name: default }
spec:
  role: KarpenterNodeRole-prod
  metadataOptions: { httpTokens: optional, httpPutResponseHopLimit: 1 }
`;
    const graph = graphOf(yamlStream(karpenter, deployment('shop', 'web')), { eks: { cluster: cluster() } });
    const arn = `arn:aws:iam::${ACCOUNT}:role/KarpenterNodeRole-prod`;
    expect(edges(graph, 'node-credentials')).toEqual([`Deployment:shop/web -> IAMRole:${arn}`, `NodeGroup:karpenter/default -> IAMRole:${arn}`]);
    expect(edge(graph, 'NodeGroup:karpenter/default', 'node-credentials', `IAMRole:${arn}`)?.evidence[0]).toMatchObject({ resource: { kind: 'EC2NodeClass', name: 'default' }, path: 'spec.role' });
  });

  it('links pools of unknown role to the node roles no known pool uses, and says it guessed', () => {
    const node = `apiVersion: v1\nkind: Node\nmetadata:\n  name: ip-10-0-1-1.eu-west-1.compute.internal\n  labels: { alpha.eksctl.io/nodegroup-name: workers }\n`;
    const entry = { accessEntry: { principalArn: `arn:aws:iam::${ACCOUNT}:role/self-managed-nodes`, type: 'EC2_LINUX', kubernetesGroups: ['system:nodes'] }, associatedAccessPolicies: [] };
    const graph = graphOf(node, { eks: { cluster: cluster(), accessEntries: [entry] } });
    const found = edge(graph, 'NodeGroup:eksctl/workers', 'node-credentials', `IAMRole:arn:aws:iam::${ACCOUNT}:role/self-managed-nodes`);
    expect(found?.evidence[0]?.detail).toMatch(/does not say which role self-managed node group workers runs as/);
    // Without any Node, the node role stands for a pool of its own.
    expect(graphOf('', { eks: { cluster: cluster(), accessEntries: [entry] } }).node('NodeGroup:self-managed/self-managed-nodes')).toBeDefined();
  });
});

describe('escapes-to-node', () => {
  it('links a privileged workload to every untainted pool it may run on, with the field and the finding resources', () => {
    const graph = graphOf(deployment('shop', 'web', '', PRIVILEGED), nodeAws({ fargate: true }));
    expect(edges(graph, 'escapes-to-node')).toEqual(['Deployment:shop/web -> NodeGroup:managed/general']);
    const found = edge(graph, 'Deployment:shop/web', 'escapes-to-node', 'NodeGroup:managed/general');
    expect(found?.evidence[0]).toEqual({
      resource: { kind: 'Deployment', namespace: 'shop', name: 'web' },
      path: 'spec.template.spec.containers[0].securityContext.privileged',
      detail: 'container "app" runs privileged',
    });
    expect(found?.evidence[1]?.detail).toMatch(/nothing constrains where its pods run/);
    expect(found?.enabledBy).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, { kind: 'Namespace', name: 'shop' }]);
  });

  it('follows nodeSelector, node affinity and tolerations', () => {
    const tolerate = '      tolerations: [{ key: workload, operator: Equal, value: batch, effect: NoSchedule }]\n';
    const pin = '      nodeSelector: { eks.amazonaws.com/nodegroup: batch }\n';
    expect(edges(graphOf(deployment('shop', 'web', tolerate, PRIVILEGED), nodeAws()), 'escapes-to-node')).toEqual([
      'Deployment:shop/web -> NodeGroup:managed/batch',
      'Deployment:shop/web -> NodeGroup:managed/general',
    ]);
    expect(edges(graphOf(deployment('shop', 'web', tolerate + pin, PRIVILEGED), nodeAws()), 'escapes-to-node')).toEqual(['Deployment:shop/web -> NodeGroup:managed/batch']);
    // Pinned to batch without tolerating its taint: the pods never schedule.
    expect(edges(graphOf(deployment('shop', 'web', pin, PRIVILEGED), nodeAws()), 'escapes-to-node')).toEqual([]);
    const affinity = `      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms: [{ matchExpressions: [{ key: eks.amazonaws.com/nodegroup, operator: NotIn, values: [general] }] }]
`;
    expect(edges(graphOf(deployment('shop', 'web', tolerate + affinity, PRIVILEGED), nodeAws()), 'escapes-to-node')).toEqual(['Deployment:shop/web -> NodeGroup:managed/batch']);
  });

  it.each([
    ['hostPID', '      hostPID: true\n', ''],
    ['a writable /var/lib/kubelet', '      volumes: [{ name: k, hostPath: { path: /var/lib/kubelet } }]\n', '          volumeMounts: [{ name: k, mountPath: /k }]\n'],
    ['the containerd socket, even read-only', '      volumes: [{ name: s, hostPath: { path: /run/containerd/containerd.sock } }]\n', '          volumeMounts: [{ name: s, mountPath: /s, readOnly: true }]\n'],
    ['CAP_SYS_ADMIN', '', '          securityContext: { capabilities: { add: [SYS_ADMIN] } }\n'],
  ])('counts %s as an escape', (_label, spec, container) => {
    expect(edges(graphOf(deployment('shop', 'web', spec, container), nodeAws()), 'escapes-to-node')).toEqual(['Deployment:shop/web -> NodeGroup:managed/general']);
  });

  it.each([
    ['a read-only /var/log', '      volumes: [{ name: l, hostPath: { path: /var/log } }]\n', '          volumeMounts: [{ name: l, mountPath: /l, readOnly: true }]\n'],
    ['NET_BIND_SERVICE', '', '          securityContext: { capabilities: { add: [NET_BIND_SERVICE] } }\n'],
    ['SYS_ADMIN in a user namespace', '      hostUsers: false\n', '          securityContext: { capabilities: { add: [SYS_ADMIN] } }\n'],
    ['privileged: false', '', '          securityContext: { privileged: false }\n'],
  ])('does not count %s', (_label, spec, container) => {
    expect(edges(graphOf(deployment('shop', 'web', spec, container), nodeAws()), 'escapes-to-node')).toEqual([]);
  });

  it('never escapes from Fargate', () => {
    expect(edges(graphOf(deployment('serverless', 'job', '', PRIVILEGED), nodeAws({ fargate: true })), 'escapes-to-node')).toEqual([]);
  });
});

describe('node-credentials through the instance metadata service', () => {
  const web = deployment('shop', 'web');

  it('links a pod to the node role when the node allows IMDSv1, with the setting and egress as evidence', () => {
    const graph = graphOf(web, nodeAws({ general: IMDSV1 }));
    const found = edge(graph, 'Deployment:shop/web', 'node-credentials', `IAMRole:${GENERAL_ROLE}`);
    expect(found?.evidence.map((item) => item.detail)).toEqual([
      expect.stringMatching(/nothing constrains/),
      expect.stringMatching(/IMDSv1 allowed/),
      'no egress policy selects its pods, so they reach 169.254.169.254',
      expect.stringMatching(/runs its nodes as/),
    ]);
    expect(found?.enabledBy).toEqual([{ kind: 'Nodegroup', name: nodegroupArn('general') }, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }]);
  });

  it('also with IMDSv2 and a hop limit of 2', () => {
    expect(edges(graphOf(web, nodeAws({ general: { HttpTokens: 'required', HttpPutResponseHopLimit: 2 } })), 'node-credentials')).toContain(`Deployment:shop/web -> IAMRole:${GENERAL_ROLE}`);
  });

  it('not with IMDSv2 and hop limit 1, a disabled endpoint, or unknown settings', () => {
    expect(edges(graphOf(web, nodeAws()), 'node-credentials').filter((text) => text.startsWith('Deployment'))).toEqual([]);
    expect(edges(graphOf(web, nodeAws({ general: { ...IMDSV1, HttpEndpoint: 'disabled' } })), 'node-credentials').filter((text) => text.startsWith('Deployment'))).toEqual([]);
    const unset = nodeAws();
    unset.ec2!.launchTemplateVersions = [];
    expect(edges(graphOf(web, unset), 'node-credentials').filter((text) => text.startsWith('Deployment'))).toEqual([]);
  });

  it('not when an egress policy keeps the pods away from 169.254.169.254', () => {
    const egress = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: no-imds, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{ to: [{ ipBlock: { cidr: 0.0.0.0/0, except: [169.254.169.254/32] } }] }]
`;
    expect(edges(graphOf(yamlStream(web, egress), nodeAws({ general: IMDSV1 })), 'node-credentials').filter((text) => text.startsWith('Deployment'))).toEqual([]);
    const allowAll = egress.replace(', except: [169.254.169.254/32]', '');
    const found = edge(graphOf(yamlStream(web, allowAll), nodeAws({ general: IMDSV1 })), 'Deployment:shop/web', 'node-credentials', `IAMRole:${GENERAL_ROLE}`);
    expect(found?.evidence[2]).toMatchObject({ resource: { kind: 'NetworkPolicy', name: 'no-imds' }, path: 'spec.egress[0].to[0]' });
  });

  it('links host-network pods whatever the hop limit, and never Fargate pods', () => {
    expect(edges(graphOf(deployment('shop', 'web', '      hostNetwork: true\n'), nodeAws()), 'node-credentials')).toContain(`Deployment:shop/web -> IAMRole:${GENERAL_ROLE}`);
    expect(edges(graphOf(deployment('serverless', 'job'), nodeAws({ general: IMDSV1, fargate: true })), 'node-credentials').filter((text) => text.startsWith('Deployment'))).toEqual([]);
  });

  it('reads the metadata options of instances outside managed node groups', () => {
    const asgInstance = instance('i-0self', undefined, {
      PrivateDnsName: 'ip-10-0-9-9.eu-west-1.compute.internal',
      MetadataOptions: { HttpTokens: 'optional', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' },
      Tags: [{ Key: 'aws:autoscaling:groupName', Value: 'self-managed' }],
    });
    const nodeRole = `arn:aws:iam::${ACCOUNT}:role/self-managed`;
    const aws: AwsData = {
      eks: { cluster: cluster(), nodegroups: [], accessEntries: [{ accessEntry: { principalArn: nodeRole, type: 'EC2_LINUX' }, associatedAccessPolicies: [] }] },
      ec2: { instances: [asgInstance] },
    };
    const found = edge(graphOf(web, aws), 'Deployment:shop/web', 'node-credentials', `IAMRole:${nodeRole}`);
    expect(found?.enabledBy).toContainEqual({ kind: 'AutoScalingGroup', name: 'self-managed' });
  });
});

describe('hostile input', () => {
  it('skips node groups, profiles and node classes of the wrong shape', () => {
    // Snapshots refuse lists that are not lists of records; the fields inside are another matter.
    const aws = { eks: { cluster: cluster(), nodegroups: [{ nodegroupName: 'x', nodeRole: 7, taints: 'no', labels: [] }], fargateProfiles: [{ selectors: 'x' }, { fargateProfileName: 5 }] } } as unknown as AwsData;
    const nodeClass = 'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: { name: odd }\nspec: { template: { spec: { nodeClassRef: 5 } } }\n';
    const graph = graphOf(yamlStream(nodeClass, deployment('shop', 'web', '      nodeSelector: [1]\n      tolerations: oops\n', PRIVILEGED)), aws);
    expect(edges(graph, 'node-credentials')).toEqual([]);
    expect(edges(graph, 'escapes-to-node')).toEqual(['Deployment:shop/web -> NodeGroup:karpenter/odd', 'Deployment:shop/web -> NodeGroup:managed/x']);
  });
});

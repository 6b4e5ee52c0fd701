/**
 * The AWS identity edges: inventory in (manifests and AWS data in the wire shape), edges out,
 * and for each edge the inventory with one link fixed, where it is gone.
 */
import { describe, expect, it } from 'vitest';
import type { AwsData, Inventory, PolicyDocument, PolicyStatement } from '../../model/index.js';
import {
  ACCOUNT,
  ADMIN_ACCESS_POLICY,
  ADMIN_POLICY_ARN,
  accessEntry,
  allowDoc,
  association,
  awsError,
  cluster,
  CLUSTER_ADMIN_ACCESS_POLICY,
  deploymentYaml,
  EDIT_ACCESS_POLICY,
  irsaTrust,
  OTHER_ACCOUNT,
  OTHER_ISSUER_PATH,
  podIdentityTrust,
  role,
  roleArn,
  serviceAccountYaml,
  VIEW_ACCESS_POLICY,
  yamlStream,
} from '../../checks/identity/test-support/aws-fixtures.js';
import { InventoryView } from '../../inventory/index.js';
import { SecurityGraph, type GraphEdge } from '../security-graph.js';
import { graphInventory } from '../test-support/inventory.js';
import { addAwsIdentityEdges } from './aws-identity.js';

function graphOf(yaml: string, aws: AwsData, errors: Inventory['errors'] = []): SecurityGraph {
  const view = graphInventory(yaml, aws);
  const inventory = errors.length > 0 ? new InventoryView({ source: view.source, objects: view.objects.map((object) => ({ object, origin: { type: 'api' as const, api: 'k8s' as const } })), errors, aws }) : view;
  const graph = new SecurityGraph();
  addAwsIdentityEdges(graph, inventory);
  return graph;
}

function edges(graph: SecurityGraph, kind: GraphEdge['kind']): string[] {
  return [...graph.edges()].filter((edge) => edge.kind === kind).map((edge) => `${edge.from} -> ${edge.to}`);
}

function edge(graph: SecurityGraph, from: string, kind: GraphEdge['kind'], to: string): GraphEdge | undefined {
  return graph.out(from).find((candidate) => candidate.kind === kind && candidate.to === to);
}

const API = roleArn('shop-api');
const aws = (roles: ReturnType<typeof role>[], extra: Partial<NonNullable<AwsData['eks']>> = {}): AwsData => ({
  eks: { cluster: cluster(), podIdentityAssociations: [], accessEntries: [], ...extra },
  iam: { roles },
});

describe('IRSA', () => {
  const sa = serviceAccountYaml('shop', 'api', API);

  it('links an annotated service account to its role when the trust admits it, with the evidence', () => {
    const graph = graphOf(sa, aws([role('shop-api', { trust: irsaTrust('system:serviceaccount:shop:api') })]));
    const found = edge(graph, 'ServiceAccount:shop/api', 'can-assume', `IAMRole:${API}`);
    expect(found?.evidence).toEqual([
      { resource: { kind: 'ServiceAccount', namespace: 'shop', name: 'api' }, path: 'metadata.annotations["eks.amazonaws.com/role-arn"]', detail: expect.stringContaining('IRSA') },
      { resource: { kind: 'IAMRole', name: API }, path: 'Role.AssumeRolePolicyDocument.Statement[0]', detail: expect.stringContaining('system:serviceaccount:shop:api') },
    ]);
    expect(found?.enabledBy).toEqual([{ kind: 'IAMRole', name: API }]);
  });

  it('drops the edge when the trust names another service account, another audience, or the role is gone', () => {
    expect(edges(graphOf(sa, aws([role('shop-api', { trust: irsaTrust('system:serviceaccount:shop:batch') })])), 'can-assume')).toEqual([]);
    const audience = serviceAccountYaml('shop', 'api', API, { 'eks.amazonaws.com/audience': 'vault' });
    expect(edges(graphOf(audience, aws([role('shop-api', { trust: irsaTrust('system:serviceaccount:shop:api') })])), 'can-assume')).toEqual([]);
    const gone = graphOf(sa, aws([]), [awsError('iam', 'GetRole', 'NoSuchEntity', API)]);
    expect(edges(gone, 'can-assume')).toEqual([]);
  });

  it('keeps the edge when the role was not collected, saying so', () => {
    const graph = graphOf(sa, aws([]), [awsError('iam', 'GetRole', 'AccessDenied', API)]);
    const found = edge(graph, 'ServiceAccount:shop/api', 'can-assume', `IAMRole:${API}`);
    expect(found?.evidence[1]?.detail).toMatch(/^trust not collected/);
  });

  it('keeps a trust open only under undecidable conditions, and notes them', () => {
    const [statement] = irsaTrust('system:serviceaccount:shop:api').Statement as PolicyStatement[];
    const trust: PolicyDocument = { Version: '2012-10-17', Statement: [{ ...statement, Condition: { ...statement?.Condition, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }] };
    const found = edge(graphOf(sa, aws([role('shop-api', { trust })])), 'ServiceAccount:shop/api', 'can-assume', `IAMRole:${API}`);
    expect(found?.evidence[1]?.detail).toContain('only under conditions on aws:SourceIp');
  });
});

describe('EKS Pod Identity', () => {
  it('links the service account of an association to its role', () => {
    const graph = graphOf('', aws([role('shop-api', { trust: podIdentityTrust() })], { podIdentityAssociations: [association('shop', 'api', API)] }));
    const found = edge(graph, 'ServiceAccount:shop/api', 'can-assume', `IAMRole:${API}`);
    expect(found?.evidence[0]).toMatchObject({ resource: { kind: 'PodIdentityAssociation' }, path: 'roleArn' });
  });

  it('drops it when the role does not trust Pod Identity, or trusts another cluster only', () => {
    const ec2Trust: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    expect(edges(graphOf('', aws([role('shop-api', { trust: ec2Trust })], { podIdentityAssociations: [association('shop', 'api', API)] })), 'can-assume')).toEqual([]);
    const otherCluster = podIdentityTrust({ StringEquals: { 'aws:RequestTag/eks-cluster-name': 'staging' } });
    expect(edges(graphOf('', aws([role('shop-api', { trust: otherCluster })], { podIdentityAssociations: [association('shop', 'api', API)] })), 'can-assume')).toEqual([]);
  });

  it('hands the pods the target role only, through the association role', () => {
    const target = roleArn('shared-reader', OTHER_ACCOUNT);
    const graph = graphOf('', aws([role('shop-api', { trust: podIdentityTrust() })], { podIdentityAssociations: [association('shop', 'api', API, { targetRoleArn: target })] }));
    expect(edges(graph, 'can-assume').sort()).toEqual([`IAMRole:${API} -> IAMRole:${target}`, `ServiceAccount:shop/api -> IAMRole:${target}`]);
  });

  it('narrows what the pods hold by the association session policy', () => {
    const trust = podIdentityTrust();
    const reader = role('shop-api', { trust, inline: [{ name: 'read', document: allowDoc(['s3:GetObject', 'secretsmanager:GetSecretValue']) }] });
    const wide = graphOf('', aws([reader], { podIdentityAssociations: [association('shop', 'api', API)] }));
    expect(edges(wide, 'has-permission').sort()).toEqual([`IAMRole:${API} -> AWSPermission:s3-read`, `IAMRole:${API} -> AWSPermission:secretsmanager-read`]);
    const session = JSON.stringify(allowDoc('s3:GetObject'));
    const narrowed = graphOf('', aws([reader], { podIdentityAssociations: [association('shop', 'api', API, { policy: session })] }));
    expect(edges(narrowed, 'has-permission')).toEqual([`IAMRole:${API} -> AWSPermission:s3-read`]);
  });
});

/** A Deployment of shop running as `account`, with extra pod spec lines (indented 6). */
function deployment(account: string, podSpec = '', podAnnotations = ''): string {
  const doc = deploymentYaml('shop', 'api', account).replace('      serviceAccountName:', `${podSpec}      serviceAccountName:`);
  return podAnnotations ? doc.replace('      labels: { app: api }', `      labels: { app: api }\n      annotations: { ${podAnnotations} }`) : doc;
}

describe('workloads to the roles their pods receive', () => {
  const WORKLOAD = 'Deployment:shop/api';
  const irsa = (podSpec = '', podAnnotations = '') =>
    graphOf(yamlStream(serviceAccountYaml('shop', 'api', API), deployment('api', podSpec, podAnnotations)), aws([role('shop-api', { trust: irsaTrust('system:serviceaccount:shop:api') })]));

  it('links a workload to its IRSA role even with automountServiceAccountToken off, and keeps the account’s edge', () => {
    const graph = irsa('      automountServiceAccountToken: false\n');
    const found = edge(graph, WORKLOAD, 'can-assume', `IAMRole:${API}`);
    expect(found?.evidence[0]).toEqual({
      resource: { kind: 'Deployment', namespace: 'shop', name: 'api' },
      path: 'spec.template.spec.serviceAccountName',
      detail: expect.stringMatching(/ServiceAccount shop\/api; the IRSA webhook mounts .*aws-iam-token.* whatever automountServiceAccountToken says/),
    });
    expect(found?.evidence.slice(1).map((item) => item.resource.kind)).toEqual(['ServiceAccount', 'IAMRole']);
    expect(found?.enabledBy).toEqual([{ kind: 'IAMRole', name: API }]);
    expect(edge(graph, 'ServiceAccount:shop/api', 'can-assume', `IAMRole:${API}`)).toBeDefined();
  });

  it('links nothing when the trust refuses the account, or the webhook skips every container', () => {
    const refused = graphOf(yamlStream(serviceAccountYaml('shop', 'api', API), deployment('api')), aws([role('shop-api', { trust: irsaTrust('system:serviceaccount:shop:batch') })]));
    expect(edges(refused, 'can-assume')).toEqual([]);
    expect(edge(irsa('', '"eks.amazonaws.com/skip-containers": "api"'), WORKLOAD, 'can-assume', `IAMRole:${API}`)).toBeUndefined();
    // One container of two still gets the token.
    const sidecar = '      initContainers: [{ name: init, image: busybox }]\n';
    expect(edge(irsa(sidecar, '"eks.amazonaws.com/skip-containers": "api"'), WORKLOAD, 'can-assume', `IAMRole:${API}`)).toBeDefined();
  });

  it('links a workload to its Pod Identity role, and to the target role only when there is one', () => {
    const associated = (extra = {}) =>
      graphOf(yamlStream(serviceAccountYaml('shop', 'api'), deployment('api', '      automountServiceAccountToken: false\n')), aws([role('shop-api', { trust: podIdentityTrust() })], { podIdentityAssociations: [association('shop', 'api', API, extra)] }));
    expect(edge(associated(), WORKLOAD, 'can-assume', `IAMRole:${API}`)?.evidence[0]?.detail).toContain('EKS Pod Identity agent serves them the role’s credentials');
    const target = roleArn('shared-reader', OTHER_ACCOUNT);
    expect(edges(associated({ targetRoleArn: target }), 'can-assume').filter((text) => text.startsWith(WORKLOAD))).toEqual([`${WORKLOAD} -> IAMRole:${target}`]);
    // Another service account's association gives the workload nothing.
    const other = graphOf(yamlStream(deployment('api')), aws([role('shop-api', { trust: podIdentityTrust() })], { podIdentityAssociations: [association('shop', 'batch', API)] }));
    expect(edges(other, 'can-assume').filter((text) => text.startsWith(WORKLOAD))).toEqual([]);
  });
});

describe('roles whose web identity trust is open to service accounts', () => {
  const OPEN = roleArn('legacy-ci');
  const open = (subject: string | undefined, options: Parameters<typeof irsaTrust>[1] = {}) =>
    role('legacy-ci', { trust: irsaTrust(subject, { operator: 'StringLike', ...options }), attached: [{ arn: ADMIN_POLICY_ARN }] });
  const accounts = yamlStream(serviceAccountYaml('shop', 'api'), serviceAccountYaml('ops', 'runner'));

  it('links every service account to a role trusting any of them, and marks the role', () => {
    const graph = graphOf(accounts, aws([open('system:serviceaccount:*:*')]));
    expect(edges(graph, 'can-assume').sort()).toEqual([`ServiceAccount:ops/runner -> IAMRole:${OPEN}`, `ServiceAccount:shop/api -> IAMRole:${OPEN}`]);
    expect(graph.node(`IAMRole:${OPEN}`)?.attrs).toEqual({ assumableByAnyServiceAccount: true });
    expect(edge(graph, 'ServiceAccount:shop/api', 'can-assume', `IAMRole:${OPEN}`)?.evidence[0]).toMatchObject({
      resource: { kind: 'IAMRole', name: OPEN },
      path: 'Role.AssumeRolePolicyDocument.Statement[0]',
      detail: expect.stringContaining('projected serviceAccountToken volume'),
    });
    expect(edges(graph, 'has-permission')).toContain(`IAMRole:${OPEN} -> AWSPermission:admin`);
    // No `:sub` condition at all: the same.
    expect(edges(graphOf(accounts, aws([open(undefined)])), 'can-assume')).toHaveLength(2);
  });

  it('links only the namespace a wildcard names, and nothing for a trust pinned to accounts or another cluster', () => {
    expect(edges(graphOf(accounts, aws([open('system:serviceaccount:ops:*')])), 'can-assume')).toEqual([`ServiceAccount:ops/runner -> IAMRole:${OPEN}`]);
    expect(edges(graphOf(accounts, aws([open('system:serviceaccount:ops:deployer')])), 'can-assume')).toEqual([]);
    expect(edges(graphOf(accounts, aws([open('system:serviceaccount:*:*', { issuerPath: OTHER_ISSUER_PATH })])), 'can-assume')).toEqual([]);
    // Without the cluster's issuer the trust cannot be matched to this cluster.
    expect(edges(graphOf(accounts, { iam: { roles: [open('system:serviceaccount:*:*')] } }), 'can-assume')).toEqual([]);
  });

  it('links a workload whose pods carry a web identity token the open trust admits', () => {
    const annotated = yamlStream(serviceAccountYaml('shop', 'api', API), deployment('api', '      automountServiceAccountToken: false\n'));
    const roles = [role('shop-api', { trust: irsaTrust('system:serviceaccount:shop:api') }), open('system:serviceaccount:*:*')];
    const found = edge(graphOf(annotated, aws(roles)), 'Deployment:shop/api', 'can-assume', `IAMRole:${OPEN}`);
    expect(found?.evidence.map((item) => item.detail)).toEqual([
      expect.stringContaining('the IRSA webhook mounts a web identity token of system:serviceaccount:shop:api (audience sts.amazonaws.com)'),
      expect.stringContaining('admits any service account'),
    ]);
    const projected = `      volumes:
        - name: token
          projected: { sources: [{ serviceAccountToken: { audience: sts.amazonaws.com, path: token } }] }
`;
    expect(edge(graphOf(yamlStream(serviceAccountYaml('shop', 'api'), deployment('api', projected)), aws([open('system:serviceaccount:*:*')])), 'Deployment:shop/api', 'can-assume', `IAMRole:${OPEN}`)?.evidence[0]?.path).toBe(
      'spec.template.spec.volumes[0].projected.sources[0].serviceAccountToken.audience',
    );
  });

  it('links no workload whose pods carry no token STS accepts', () => {
    const plain = graphOf(yamlStream(serviceAccountYaml('shop', 'api'), deployment('api')), aws([open('system:serviceaccount:*:*')]));
    expect(edges(plain, 'can-assume').filter((text) => text.startsWith('Deployment'))).toEqual([]);
    const apiServer = `      volumes:
        - name: token
          projected: { sources: [{ serviceAccountToken: { audience: vault, path: token } }] }
`;
    const vault = graphOf(yamlStream(serviceAccountYaml('shop', 'api'), deployment('api', apiServer)), aws([open('system:serviceaccount:*:*')]));
    expect(edges(vault, 'can-assume').filter((text) => text.startsWith('Deployment'))).toEqual([]);
  });
});

describe('permission classes', () => {
  const sa = serviceAccountYaml('shop', 'api', API);
  const classesOf = (options: Parameters<typeof role>[1]): string[] =>
    edges(graphOf(sa, aws([role('shop-api', { trust: irsaTrust('system:serviceaccount:shop:api'), ...options })])), 'has-permission').map((text) => text.split('AWSPermission:')[1] ?? '').sort();

  it('finds administrator access and names the policy that grants it', () => {
    const graph = graphOf(sa, aws([role('shop-api', { trust: irsaTrust('system:serviceaccount:shop:api'), attached: [{ arn: ADMIN_POLICY_ARN }] })]));
    const admin = edge(graph, `IAMRole:${API}`, 'has-permission', 'AWSPermission:admin');
    expect(admin?.evidence).toEqual([{ resource: { kind: 'IAMRole', name: API }, path: 'AttachedPolicies[0].PolicyArn', detail: expect.stringContaining('AWS managed policy AdministratorAccess') }]);
    expect(admin?.enabledBy).toEqual([{ kind: 'IAMRole', name: API }]);
    expect(classesOf({ attached: [{ arn: ADMIN_POLICY_ARN }] })).toEqual(['admin', 'dynamodb-read', 'kms-decrypt', 's3-read', 'secretsmanager-read', 'ssm-read']);
  });

  it('finds IAM privilege escalation and each data class on every resource', () => {
    expect(classesOf({ inline: [{ name: 'attach', document: allowDoc('iam:AttachRolePolicy') }] })).toEqual(['iam-privesc']);
    expect(classesOf({ inline: [{ name: 'pass', document: allowDoc(['iam:PassRole', 'ec2:RunInstances']) }] })).toEqual(['iam-privesc']);
    expect(classesOf({ inline: [{ name: 'kms', document: allowDoc('kms:Decrypt') }] })).toEqual(['kms-decrypt']);
    expect(classesOf({ inline: [{ name: 'ssm', document: allowDoc('ssm:GetParametersByPath') }] })).toEqual(['ssm-read']);
    expect(classesOf({ inline: [{ name: 'ddb', document: allowDoc('dynamodb:Query') }] })).toEqual(['dynamodb-read']);
    const graph = graphOf(sa, aws([role('shop-api', { trust: irsaTrust('system:serviceaccount:shop:api'), inline: [{ name: 'data', document: allowDoc('s3:*') }] })]));
    expect(edge(graph, `IAMRole:${API}`, 'has-permission', 'AWSPermission:s3-read')?.evidence[0]).toEqual({
      resource: { kind: 'IAMRole', name: API },
      path: 'InlinePolicies[0].Document.Statement[0]',
      detail: 'inline policy data statement 0 allows s3:GetObject on every S3 object',
    });
  });

  it('finds nothing for grants on named resources, or grants a Deny cancels', () => {
    expect(classesOf({ inline: [{ name: 'assets', document: allowDoc('s3:GetObject', 'arn:aws:s3:::shop-assets/*') }] })).toEqual([]);
    const denied: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*' }] };
    expect(classesOf({ inline: [{ name: 'none', document: denied }] })).toEqual([]);
  });
});

describe('access entries', () => {
  const admins = roleArn('platform-admins');
  const sameAccountTrust: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] };

  it('maps the principal to its user and groups, and cluster-wide admin policies to ClusterAdmin', () => {
    const graph = graphOf('', aws([role('platform-admins', { trust: sameAccountTrust })], {
      accessEntries: [accessEntry(admins, { groups: ['platform'], username: 'admin:{{SessionName}}', policies: [{ arn: CLUSTER_ADMIN_ACCESS_POLICY }] })],
    }));
    expect(edges(graph, 'mapped-to').sort()).toEqual([`IAMRole:${admins} -> Group:platform`, `IAMRole:${admins} -> User:admin:{{SessionName}}`]);
    const group = edge(graph, `IAMRole:${admins}`, 'mapped-to', 'Group:platform');
    expect(group?.evidence[0]?.path).toBe('accessEntry.kubernetesGroups[0]');
    expect(group?.enabledBy).toEqual([{ kind: 'AccessEntry', name: admins }]);
    const admin = edge(graph, `IAMRole:${admins}`, 'is-admin', 'ClusterAdmin');
    expect(admin?.evidence[0]).toMatchObject({ path: 'associatedAccessPolicies[0].accessScope.type', detail: expect.stringContaining('AmazonEKSClusterAdminPolicy at cluster scope') });
    expect(admin?.enabledBy).toEqual([{ kind: 'AccessEntry', name: admins }]);
    // Inside the account, behind a role only the account trusts: not a query source.
    expect(graph.node(`IAMRole:${admins}`)?.attrs).toEqual({});
  });

  it('counts AmazonEKSAdminPolicy at cluster scope as admin, and neither policy scoped to namespaces', () => {
    const admin = graphOf('', aws([], { accessEntries: [accessEntry(admins, { policies: [{ arn: ADMIN_ACCESS_POLICY }] })] }));
    expect(edge(admin, `IAMRole:${admins}`, 'is-admin', 'ClusterAdmin')?.evidence[0]?.detail).toContain('near cluster-admin');
    const scoped = graphOf('', aws([], { accessEntries: [accessEntry(admins, { policies: [{ arn: CLUSTER_ADMIN_ACCESS_POLICY, namespaces: ['shop'] }, { arn: EDIT_ACCESS_POLICY }] })] }));
    expect(edges(scoped, 'is-admin')).toEqual([]);
  });

  describe('access policies short of cluster-wide admin', () => {
    const accounts = yamlStream(serviceAccountYaml('shop', 'api'), serviceAccountYaml('shop', 'worker'), serviceAccountYaml('ops', 'runner'));
    const entry = (arn: string, namespaces?: string[]) => accessEntry(admins, { policies: [{ arn, ...(namespaces ? { namespaces } : {}) }] });
    const powers = (graph: SecurityGraph) => [...graph.edges()].filter((item) => item.from === `IAMRole:${admins}`).map((item) => `${item.kind} ${item.to}`).sort();

    it('lets AmazonEKSEditPolicy at cluster scope, or admin scoped to kube-system, create pods everywhere', () => {
      const edit = graphOf(accounts, aws([], { accessEntries: [entry(EDIT_ACCESS_POLICY)] }));
      expect(powers(edit)).toEqual(['can-create-pods ClusterAdmin', `mapped-to User:${admins}`]);
      expect(edge(edit, `IAMRole:${admins}`, 'can-create-pods', 'ClusterAdmin')?.evidence).toEqual([
        { resource: { kind: 'AccessEntry', name: admins }, path: 'associatedAccessPolicies[0].accessScope', detail: expect.stringContaining('AmazonEKSEditPolicy at cluster scope (kube-system included)') },
      ]);
      expect(powers(graphOf(accounts, aws([], { accessEntries: [entry(ADMIN_ACCESS_POLICY, ['shop', 'kube-system'])] })))).toContain('can-create-pods ClusterAdmin');
      expect(powers(graphOf(accounts, aws([], { accessEntries: [entry(CLUSTER_ADMIN_ACCESS_POLICY, ['kube-*'])] })))).toContain('can-create-pods ClusterAdmin');
    });

    it('links namespace-scoped admin and edit to the service accounts of those namespaces only', () => {
      const scoped = graphOf(accounts, aws([], { accessEntries: [entry(ADMIN_ACCESS_POLICY, ['shop'])] }));
      expect(powers(scoped)).toEqual(['can-create-pods ServiceAccount:shop/api', 'can-create-pods ServiceAccount:shop/worker', `mapped-to User:${admins}`]);
      const wildcard = graphOf(accounts, aws([], { accessEntries: [entry(EDIT_ACCESS_POLICY, ['op*'])] }));
      expect(powers(wildcard)).toEqual(['can-create-pods ServiceAccount:ops/runner', `mapped-to User:${admins}`]);
    });

    it('lets AmazonEKSAdminViewPolicy read Secrets: every one at cluster scope, token Secrets in a namespace', () => {
      expect(powers(graphOf(accounts, aws([], { accessEntries: [entry('arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy')] })))).toContain('can-read-secrets ClusterAdmin');
      const token = 'apiVersion: v1\nkind: Secret\ntype: kubernetes.io/service-account-token\nmetadata: { name: worker-token, namespace: shop, annotations: { kubernetes.io/service-account.name: worker } }\n';
      const scoped = graphOf(yamlStream(accounts, token), aws([], { accessEntries: [entry('arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy', ['shop'])] }));
      expect(powers(scoped)).toEqual(['can-read-secrets ServiceAccount:shop/worker', `mapped-to User:${admins}`]);
    });

    it('gives nothing for the view policy, node entries, or scopes of the wrong shape', () => {
      expect(powers(graphOf(accounts, aws([], { accessEntries: [entry(VIEW_ACCESS_POLICY)] })))).toEqual([`mapped-to User:${admins}`]);
      const node = accessEntry(admins, { type: 'EC2_LINUX', policies: [{ arn: EDIT_ACCESS_POLICY }] });
      expect(powers(graphOf(accounts, aws([], { accessEntries: [node] }))).filter((text) => !text.startsWith('mapped-to'))).toEqual([]);
      const broken = entry(EDIT_ACCESS_POLICY);
      broken.associatedAccessPolicies[0]!.accessScope = { type: 'namespace', namespaces: 'shop' } as never;
      const noScope = entry(ADMIN_ACCESS_POLICY);
      delete (noScope.associatedAccessPolicies[0] as { accessScope?: unknown }).accessScope;
      expect(powers(graphOf(accounts, aws([], { accessEntries: [broken] })))).toEqual([`mapped-to User:${admins}`]);
      expect(powers(graphOf(accounts, aws([], { accessEntries: [noScope] })))).toEqual([`mapped-to User:${admins}`]);
    });
  });

  it('marks roots, other accounts and account-wide permission sets', () => {
    const sso = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef`;
    const contractor = `arn:aws:iam::${OTHER_ACCOUNT}:user/contractor`;
    const graph = graphOf('', aws([], {
      accessEntries: [accessEntry(`arn:aws:iam::${ACCOUNT}:root`), accessEntry(contractor), accessEntry(sso), accessEntry(roleArn('partner', OTHER_ACCOUNT))],
    }));
    expect(graph.node(`AWSPrincipal:arn:aws:iam::${ACCOUNT}:root`)?.attrs).toEqual({ broad: true });
    expect(graph.node(`AWSPrincipal:${contractor}`)?.attrs).toEqual({ outsideAccount: true });
    expect(graph.node(`IAMRole:${sso}`)?.attrs).toEqual({ broad: true, permissionSet: 'AdministratorAccess' });
    expect(graph.node(`IAMRole:${roleArn('partner', OTHER_ACCOUNT)}`)?.attrs).toEqual({ outsideAccount: true });
  });

  it('maps node entries to system:nodes without admin, and puts system:masters members in ClusterAdmin', () => {
    const node = roleArn('prod-node');
    const graph = graphOf('', aws([], {
      accessEntries: [accessEntry(node, { type: 'EC2_LINUX', username: 'system:node:{{EC2PrivateDNSName}}', policies: [{ arn: CLUSTER_ADMIN_ACCESS_POLICY }] }), accessEntry(admins, { groups: ['system:masters'] })],
    }));
    expect(edges(graph, 'mapped-to').filter((text) => text.startsWith(`IAMRole:${node}`))).toEqual([`IAMRole:${node} -> User:system:node:{{EC2PrivateDNSName}}`, `IAMRole:${node} -> Group:system:nodes`]);
    expect(edges(graph, 'is-admin')).toEqual(['Group:system:masters -> ClusterAdmin']);
    expect(edge(graph, 'Group:system:masters', 'is-admin', 'ClusterAdmin')?.enabledBy).toEqual([{ kind: 'AccessEntry', name: admins }]);
  });

  it('survives entries of the wrong shape', () => {
    const broken = { accessEntry: { principalArn: 42, kubernetesGroups: 'system:masters' } } as unknown as ReturnType<typeof accessEntry>;
    const noPolicies = { accessEntry: { principalArn: admins, kubernetesGroups: [] } } as unknown as ReturnType<typeof accessEntry>;
    const graph = graphOf('', aws([], { accessEntries: [broken, noPolicies] }));
    expect(edges(graph, 'is-admin')).toEqual([]);
    expect(edges(graph, 'mapped-to')).toEqual([`IAMRole:${admins} -> User:${admins}`]);
  });
});

describe('aws-auth', () => {
  const configMap = (data: Record<string, string>) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: aws-auth, namespace: kube-system }\ndata:\n${Object.entries(data)
      .map(([key, value]) => `  ${key}: |\n${value
        .split('\n')
        .map((line) => `    ${line}`)
        .join('\n')}`)
      .join('\n')}\n`;
  const mapped = roleArn('ops', OTHER_ACCOUNT);
  const mapRoles = `- rolearn: ${mapped}\n  username: ops\n  groups: [system:masters, ops]`;
  const configMapMode = (mode: 'API' | 'API_AND_CONFIG_MAP' | 'CONFIG_MAP'): AwsData => ({ eks: { cluster: cluster({ accessConfig: { authenticationMode: mode } }) } });

  it('maps roles and users to their user and groups, and system:masters to ClusterAdmin', () => {
    const graph = graphOf(configMap({ mapRoles, mapUsers: `- userarn: arn:aws:iam::${ACCOUNT}:user/alice\n  groups: [readers]` }), configMapMode('API_AND_CONFIG_MAP'));
    expect(edges(graph, 'mapped-to').sort()).toEqual([
      `AWSPrincipal:arn:aws:iam::${ACCOUNT}:user/alice -> Group:readers`,
      `AWSPrincipal:arn:aws:iam::${ACCOUNT}:user/alice -> User:arn:aws:iam::${ACCOUNT}:user/alice`,
      `IAMRole:${mapped} -> Group:ops`,
      `IAMRole:${mapped} -> Group:system:masters`,
      `IAMRole:${mapped} -> User:ops`,
    ]);
    expect(edge(graph, `IAMRole:${mapped}`, 'mapped-to', 'User:ops')?.evidence[0]).toMatchObject({ path: 'data.mapRoles[0]' });
    const aws_auth = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kube-system', name: 'aws-auth' };
    expect(edge(graph, `IAMRole:${mapped}`, 'mapped-to', 'Group:system:masters')?.enabledBy).toEqual([aws_auth]);
    expect(edge(graph, 'Group:system:masters', 'is-admin', 'ClusterAdmin')?.enabledBy).toEqual([aws_auth]);
    expect(graph.node(`IAMRole:${mapped}`)?.attrs).toEqual({ outsideAccount: true });
  });

  it('maps every principal of a mapAccounts account through its root', () => {
    const graph = graphOf(configMap({ mapAccounts: `- "${OTHER_ACCOUNT}"` }), configMapMode('CONFIG_MAP'));
    expect(edges(graph, 'mapped-to')).toEqual([`AWSPrincipal:arn:aws:iam::${OTHER_ACCOUNT}:root -> Group:system:authenticated`]);
    expect(graph.node(`AWSPrincipal:arn:aws:iam::${OTHER_ACCOUNT}:root`)?.attrs).toEqual({ broad: true, outsideAccount: true });
  });

  it('ignores aws-auth in API mode, and data that does not parse', () => {
    expect(edges(graphOf(configMap({ mapRoles }), configMapMode('API')), 'mapped-to')).toEqual([]);
    expect(edges(graphOf(configMap({ mapRoles: 'rolearn: [unclosed' }), configMapMode('CONFIG_MAP')), 'mapped-to')).toEqual([]);
  });
});

describe('roles assumable from outside the account', () => {
  const trustOf = (statement: Record<string, unknown>): PolicyDocument => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...statement }] });

  it('links any principal to a role whose trust is open to everyone', () => {
    const graph = graphOf('', aws([role('legacy', { trust: trustOf({ Principal: { AWS: '*' } }) })]));
    expect(edges(graph, 'can-assume')).toEqual([`AWSPrincipal:* -> IAMRole:${roleArn('legacy')}`]);
    expect(graph.node('AWSPrincipal:*')?.attrs).toEqual({ outsideAccount: true, broad: true });
    expect(graph.node(`IAMRole:${roleArn('legacy')}`)?.attrs).toEqual({ assumableFromOutside: true });
  });

  it('links foreign accounts and roles the trust names', () => {
    const partner = roleArn('ci', OTHER_ACCOUNT);
    const graph = graphOf('', aws([role('vendor', { trust: trustOf({ Principal: { AWS: [OTHER_ACCOUNT, partner, ACCOUNT] } }) })]));
    expect(edges(graph, 'can-assume').sort()).toEqual([`AWSPrincipal:arn:aws:iam::${OTHER_ACCOUNT}:root -> IAMRole:${roleArn('vendor')}`, `IAMRole:${partner} -> IAMRole:${roleArn('vendor')}`]);
    expect(graph.node(`IAMRole:${partner}`)?.attrs).toEqual({ outsideAccount: true });
  });

  it('finds nothing for the account itself, the organisation only, or a Deny', () => {
    const organisation = trustOf({ Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } });
    const denied: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: OTHER_ACCOUNT }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: { AWS: OTHER_ACCOUNT }, Action: 'sts:AssumeRole' },
      ],
    };
    const graph = graphOf('', aws([role('a', { trust: trustOf({ Principal: { AWS: ACCOUNT } }) }), role('b', { trust: organisation }), role('c', { trust: denied })]));
    expect(edges(graph, 'can-assume')).toEqual([]);
    expect([...graph.nodes()].filter((node) => node.attrs.assumableFromOutside)).toEqual([]);
  });
});

describe('inputs without AWS data', () => {
  it('keeps the IRSA edge of a manifest scan, whose roles are unknown, and grants nothing', () => {
    const view = graphInventory(yamlStream(serviceAccountYaml('shop', 'api', API), serviceAccountYaml('shop', 'bad', 'not-an-arn')));
    const graph = new SecurityGraph();
    addAwsIdentityEdges(graph, view);
    expect(edges(graph, 'can-assume')).toEqual([`ServiceAccount:shop/api -> IAMRole:${API}`]);
    expect(edges(graph, 'has-permission')).toEqual([]);
  });
});

/**
 * The queries about AWS: a container escape reaching the node role, and an outside or broad AWS
 * principal reaching Kubernetes admin. Each finds its path on a fixture inventory and nothing
 * once one link of the chain is fixed.
 */
import { describe, expect, it } from 'vitest';
import type { AwsData, PolicyDocument } from '../../model/index.js';
import {
  ACCOUNT,
  accessEntry,
  ADMIN_ACCESS_POLICY,
  ADMIN_POLICY_ARN,
  allowDoc,
  cluster,
  CLUSTER_ADMIN_ACCESS_POLICY,
  EDIT_ACCESS_POLICY,
  irsaTrust,
  OTHER_ACCOUNT,
  role,
  roleArn,
  serviceAccountYaml,
  VIEW_ACCESS_POLICY,
  yamlStream,
} from '../../checks/identity/test-support/aws-fixtures.js';
import { launchTemplateVersion, nodegroup, withLaunchTemplate } from '../../checks/nodes/test-support/aws-fixtures.js';
import { pathsOf } from '../test-support/paths.js';


const trustOf = (principal: string): PolicyDocument => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });

describe('container-escape-to-aws', () => {
  const NODE_ROLE = roleArn('prod-eks-node');
  const deployment = (container: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: app
          image: registry.example/web:1
${container}`;
  /** Node group general, IMDSv2 with hop limit 1 (pods cannot read IMDS), its role reading every S3 object. */
  const aws = (policy: PolicyDocument = allowDoc('s3:*')): AwsData => ({
    eks: { cluster: cluster(), nodegroups: [withLaunchTemplate(nodegroup('general', { nodeRole: NODE_ROLE }), 'lt-1', 1)] },
    ec2: { launchTemplateVersions: [launchTemplateVersion('lt-1', 1, { MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 } })], instances: [] },
    iam: { roles: [role('prod-eks-node', { inline: [{ name: 'extra', document: policy }] })] },
  });

  it('finds a privileged container taking the node and its role', () => {
    expect(pathsOf('container-escape-to-aws', deployment('          securityContext: { privileged: true }\n'), aws())).toEqual([
      `Deployment shop/web -escapes-to-node-> NodeGroup managed/general -node-credentials-> IAMRole ${NODE_ROLE} -has-permission-> AWSPermission s3-read`,
    ]);
  });

  it('finds nothing once the container is not privileged, or the node role holds nothing sensitive', () => {
    expect(pathsOf('container-escape-to-aws', deployment('          securityContext: { privileged: false }\n'), aws())).toEqual([]);
    expect(pathsOf('container-escape-to-aws', deployment('          securityContext: { privileged: true }\n'), aws(allowDoc('ec2:DescribeInstances')))).toEqual([]);
  });
});

describe('aws-principal-to-cluster-admin', () => {
  const PARTNER = roleArn('partner-admin', OTHER_ACCOUNT);
  const DEPLOYER = roleArn('deployer');
  const withEntries = (entries: ReturnType<typeof accessEntry>[], roles: ReturnType<typeof role>[] = []): AwsData => ({
    eks: { cluster: cluster(), accessEntries: entries },
    iam: { roles },
  });

  it('finds a role of another account made cluster admin by an access entry', () => {
    expect(pathsOf('aws-principal-to-cluster-admin', '', withEntries([accessEntry(PARTNER, { policies: [{ arn: CLUSTER_ADMIN_ACCESS_POLICY }] })]))).toEqual([
      `IAMRole ${PARTNER} -is-admin-> ClusterAdmin cluster-admin`,
    ]);
  });

  it('finds another account assuming an admin role of the cluster account', () => {
    const roles = [role('deployer', { trust: trustOf(`arn:aws:iam::${OTHER_ACCOUNT}:root`) })];
    expect(pathsOf('aws-principal-to-cluster-admin', '', withEntries([accessEntry(DEPLOYER, { policies: [{ arn: CLUSTER_ADMIN_ACCESS_POLICY }] })], roles)).sort()).toEqual([
      `AWSPrincipal arn:aws:iam::${OTHER_ACCOUNT}:root -can-assume-> IAMRole ${DEPLOYER} -is-admin-> ClusterAdmin cluster-admin`,
      `IAMRole ${DEPLOYER} -is-admin-> ClusterAdmin cluster-admin`,
    ]);
  });

  it('finds nothing once the access entry is gone, scoped to a namespace, or the role trusts its own account only', () => {
    const outside = [role('deployer', { trust: trustOf(`arn:aws:iam::${OTHER_ACCOUNT}:root`) })];
    expect(pathsOf('aws-principal-to-cluster-admin', '', withEntries([], outside))).toEqual([]);
    expect(pathsOf('aws-principal-to-cluster-admin', '', withEntries([accessEntry(DEPLOYER, { policies: [{ arn: CLUSTER_ADMIN_ACCESS_POLICY, namespaces: ['shop'] }] })], outside))).toEqual([]);
    const inside = [role('deployer', { trust: trustOf(`arn:aws:iam::${ACCOUNT}:root`) })];
    expect(pathsOf('aws-principal-to-cluster-admin', '', withEntries([accessEntry(DEPLOYER, { policies: [{ arn: CLUSTER_ADMIN_ACCESS_POLICY }] })], inside))).toEqual([]);
  });

  describe('through access policies short of cluster-wide admin', () => {
    const entry = (arn: string, namespaces?: string[]) => withEntries([accessEntry(PARTNER, { policies: [{ arn, ...(namespaces ? { namespaces } : {}) }] })]);
    const deployerAdmin = yamlStream(
      serviceAccountYaml('shop', 'deployer'),
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: deployer-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: deployer, namespace: shop }]
`,
    );

    it('finds edit at cluster scope, and admin scoped to kube-system, creating pods everywhere', () => {
      expect(pathsOf('aws-principal-to-cluster-admin', '', entry(EDIT_ACCESS_POLICY))).toEqual([`IAMRole ${PARTNER} -can-create-pods-> ClusterAdmin cluster-admin`]);
      expect(pathsOf('aws-principal-to-cluster-admin', '', entry(ADMIN_ACCESS_POLICY, ['kube-system']))).toEqual([`IAMRole ${PARTNER} -can-create-pods-> ClusterAdmin cluster-admin`]);
    });

    it('finds admin in one namespace creating pods as a service account bound to cluster-admin', () => {
      expect(pathsOf('aws-principal-to-cluster-admin', deployerAdmin, entry(ADMIN_ACCESS_POLICY, ['shop']))).toEqual([
        `IAMRole ${PARTNER} -can-create-pods-> ServiceAccount shop/deployer -bound-to-> ClusterRoleBinding deployer-admin -grants-> ClusterRole cluster-admin -is-admin-> ClusterAdmin cluster-admin`,
      ]);
    });

    it('finds nothing for view, or admin in a namespace without a stronger account', () => {
      expect(pathsOf('aws-principal-to-cluster-admin', deployerAdmin, entry(VIEW_ACCESS_POLICY))).toEqual([]);
      expect(pathsOf('aws-principal-to-cluster-admin', deployerAdmin, entry(ADMIN_ACCESS_POLICY, ['web']))).toEqual([]);
    });
  });

  describe('through powers of a mapped group', () => {
    const power = (rule: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: partner-power }
rules: [${rule}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: partner-power }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: partner-power }
subjects: [{ kind: Group, name: partners, apiGroup: rbac.authorization.k8s.io }]
`;
    const partners = withEntries([accessEntry(PARTNER, { groups: ['partners'] })]);

    it('finds a group that may impersonate anyone, or create pods in every namespace', () => {
      expect(pathsOf('aws-principal-to-cluster-admin', power('{ apiGroups: [""], resources: [users, groups], verbs: [impersonate] }'), partners)).toEqual([
        `IAMRole ${PARTNER} -mapped-to-> Group partners -can-impersonate-> ClusterAdmin cluster-admin`,
      ]);
      expect(pathsOf('aws-principal-to-cluster-admin', power('{ apiGroups: [""], resources: [pods], verbs: [create] }'), partners)).toEqual([
        `IAMRole ${PARTNER} -mapped-to-> Group partners -can-create-pods-> ClusterAdmin cluster-admin`,
      ]);
    });

    it('finds nothing once the group only reads pods', () => {
      expect(pathsOf('aws-principal-to-cluster-admin', power('{ apiGroups: [""], resources: [pods], verbs: [get, list] }'), partners)).toEqual([]);
    });
  });

  describe('through aws-auth and RBAC', () => {
    const awsAuth = (groups: string) => `apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: ${PARTNER}
      username: partner
      groups: [${groups}]
`;
    const configMapMode: AwsData = { eks: { cluster: cluster({ accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } }) } };
    const binding = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: partner-admins }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: Group, name: partner-admins, apiGroup: rbac.authorization.k8s.io }]
`;

    it('finds a role of another account mapped to system:masters', () => {
      expect(pathsOf('aws-principal-to-cluster-admin', awsAuth('system:masters'), configMapMode)).toEqual([
        `IAMRole ${PARTNER} -mapped-to-> Group system:masters -is-admin-> ClusterAdmin cluster-admin`,
      ]);
    });

    it('finds a mapped group bound to cluster-admin', () => {
      expect(pathsOf('aws-principal-to-cluster-admin', yamlStream(awsAuth('partner-admins'), binding), configMapMode)).toEqual([
        `IAMRole ${PARTNER} -mapped-to-> Group partner-admins -bound-to-> ClusterRoleBinding partner-admins -grants-> ClusterRole cluster-admin -is-admin-> ClusterAdmin cluster-admin`,
      ]);
    });

    it('finds nothing once the mapping is a viewer group, or EKS no longer reads aws-auth', () => {
      expect(pathsOf('aws-principal-to-cluster-admin', yamlStream(awsAuth('viewers'), binding), configMapMode)).toEqual([]);
      expect(pathsOf('aws-principal-to-cluster-admin', awsAuth('system:masters'), { eks: { cluster: cluster({ accessConfig: { authenticationMode: 'API' } }) } })).toEqual([]);
    });
  });
});

describe('sa-escalation-to-aws-admin', () => {
  const OPS_ROLE = roleArn('shop-ops');
  const aws = (...roles: ReturnType<typeof role>[]): AwsData => ({ eks: { cluster: cluster(), podIdentityAssociations: [] }, iam: { roles } });
  const opsAdmin = role('shop-ops', { trust: irsaTrust('system:serviceaccount:shop:ops'), attached: [{ arn: ADMIN_POLICY_ARN, document: allowDoc('*') }] });
  const podMaker = (verbs: string, account = 'runner') => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: pod-maker, namespace: shop }
rules: [{ apiGroups: [""], resources: [pods], verbs: [${verbs}] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: pod-maker, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-maker }
subjects: [{ kind: ServiceAccount, name: ${account}, namespace: ci }]
`;
  const accounts = yamlStream(serviceAccountYaml('ci', 'runner'), serviceAccountYaml('shop', 'ops', OPS_ROLE));

  it('finds a service account creating pods as one whose IRSA role is administrator', () => {
    expect(pathsOf('sa-escalation-to-aws-admin', yamlStream(accounts, podMaker('create')), aws(opsAdmin))).toEqual([
      `ServiceAccount ci/runner -can-create-pods-> ServiceAccount shop/ops -can-assume-> IAMRole ${OPS_ROLE} -has-permission-> AWSPermission admin`,
    ]);
  });

  it('finds nothing once the binding only reads pods, and never reports an account’s own role', () => {
    expect(pathsOf('sa-escalation-to-aws-admin', yamlStream(accounts, podMaker('get, list')), aws(opsAdmin))).toEqual([]);
    expect(pathsOf('sa-escalation-to-aws-admin', accounts, aws(opsAdmin))).toEqual([]);
  });

  it('finds pods created as any account of a namespace when a role trusts every service account', () => {
    const CI_ROLE = roleArn('legacy-ci');
    const open = (subject: string) => role('legacy-ci', { trust: irsaTrust(subject, { operator: 'StringLike' }), attached: [{ arn: ADMIN_POLICY_ARN, document: allowDoc('*') }] });
    const yaml = yamlStream(serviceAccountYaml('ci', 'runner'), serviceAccountYaml('shop', 'web'), podMaker('create'));
    expect(pathsOf('sa-escalation-to-aws-admin', yaml, aws(open('system:serviceaccount:*:*')))).toEqual([
      `ServiceAccount ci/runner -can-create-pods-> ServiceAccount shop/web -can-assume-> IAMRole ${CI_ROLE} -has-permission-> AWSPermission admin`,
    ]);
    expect(pathsOf('sa-escalation-to-aws-admin', yaml, aws(open('system:serviceaccount:ci:*')))).toEqual([]);
  });
});

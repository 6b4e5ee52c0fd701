import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeAws } from '../../../test/fakes/aws/index.js';
import type { CollectAwsResult } from './collect-aws.js';
import { collectFrom, startFixtureFake } from './test-support/against-fake.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('collectAws against the fixture account', () => {
  let fake: FakeAws;
  let result: CollectAwsResult;

  beforeAll(async () => {
    fake = await startFixtureFake();
    result = await collectFrom(fake);
  });
  afterAll(() => fake.close());

  it('knows who it is and found the cluster', () => {
    expect(result.clusterFound).toBe(true);
    expect(result.identity).toEqual({ accountId: '111122223333', callerArn: 'arn:aws:sts::111122223333:assumed-role/eksguard-reader/ci' });
  });

  it('records only the access entry whose role no longer exists', () => {
    expect(result.errors).toEqual([
      {
        source: 'aws',
        service: 'iam',
        operation: 'GetRole',
        target: 'arn:aws:iam::111122223333:role/former-contractor-admin',
        code: 'NoSuchEntity',
        message: 'The role with name former-contractor-admin cannot be found.',
      },
    ]);
  });

  it('keeps the cluster in the EKS wire shape with timestamps as ISO strings', () => {
    const cluster = result.aws.eks?.cluster;
    expect(cluster?.name).toBe('prod');
    expect(cluster?.createdAt).toBe('2024-02-14T09:31:07.512Z');
    expect(cluster?.resourcesVpcConfig?.publicAccessCidrs).toEqual(['0.0.0.0/0']);
    expect(cluster?.encryptionConfig?.[0]?.provider?.keyArn).toBe('arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(cluster?.accessConfig?.authenticationMode).toBe('API_AND_CONFIG_MAP');
    expect(JSON.stringify(result.aws)).not.toContain('$metadata');
  });

  it('collects every cluster version, unsupported ones included', () => {
    const versions = result.aws.eks?.clusterVersions ?? [];
    expect(versions.map((version) => version.clusterVersion)).toEqual(['1.30', '1.32', '1.33', '1.34', '1.35']);
    expect(versions[1]).toMatchObject({ versionStatus: 'EXTENDED_SUPPORT', endOfStandardSupportDate: '2026-03-23T00:00:00.000Z' });
  });

  it('describes node groups, Fargate profiles, add-ons and their compatible versions', () => {
    const eks = result.aws.eks;
    expect(eks?.nodegroups?.map((group) => [group.nodegroupName, group.launchTemplate?.version])).toEqual([
      ['general', '3'],
      ['batch', '1'],
    ]);
    expect(eks?.fargateProfiles?.[0]?.selectors).toEqual([{ namespace: 'serverless' }, { namespace: 'jobs', labels: { runtime: 'fargate' } }]);
    expect(eks?.addons?.find((addon) => addon.addonName === 'vpc-cni')?.addonVersion).toBe('v1.19.0-eksbuild.1');
    // Only versions compatible with the cluster's 1.32 come back.
    expect(eks?.addonVersions?.['vpc-cni']?.map((version) => version.addonVersion)).toEqual([
      'v1.19.5-eksbuild.3',
      'v1.19.2-eksbuild.1',
      'v1.19.0-eksbuild.1',
    ]);
    expect(Object.keys(eks?.addonVersions ?? {})).toEqual(['vpc-cni', 'coredns', 'kube-proxy', 'eks-pod-identity-agent']);
  });

  it('pairs access entries with their associated access policies', () => {
    const entries = result.aws.eks?.accessEntries ?? [];
    expect(entries).toHaveLength(5);
    const admin = entries.find((entry) => entry.accessEntry.principalArn?.includes('AWSReservedSSO_PlatformAdmin'));
    expect(admin?.associatedAccessPolicies).toEqual([
      {
        policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
        accessScope: { type: 'cluster', namespaces: [] },
        associatedAt: '2024-03-01T08:00:05.000Z',
        modifiedAt: '2024-03-01T08:00:05.000Z',
      },
    ]);
    const ci = entries.find((entry) => entry.accessEntry.principalArn === 'arn:aws:iam::111122223333:role/github-actions-deploy');
    expect(ci?.associatedAccessPolicies).toHaveLength(3);
    expect(ci?.accessEntry.type).toBe('STANDARD');
  });

  it('follows every page of paginated lists', () => {
    // The fake pages by two: five access entries take three ListAccessEntries requests.
    expect(fake.count('ListAccessEntries')).toBe(3);
    expect(fake.count('ListInsights')).toBe(2);
    expect(fake.count('ListAssociatedAccessPolicies')).toBeGreaterThanOrEqual(6);
    expect(result.aws.eks?.insights?.map((insight) => insight.insightStatus?.status)).toEqual(['WARNING', 'PASSING', 'PASSING']);
    expect(result.aws.eks?.insights?.[0]?.categorySpecificSummary?.addonCompatibilityDetails?.[0]?.name).toBe('vpc-cni');
    expect(result.aws.eks?.podIdentityAssociations?.map((association) => association.roleArn)).toEqual([
      'arn:aws:iam::111122223333:role/prod-ops-toolbox',
      'arn:aws:iam::111122223333:role/prod-orders-worker',
    ]);
  });

  it('reads only the launch template versions the node groups run', () => {
    const versions = result.aws.ec2?.launchTemplateVersions ?? [];
    expect(versions.map((version) => [version.LaunchTemplateId, version.VersionNumber])).toEqual([
      ['lt-0a1b2c3d4e5f60001', 3],
      ['lt-0a1b2c3d4e5f60002', 1],
    ]);
    expect(versions[1]?.LaunchTemplateData?.MetadataOptions).toEqual({ HttpTokens: 'optional', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' });
  });

  it('reads the cluster instances, their security groups and subnets', () => {
    const ec2 = result.aws.ec2;
    expect(ec2?.instances?.map((instance) => instance.InstanceId)).toEqual(['i-0a11111111111111a', 'i-0a22222222222222b', 'i-0b33333333333333c']);
    expect(ec2?.instances?.[0]?.LaunchTime).toMatch(ISO);
    expect(ec2?.securityGroups?.map((group) => group.GroupId)).toEqual(['sg-0c1d2e3f4a5b6c701', 'sg-0c1d2e3f4a5b6c702', 'sg-0c1d2e3f4a5b6c703']);
    const ssh = ec2?.securityGroups?.find((group) => group.GroupName === 'prod-batch-nodes-ssh');
    expect(ssh?.IpPermissions?.[0]).toMatchObject({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'debug access' }] });
    expect(ec2?.subnets).toHaveLength(6);
    expect(ec2?.subnets?.filter((subnet) => subnet.MapPublicIpOnLaunch).length).toBe(3);
    expect(ec2?.flowLogs).toEqual([]);
    expect(ec2?.ebsEncryptionByDefault).toBe(false);
  });

  it('reads the roles the cluster uses with trust and permission documents parsed', () => {
    const roles = result.aws.iam?.roles ?? [];
    expect(roles.map((role) => role.Role.RoleName).sort()).toEqual([
      'AWSReservedSSO_PlatformAdmin_3f2a1b0c9d8e7f65',
      'github-actions-deploy',
      'prod-ci-runner',
      'prod-eks-node',
      'prod-eks-node-batch',
      'prod-fargate-pod-execution',
      'prod-ops-toolbox',
      'prod-orders-worker',
      'prod-payments-api',
      'prod-vpc-cni-irsa',
    ]);
    const runner = roles.find((role) => role.Role.RoleName === 'prod-ci-runner');
    expect(runner?.Role.AssumeRolePolicyDocument?.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5C3F2E1A9B7D4C6E8F0A1B2C3D4E5F60' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringLike: { 'oidc.eks.eu-west-1.amazonaws.com/id/5C3F2E1A9B7D4C6E8F0A1B2C3D4E5F60:sub': 'system:serviceaccount:ci:*' } },
      },
    ]);
    expect(runner?.InlinePolicies?.[0]?.Document?.Statement).toContainEqual({ Sid: 'PassBuilderRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' });
    expect(runner?.AttachedPolicies).toEqual([]);
    const toolbox = roles.find((role) => role.Role.RoleName === 'prod-ops-toolbox');
    expect(toolbox?.AttachedPolicies).toEqual([
      {
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        PolicyName: 'AdministratorAccess',
        Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      },
    ]);
    // The default version (v3) of a managed policy, not an older one.
    const node = roles.find((role) => role.Role.RoleName === 'prod-eks-node');
    const worker = node?.AttachedPolicies?.find((policy) => policy.PolicyName === 'AmazonEKSWorkerNodePolicy');
    expect(JSON.stringify(worker?.Document)).toContain('eks-auth:AssumeRoleForPodIdentity');
    expect(node?.Role.CreateDate).toMatch(ISO);
    // A managed policy shared by roles is fetched once.
    expect(fake.requests.filter((request) => request.operation === 'GetPolicy' && request.input.PolicyArn === 'arn:aws:iam::aws:policy/AdministratorAccess')).toHaveLength(1);
    // The cluster's own service role is not among the roles checks read.
    expect(roles.some((role) => role.Role.RoleName === 'prod-cluster-role')).toBe(false);
  });

  it('describes the OIDC provider of the cluster issuer and lists the others', () => {
    expect(result.aws.iam?.openIdConnectProviders).toEqual([
      {
        Arn: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5C3F2E1A9B7D4C6E8F0A1B2C3D4E5F60',
        Url: 'oidc.eks.eu-west-1.amazonaws.com/id/5C3F2E1A9B7D4C6E8F0A1B2C3D4E5F60',
        ClientIDList: ['sts.amazonaws.com'],
        ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
      },
      { Arn: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
      { Arn: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF' },
    ]);
  });

  it('reads the Secrets key, the control-plane log group, GuardDuty and Inspector', () => {
    expect(result.aws.kms?.keys).toEqual([expect.objectContaining({ KeyRotationEnabled: false })]);
    expect(result.aws.kms?.keys?.[0]?.KeyMetadata).toMatchObject({ KeyState: 'Enabled', KeyManager: 'CUSTOMER', CreationDate: '2024-02-14T09:15:00.000Z' });
    expect(result.aws.logs?.logGroups?.map((group) => [group.logGroupName, group.retentionInDays])).toEqual([['/aws/eks/prod/cluster', undefined]]);
    expect(result.aws.logs?.metricFilters?.map((filter) => filter.filterName)).toEqual(['eks-anonymous-requests']);
    const detector = result.aws.guardduty?.detectors?.[0];
    expect(detector?.DetectorId).toBe('12abc34d567e8fa901bc2d34e56789f0');
    expect(detector?.Features?.find((feature) => feature.Name === 'EKS_AUDIT_LOGS')?.Status).toBe('ENABLED');
    expect(detector?.Features?.find((feature) => feature.Name === 'RUNTIME_MONITORING')?.AdditionalConfiguration?.[0]).toEqual({
      Name: 'EKS_ADDON_MANAGEMENT',
      Status: 'DISABLED',
      UpdatedAt: '2025-02-18T14:03:51.000Z',
    });
    expect(result.aws.inspector2?.accounts?.[0]?.resourceState?.ecr?.status).toBe('DISABLED');
  });

  it('reads ECR repositories, scanning configuration and policies, a missing policy not being an error', () => {
    const ecr = result.aws.ecr;
    expect(ecr?.repositories?.find((repository) => repository.repositoryName === 'shop/orders')).toMatchObject({
      imageTagMutability: 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: false },
    });
    expect(ecr?.registryScanningConfiguration).toEqual({ scanType: 'BASIC', rules: [] });
    expect(Object.keys(ecr?.repositoryPolicies ?? {})).toEqual(['shop/base-images', 'payments/api']);
    expect(ecr?.repositoryPolicies?.['shop/base-images']?.Statement).toEqual([
      expect.objectContaining({ Principal: '*', Effect: 'Allow' }),
    ]);
  });

  it('keeps only the load balancers the cluster created, with their listeners', () => {
    const elbv2 = result.aws.elbv2;
    expect(elbv2?.loadBalancers?.map((balancer) => balancer.LoadBalancerName)).toEqual([
      'k8s-shop-frontend-1a2b3c4d5e',
      'k8s-payments-api-9f8e7d6c5b',
      'a4f0e1d2c3b4a5968778695a4b3c2d1e',
    ]);
    expect(elbv2?.loadBalancers?.[0]?.CreatedTime).toMatch(ISO);
    const tls = elbv2?.listeners?.find((listener) => listener.Protocol === 'TLS');
    expect(tls).toMatchObject({ Port: 443, SslPolicy: 'ELBSecurityPolicy-2016-08' });
    expect(elbv2?.listeners).toHaveLength(4);
  });

  it('serialises the same account identically twice', async () => {
    const again = await collectFrom(fake);
    expect(JSON.stringify(again.aws)).toBe(JSON.stringify(result.aws));
  });
});

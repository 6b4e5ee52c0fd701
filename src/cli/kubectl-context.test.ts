import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { eksIdentityOf, identityOfExec, parseClusterArn, regionOfServer } from './kubectl-context.js';

const ARN = 'arn:aws:eks:eu-west-1:111122223333:cluster/prod';

/** A kubeconfig as `aws eks update-kubeconfig --name prod --region eu-west-1` writes it (AWS CLI v2). */
function updateKubeconfigText(names: { cluster: string; context: string; user: string }, server: string, exec: string[]): string {
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    '    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwcmRXSmwKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=',
    `    server: ${server}`,
    `  name: ${names.cluster}`,
    'contexts:',
    '- context:',
    `    cluster: ${names.cluster}`,
    `    user: ${names.user}`,
    `  name: ${names.context}`,
    `current-context: ${names.context}`,
    'kind: Config',
    'preferences: {}',
    'users:',
    `- name: ${names.user}`,
    '  user:',
    ...exec,
    '',
  ].join('\n');
}

const AWS_EXEC = [
  '    exec:',
  '      apiVersion: client.authentication.k8s.io/v1beta1',
  '      args:',
  '      - --region',
  '      - eu-west-1',
  '      - eks',
  '      - get-token',
  '      - --cluster-name',
  '      - prod',
  '      - --output',
  '      - json',
  '      command: aws',
];

function identity(text: string, context?: string) {
  const config = new KubeConfig();
  config.loadFromString(text);
  return eksIdentityOf(config, context ?? config.getCurrentContext());
}

describe('eksIdentityOf', () => {
  it('reads name and region from the cluster ARN of an update-kubeconfig context', () => {
    const text = updateKubeconfigText({ cluster: ARN, context: ARN, user: ARN }, 'https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com', AWS_EXEC);
    expect(identity(text)).toEqual({ context: ARN, name: { value: 'prod', from: 'cluster ARN' }, region: { value: 'eu-west-1', from: 'cluster ARN' } });
  });

  it('keeps the ARN of the cluster entry when --alias renamed the context', () => {
    const text = updateKubeconfigText({ cluster: ARN, context: 'prod-admin', user: ARN }, 'https://127.0.0.1:6443', []);
    expect(identity(text)).toMatchObject({ context: 'prod-admin', name: { value: 'prod' }, region: { value: 'eu-west-1' } });
  });

  it('falls back to the exec args, then the exec env, then the server host', () => {
    const eksctl = updateKubeconfigText({ cluster: 'prod.eu-west-1.eksctl.io', context: 'ci@prod.eu-west-1.eksctl.io', user: 'ci@prod.eu-west-1.eksctl.io' }, 'https://A1B2.yl4.eu-west-1.eks.amazonaws.com', [
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1beta1',
      '      args: [eks, get-token, --output, json, --cluster-name=prod, --region=eu-west-1]',
      '      command: /usr/local/bin/aws',
    ]);
    expect(identity(eksctl)).toMatchObject({ name: { value: 'prod', from: 'exec args' }, region: { value: 'eu-west-1', from: 'exec args' } });

    const authenticator = updateKubeconfigText({ cluster: 'kubernetes', context: 'aws', user: 'aws' }, 'https://A1B2.gr7.ap-south-1.eks.amazonaws.com', [
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1beta1',
      '      command: aws-iam-authenticator',
      '      args: [token, -i, shop-prod]',
      '      env:',
      '      - name: AWS_PROFILE',
      '        value: shop',
      '      - name: AWS_REGION',
      '        value: us-east-2',
    ]);
    expect(identity(authenticator)).toMatchObject({ name: { value: 'shop-prod', from: 'exec args' }, region: { value: 'us-east-2', from: 'exec env' } });

    const hostOnly = updateKubeconfigText({ cluster: 'kubernetes', context: 'aws', user: 'aws' }, 'https://A1B2.gr7.cn-north-1.eks.amazonaws.com.cn', [
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1beta1',
      '      command: aws-iam-authenticator',
      '      args: [token, --cluster-id, shop-cn]',
    ]);
    expect(identity(hostOnly)).toEqual({ context: 'aws', name: { value: 'shop-cn', from: 'exec args' }, region: { value: 'cn-north-1', from: 'server host' } });
  });

  it('prefers the ARN to the exec args when they disagree', () => {
    const exec = AWS_EXEC.map((line) => line.replace('- prod', '- staging').replace('- eu-west-1', '- us-east-1'));
    const text = updateKubeconfigText({ cluster: ARN, context: ARN, user: ARN }, 'https://127.0.0.1:6443', exec);
    expect(identity(text)).toMatchObject({ name: { value: 'prod' }, region: { value: 'eu-west-1' } });
  });

  it('leaves out what no source tells: a kind cluster, a static token', () => {
    const text = updateKubeconfigText({ cluster: 'kind-dev', context: 'kind-dev', user: 'kind-dev' }, 'https://127.0.0.1:40123', ['    token: abc']);
    expect(identity(text)).toEqual({ context: 'kind-dev' });
    // An exec plugin that is not an EKS token helper says nothing either.
    const gke = updateKubeconfigText({ cluster: 'gke', context: 'gke', user: 'gke' }, 'https://34.1.2.3', ['    exec:', '      apiVersion: client.authentication.k8s.io/v1beta1', '      command: gke-gcloud-auth-plugin', '      args: [--cluster-name, prod]']);
    expect(identity(gke)).toEqual({ context: 'gke' });
  });

  it('refuses hostile values: a flag, a newline or a path as a name, a made-up region', () => {
    const hostileArn = "'arn:aws:eks:eu-west-1:111122223333:cluster/--fail-on=none'";
    const text = updateKubeconfigText({ cluster: hostileArn, context: 'x', user: 'u' }, 'https://a.gr7.evil.eks.amazonaws.com', [
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1beta1',
      '      command: aws',
      '      args: [eks, get-token, --cluster-name, "prod\\n--output", --region, "../../etc"]',
      '      env: [{name: AWS_REGION, value: "eu-west-1; rm -rf /"}, "not an entry", 7]',
    ]);
    expect(identity(text)).toEqual({ context: 'x' });
  });
});

describe('the parsers', () => {
  it('parse ARNs of every partition, and nothing else', () => {
    expect(parseClusterArn('arn:aws-us-gov:eks:us-gov-west-1:111122223333:cluster/gov')).toEqual({ name: 'gov', region: 'us-gov-west-1' });
    expect(parseClusterArn('arn:aws-cn:eks:cn-northwest-1:111122223333:cluster/c_1')).toEqual({ name: 'c_1', region: 'cn-northwest-1' });
    for (const value of ['arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/ng/1', 'arn:aws:eks:eu-west-1:1111:cluster/prod', 'arn:aws:iam::111122223333:role/prod', 'prod', '']) {
      expect(parseClusterArn(value), value).toBeUndefined();
    }
  });

  it('read the region of EKS endpoints only', () => {
    expect(regionOfServer('https://ABC.sk1.us-east-1.eks.amazonaws.com')).toBe('us-east-1');
    expect(regionOfServer('https://ABC.sk1.us-east-1.eks.amazonaws.com:443/')).toBe('us-east-1');
    expect(regionOfServer('https://us-east-1.eks.amazonaws.com.evil.example')).toBeUndefined();
    expect(regionOfServer('not a url')).toBeUndefined();
  });

  it('take an exec block of any shape without throwing', () => {
    for (const exec of [undefined, null, 'aws', 42, [], { command: 7 }, { command: 'aws', args: 'eks get-token' }, { command: 'aws', args: [null, {}, 'get-token', '--cluster-name'] }]) {
      expect(identityOfExec(exec)).toEqual({});
    }
    expect(identityOfExec({ command: 'C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe', args: ['eks', 'get-token', '--cluster-name', 'prod'] })).toEqual({ name: 'prod' });
  });
});

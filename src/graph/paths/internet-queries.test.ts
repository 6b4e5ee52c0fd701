/**
 * The queries that start at the Internet: each finds its path on a fixture inventory and finds
 * nothing once one link of the chain is fixed.
 */
import { describe, expect, it } from 'vitest';
import type { AwsData } from '../../model/index.js';
import {
  ADMIN_POLICY_ARN,
  allowDoc,
  association,
  cluster,
  irsaTrust,
  podIdentityTrust,
  role,
  roleArn,
} from '../../checks/identity/test-support/aws-fixtures.js';
import { launchTemplateVersion, nodegroup, withLaunchTemplate } from '../../checks/nodes/test-support/aws-fixtures.js';
import { pathsOf } from '../test-support/paths.js';


const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name} }\n`;

function deployment(ns: string, name: string, serviceAccount: string, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      serviceAccountName: ${serviceAccount}
      containers:
        - name: app
          image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/${name}:1.0
          ports: [{ containerPort: 8080, name: http }]
${extra}`;
}

function service(ns: string, name: string, type: 'LoadBalancer' | 'ClusterIP', annotations = ''): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
${annotations ? `  annotations:\n${annotations}\n` : ''}spec:
  type: ${type}
  selector: { app: ${name} }
  ports: [{ port: 443, targetPort: 8080 }]
`;
}

const serviceAccount = (ns: string, name: string, roleArnValue?: string) =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n${roleArnValue ? `  annotations: { eks.amazonaws.com/role-arn: "${roleArnValue}" }\n` : ''}`;

const clusterRoleBinding = (name: string, role: string, ns: string, sa: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ${name} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role} }
subjects: [{ kind: ServiceAccount, name: ${sa}, namespace: ${ns} }]
`;

const stream = (...documents: string[]) => documents.join('---\n');

describe('internet-to-cluster-admin', () => {
  const exposed = [namespace('shop'), deployment('shop', 'web', 'web'), service('shop', 'web', 'LoadBalancer'), serviceAccount('shop', 'web')];

  it('finds an exposed workload whose service account is bound to cluster-admin', () => {
    expect(pathsOf('internet-to-cluster-admin', stream(...exposed, clusterRoleBinding('web-admin', 'cluster-admin', 'shop', 'web')))).toEqual([
      'Internet internet -exposes-> LoadBalancer shop/Service/web -routes-to-> Service shop/web -selects-> Deployment shop/web -runs-as-> ServiceAccount shop/web -bound-to-> ClusterRoleBinding web-admin -grants-> ClusterRole cluster-admin -is-admin-> ClusterAdmin cluster-admin',
    ]);
  });

  it('finds the way through creating pods as a stronger service account', () => {
    const createPods = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: pod-maker, namespace: kube-system }
rules: [{ apiGroups: [""], resources: [pods], verbs: [create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: web-pod-maker, namespace: kube-system }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-maker }
subjects: [{ kind: ServiceAccount, name: web, namespace: shop }]
`;
    const strong = stream(namespace('kube-system'), serviceAccount('kube-system', 'ops-bot'), clusterRoleBinding('ops-bot-admin', 'cluster-admin', 'kube-system', 'ops-bot'));
    const paths = pathsOf('internet-to-cluster-admin', stream(...exposed, createPods, strong));
    expect(paths).toHaveLength(1);
    expect(paths[0]).toContain('-can-create-pods-> ServiceAccount kube-system/ops-bot -bound-to-> ClusterRoleBinding ops-bot-admin');
    // Fixed: the role only reads pods.
    expect(pathsOf('internet-to-cluster-admin', stream(...exposed, createPods.replace('verbs: [create]', 'verbs: [get]'), strong))).toEqual([]);
  });

  it('finds nothing once the load balancer is internal, or the binding is gone', () => {
    const internal = service('shop', 'web', 'LoadBalancer', '    service.beta.kubernetes.io/aws-load-balancer-internal: "true"');
    const binding = clusterRoleBinding('web-admin', 'cluster-admin', 'shop', 'web');
    expect(pathsOf('internet-to-cluster-admin', stream(exposed[0]!, exposed[1]!, internal, exposed[3]!, binding))).toEqual([]);
    expect(pathsOf('internet-to-cluster-admin', stream(...exposed))).toEqual([]);
    expect(pathsOf('internet-to-cluster-admin', stream(...exposed, clusterRoleBinding('web-view', 'view', 'shop', 'web')))).toEqual([]);
  });

  it('finds nothing when a NetworkPolicy keeps the Internet out of the pods', () => {
    const denyIngress = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: only-frontends, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress: [{ from: [{ podSelector: { matchLabels: { role: frontend } } }] }]
`;
    expect(pathsOf('internet-to-cluster-admin', stream(...exposed, clusterRoleBinding('web-admin', 'cluster-admin', 'shop', 'web'), denyIngress))).toEqual([]);
  });
});

const WEB_ROLE = roleArn('shop-web');
const awsWith = (...roles: Array<ReturnType<typeof role>>): AwsData => ({ eks: { cluster: cluster(), podIdentityAssociations: [] }, iam: { roles } });
const irsaExposed = [namespace('shop'), deployment('shop', 'web', 'web'), service('shop', 'web', 'LoadBalancer'), serviceAccount('shop', 'web', WEB_ROLE)];

describe('internet-to-aws-admin', () => {
  it('finds an exposed workload whose IRSA role is administrator', () => {
    const aws = awsWith(role('shop-web', { trust: irsaTrust('system:serviceaccount:shop:web'), attached: [{ arn: ADMIN_POLICY_ARN, document: allowDoc('*') }] }));
    const paths = pathsOf('internet-to-aws-admin', stream(...irsaExposed), aws);
    expect(paths).toEqual([
      `Internet internet -exposes-> LoadBalancer shop/Service/web -routes-to-> Service shop/web -selects-> Deployment shop/web -can-assume-> IAMRole ${WEB_ROLE} -has-permission-> AWSPermission admin`,
    ]);
  });

  it('finds it with automountServiceAccountToken off: the IRSA webhook mounts its own token', () => {
    const aws = awsWith(role('shop-web', { trust: irsaTrust('system:serviceaccount:shop:web'), attached: [{ arn: ADMIN_POLICY_ARN, document: allowDoc('*') }] }));
    const noToken = deployment('shop', 'web', 'web').replace('      containers:', '      automountServiceAccountToken: false\n      containers:');
    expect(pathsOf('internet-to-aws-admin', stream(irsaExposed[0]!, noToken, ...irsaExposed.slice(2)), aws)).toEqual([
      `Internet internet -exposes-> LoadBalancer shop/Service/web -routes-to-> Service shop/web -selects-> Deployment shop/web -can-assume-> IAMRole ${WEB_ROLE} -has-permission-> AWSPermission admin`,
    ]);
    // Fixed: the service account is no longer annotated.
    expect(pathsOf('internet-to-aws-admin', stream(irsaExposed[0]!, noToken, irsaExposed[2]!, serviceAccount('shop', 'web')), aws)).toEqual([]);
  });

  describe('through Kubernetes permissions', () => {
    const OPS_ROLE = roleArn('shop-ops');
    const opsAdmin = awsWith(role('shop-ops', { trust: irsaTrust('system:serviceaccount:shop:ops'), attached: [{ arn: ADMIN_POLICY_ARN, document: allowDoc('*') }] }));
    const rules = (rule: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: power, namespace: shop }
rules: [${rule}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: web-power, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: power }
subjects: [{ kind: ServiceAccount, name: web, namespace: shop }]
`;
    const cluster = (rule: string) => stream(namespace('shop'), deployment('shop', 'web', 'web'), service('shop', 'web', 'LoadBalancer'), serviceAccount('shop', 'web'), serviceAccount('shop', 'ops', OPS_ROLE), rules(rule));

    it('finds an exposed service account creating pods as one whose IRSA role is administrator', () => {
      expect(pathsOf('internet-to-aws-admin', cluster('{ apiGroups: [""], resources: [pods], verbs: [create] }'), opsAdmin)).toEqual([
        `Internet internet -exposes-> LoadBalancer shop/Service/web -routes-to-> Service shop/web -selects-> Deployment shop/web -runs-as-> ServiceAccount shop/web -can-create-pods-> ServiceAccount shop/ops -can-assume-> IAMRole ${OPS_ROLE} -has-permission-> AWSPermission admin`,
      ]);
      expect(pathsOf('internet-to-aws-admin', cluster('{ apiGroups: [""], resources: [serviceaccounts/token], verbs: [create] }'), opsAdmin).join('\n')).toContain(
        '-can-escalate-> ServiceAccount shop/ops -can-assume->',
      );
    });

    it('finds nothing once the role only reads pods, or only impersonates the stronger account', () => {
      expect(pathsOf('internet-to-aws-admin', cluster('{ apiGroups: [""], resources: [pods], verbs: [get, list] }'), opsAdmin)).toEqual([]);
      // Acting as shop/ops in the API gives no web identity token for its role.
      expect(pathsOf('internet-to-aws-admin', cluster('{ apiGroups: [""], resources: [serviceaccounts], verbs: [impersonate] }'), opsAdmin)).toEqual([]);
    });
  });

  describe('through a role whose trust admits any service account', () => {
    const CI_ROLE = roleArn('legacy-ci');
    const openAdmin = (subject: string) => role('legacy-ci', { trust: irsaTrust(subject, { operator: 'StringLike' }), attached: [{ arn: ADMIN_POLICY_ARN, document: allowDoc('*') }] });
    const webRole = role('shop-web', { trust: irsaTrust('system:serviceaccount:shop:web'), inline: [{ name: 'assets', document: allowDoc('s3:GetObject', 'arn:aws:s3:::shop-assets/*') }] });

    it('finds an exposed IRSA workload exchanging its token for the open role', () => {
      expect(pathsOf('internet-to-aws-admin', stream(...irsaExposed), awsWith(webRole, openAdmin('system:serviceaccount:*:*')))).toEqual([
        `Internet internet -exposes-> LoadBalancer shop/Service/web -routes-to-> Service shop/web -selects-> Deployment shop/web -can-assume-> IAMRole ${CI_ROLE} -has-permission-> AWSPermission admin`,
      ]);
    });

    it('finds nothing once the trust names its own service account, or the workload carries no web identity token', () => {
      expect(pathsOf('internet-to-aws-admin', stream(...irsaExposed), awsWith(webRole, openAdmin('system:serviceaccount:ci:runner')))).toEqual([]);
      const plain = [namespace('shop'), deployment('shop', 'web', 'web'), service('shop', 'web', 'LoadBalancer'), serviceAccount('shop', 'web')];
      expect(pathsOf('internet-to-aws-admin', stream(...plain), awsWith(openAdmin('system:serviceaccount:*:*')))).toEqual([]);
    });
  });

  it('finds IAM privilege escalation too', () => {
    const aws = awsWith(role('shop-web', { trust: irsaTrust('system:serviceaccount:shop:web'), inline: [{ name: 'attach', document: allowDoc(['iam:AttachRolePolicy'], '*') }] }));
    expect(pathsOf('internet-to-aws-admin', stream(...irsaExposed), aws).join('\n')).toContain('-has-permission-> AWSPermission iam-privesc');
  });

  it('finds nothing when the role reads one bucket, or its trust does not admit the service account', () => {
    const narrow = awsWith(role('shop-web', { trust: irsaTrust('system:serviceaccount:shop:web'), inline: [{ name: 'assets', document: allowDoc('s3:GetObject', 'arn:aws:s3:::shop-assets/*') }] }));
    expect(pathsOf('internet-to-aws-admin', stream(...irsaExposed), narrow)).toEqual([]);
    const otherTrust = awsWith(role('shop-web', { trust: irsaTrust('system:serviceaccount:shop:batch'), attached: [{ arn: ADMIN_POLICY_ARN, document: allowDoc('*') }] }));
    expect(pathsOf('internet-to-aws-admin', stream(...irsaExposed), otherTrust)).toEqual([]);
  });
});

describe('internet-to-aws-admin through the instance metadata service', () => {
  const NODE_ROLE = roleArn('prod-eks-node');
  /** Node group general with IMDSv1 allowed and hop limit 2: pods read the node role's credentials. */
  const aws = (metadata: { HttpTokens: 'optional' | 'required'; HttpPutResponseHopLimit: number }): AwsData => ({
    eks: { cluster: cluster(), podIdentityAssociations: [], nodegroups: [withLaunchTemplate(nodegroup('general', { nodeRole: NODE_ROLE }), 'lt-1', 1)] },
    ec2: { launchTemplateVersions: [launchTemplateVersion('lt-1', 1, { MetadataOptions: metadata })], instances: [] },
    iam: { roles: [role('prod-eks-node', { attached: [{ arn: ADMIN_POLICY_ARN, document: allowDoc('*') }] })] },
  });
  const open = { HttpTokens: 'optional' as const, HttpPutResponseHopLimit: 2 };
  const exposed = [namespace('shop'), deployment('shop', 'web', 'web'), service('shop', 'web', 'LoadBalancer'), serviceAccount('shop', 'web')];

  it('finds an exposed pod reading the node role from IMDS', () => {
    expect(pathsOf('internet-to-aws-admin', stream(...exposed), aws(open))).toEqual([
      `Internet internet -exposes-> LoadBalancer shop/Service/web -routes-to-> Service shop/web -selects-> Deployment shop/web -node-credentials-> IAMRole ${NODE_ROLE} -has-permission-> AWSPermission admin`,
    ]);
  });

  it('finds nothing once an egress policy denies the metadata address, or IMDSv2 with hop limit 1 is required', () => {
    const denyImds = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: no-imds, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{ to: [{ ipBlock: { cidr: 0.0.0.0/0, except: [169.254.169.254/32] } }] }]
`;
    expect(pathsOf('internet-to-aws-admin', stream(...exposed, denyImds), aws(open))).toEqual([]);
    expect(pathsOf('internet-to-aws-admin', stream(...exposed), aws({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 }))).toEqual([]);
  });
});

describe('internet-to-aws-data', () => {
  const dataRole = (document = allowDoc(['secretsmanager:GetSecretValue'], '*')) =>
    role('shop-web', { trust: podIdentityTrust(), inline: [{ name: 'secrets', document }] });
  const podIdentity = (roles: Array<ReturnType<typeof role>>): AwsData => ({
    eks: { cluster: cluster(), podIdentityAssociations: [association('shop', 'web', WEB_ROLE)] },
    iam: { roles },
  });
  const exposed = [namespace('shop'), deployment('shop', 'web', 'web'), service('shop', 'web', 'LoadBalancer'), serviceAccount('shop', 'web')];

  it('finds Secrets Manager reads through EKS Pod Identity', () => {
    const paths = pathsOf('internet-to-aws-data', stream(...exposed), podIdentity([dataRole()]));
    expect(paths.join('\n')).toContain(`-can-assume-> IAMRole ${WEB_ROLE} -has-permission-> AWSPermission secretsmanager-read`);
  });

  it('finds it with automountServiceAccountToken off on the service account: the Pod Identity agent still serves the pods', () => {
    const noToken = `${serviceAccount('shop', 'web')}automountServiceAccountToken: false\n`;
    expect(pathsOf('internet-to-aws-data', stream(exposed[0]!, exposed[1]!, exposed[2]!, noToken), podIdentity([dataRole()]))).toEqual([
      `Internet internet -exposes-> LoadBalancer shop/Service/web -routes-to-> Service shop/web -selects-> Deployment shop/web -can-assume-> IAMRole ${WEB_ROLE} -has-permission-> AWSPermission secretsmanager-read`,
    ]);
  });

  it('finds nothing once the role may no longer read secrets, or the service is internal', () => {
    expect(pathsOf('internet-to-aws-data', stream(...exposed), podIdentity([dataRole(allowDoc('cloudwatch:PutMetricData'))]))).toEqual([]);
    const internal = service('shop', 'web', 'LoadBalancer', '    service.beta.kubernetes.io/aws-load-balancer-internal: "true"');
    expect(pathsOf('internet-to-aws-data', stream(exposed[0]!, exposed[1]!, internal, exposed[3]!), podIdentity([dataRole()]))).toEqual([]);
  });
});

describe('lateral-to-secrets', () => {
  const vault = deployment(
    'shop',
    'payments',
    'payments',
    `          env:
            - name: STRIPE_KEY
              valueFrom: { secretKeyRef: { name: stripe, key: api-key } }
`,
  );
  const base = [namespace('shop'), deployment('shop', 'web', 'web'), service('shop', 'web', 'LoadBalancer'), vault];

  it('finds an exposed pod that can open connections to a workload holding secrets', () => {
    expect(pathsOf('lateral-to-secrets', stream(...base))).toEqual([
      'Internet internet -exposes-> LoadBalancer shop/Service/web -routes-to-> Service shop/web -selects-> Deployment shop/web -reaches-> Deployment shop/payments',
    ]);
  });

  it('finds nothing once a NetworkPolicy admits only the checkout pods to payments', () => {
    const isolate = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: payments-from-checkout, namespace: shop }
spec:
  podSelector: { matchLabels: { app: payments } }
  policyTypes: [Ingress]
  ingress: [{ from: [{ podSelector: { matchLabels: { app: checkout } } }] }]
`;
    expect(pathsOf('lateral-to-secrets', stream(...base, isolate))).toEqual([]);
  });

  it('finds nothing once the web pods may only send DNS queries to kube-system', () => {
    const egress = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web-egress-dns-only, namespace: shop }
spec:
  podSelector: { matchLabels: { app: web } }
  policyTypes: [Egress]
  egress: [{ to: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } } }], ports: [{ port: 53, protocol: UDP }] }]
`;
    expect(pathsOf('lateral-to-secrets', stream(...base, egress))).toEqual([]);
  });
});

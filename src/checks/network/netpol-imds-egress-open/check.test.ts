import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const WEB = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx }] }
`;

const EGRESS_ANYWHERE = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: egress, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{ namespaceSelector: {} }]
    - to: [{ ipBlock: { cidr: 0.0.0.0/0 } }]
`;

const EGRESS_EXCEPT_IMDS = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: egress, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{ to: [{ ipBlock: { cidr: 0.0.0.0/0, except: [169.254.169.254/32] } }] }]
`;

function nodes(options: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eks: {
      nodegroups: [{ nodegroupName: 'general', launchTemplate: { id: 'lt-0a1', name: 'general', version: '3' } }],
      ...extra,
    },
    ec2: {
      launchTemplateVersions: [
        { LaunchTemplateId: 'lt-0a1', LaunchTemplateName: 'general', VersionNumber: 3, LaunchTemplateData: { MetadataOptions: options } },
      ],
    },
  };
}

describeCheck(check, {
  pass: [
    {
      name: 'egress excludes IMDS (no AWS data needed)',
      yaml: `${WEB}\n---\n${EGRESS_EXCEPT_IMDS}`,
    },
    {
      name: 'egress open but nodes require IMDSv2 with hop limit 1',
      yaml: `${WEB}\n---\n${EGRESS_ANYWHERE}`,
      aws: nodes({ HttpTokens: 'required', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' }),
    },
    {
      name: 'pods pinned to a hardened node group, other group open',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    metadata: { labels: { app: web } }
    spec:
      nodeSelector: { eks.amazonaws.com/nodegroup: hardened }
      containers: [{ name: web, image: nginx }]
`,
      aws: {
        eks: {
          nodegroups: [
            { nodegroupName: 'hardened', launchTemplate: { id: 'lt-h', version: '$Default' } },
            { nodegroupName: 'legacy', launchTemplate: { id: 'lt-l', version: '$Default' } },
          ],
        },
        ec2: {
          launchTemplateVersions: [
            { LaunchTemplateId: 'lt-h', VersionNumber: 1, DefaultVersion: true, LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 } } },
            { LaunchTemplateId: 'lt-l', VersionNumber: 1, DefaultVersion: true, LaunchTemplateData: { MetadataOptions: { HttpTokens: 'optional', HttpPutResponseHopLimit: 2 } } },
          ],
        },
      },
    },
    {
      name: 'pods on Fargate',
      yaml: WEB,
      aws: nodes({ HttpTokens: 'required', HttpPutResponseHopLimit: 2 }, {
        fargateProfiles: [{ fargateProfileName: 'shop', selectors: [{ namespace: 'shop' }] }],
      }),
    },
  ],
  fail: [
    {
      name: 'no egress policy and hop limit 2',
      yaml: WEB,
      aws: nodes({ HttpTokens: 'required', HttpPutResponseHopLimit: 2 }),
      expect: [
        {
          resource: 'Deployment/shop/web',
          path: 'spec.template.metadata.labels',
          message: 'no egress policy selects them, and on the nodes node group general (launch template general version 3): HttpPutResponseHopLimit 2',
        },
      ],
    },
    {
      name: 'egress to 0.0.0.0/0 and IMDSv1 allowed even with hop limit 1 (evidence in the policy)',
      yaml: `${WEB}\n---\n${EGRESS_ANYWHERE}`,
      aws: nodes({ HttpTokens: 'optional', HttpPutResponseHopLimit: 1 }),
      expect: [
        {
          resource: 'Deployment/shop/web',
          path: 'spec.egress[1].to[0]',
          message: 'NetworkPolicy shop/egress allows egress to it, and on the nodes node group general (launch template general version 3): IMDSv1 allowed',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'IMDS denied by the policies eksguard reads, but a Calico policy it cannot read may allow it',
      yaml: `${WEB}\n---\n${EGRESS_EXCEPT_IMDS}\n---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: odd, namespace: shop }
spec: { selector: "global()", types: [Egress], egress: [{ action: Allow }] }
`,
      expect: [{ resource: 'Deployment/shop/web', message: /may be allowed by policies eksguard cannot evaluate: .*Calico NetworkPolicy shop\/odd/ }],
    },
    {
      name: 'egress open and no AWS data',
      yaml: WEB,
      expect: [{ resource: 'Deployment/shop/web', message: /no egress policy selects the pods.*were not collected/ }],
    },
    {
      name: 'launch template without metadata options',
      yaml: `${WEB}\n---\n${EGRESS_ANYWHERE}`,
      aws: nodes({}),
      expect: [{ message: /do not decide it: node group general/ }],
    },
  ],
});

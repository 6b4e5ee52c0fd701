import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'no mapAccounts, or an empty list',
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/eks-node-group-role
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes]
  mapAccounts: |
    []
`,
    },
  ],
  fail: [
    {
      name: 'two accounts mapped, one written as a number',
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapAccounts: |
    - "111122223333"
    - 444455556666
`,
      expect: [
        {
          resource: 'ConfigMap/kube-system/aws-auth',
          path: 'data.mapAccounts',
          severity: 'high',
          message: 'data.mapAccounts lets every IAM user and role of 2 account(s) authenticate to the cluster: 111122223333, 444455556666',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'mapAccounts that is a mapping, not a list',
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapAccounts: |
    account: "111122223333"
`,
      expect: [{ path: 'data.mapAccounts', message: 'data.mapAccounts is not a YAML list of account ids' }],
    },
  ],
});

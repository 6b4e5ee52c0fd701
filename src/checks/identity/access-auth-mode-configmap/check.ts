import type { Target } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { clusterFacts, describeClusterMissing, eksClusterTarget } from '../../../analysis/identity/eks-cluster-data.js';

/**
 * CONFIG_MAP mode is the only one in which EKS reads nothing but aws-auth: one YAML string in
 * one ConfigMap, editable by anyone who may update ConfigMaps in kube-system, with no audit of
 * who granted what. API_AND_CONFIG_MAP passes: it is the documented migration step.
 */
export const check = defineCheck<Target, 'configMapOnly'>({
  id: 'access-auth-mode-configmap',
  title: 'Cluster authenticates IAM principals only through the aws-auth ConfigMap',
  severity: 'medium',
  area: 'identity',
  needs: ['aws'],
  description:
    'With authentication mode CONFIG_MAP, cluster access for IAM principals lives only in the kube-system/aws-auth ConfigMap: a mistyped edit can lock everyone out, anyone who can write ConfigMaps in kube-system can grant themselves system:masters, and EKS access entries, access policies and their CloudTrail audit trail are unavailable.',
  remediation:
    'Switch the cluster to API_AND_CONFIG_MAP (`aws eks update-cluster-config --name <cluster> --access-config authenticationMode=API_AND_CONFIG_MAP`), recreate the aws-auth mappings as access entries, then move to API. The change cannot be reverted to CONFIG_MAP.',
  messages: {
    configMapOnly:
      'Cluster {{cluster}} uses authentication mode CONFIG_MAP: IAM access is managed only in ConfigMap kube-system/aws-auth; access entries cannot be used',
  },
  links: [
    'https://docs.aws.amazon.com/eks/latest/userguide/setting-up-access-entries.html',
    'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html',
  ],
  requires: (inventory) => describeClusterMissing(inventory),
  targets: (inventory) => [eksClusterTarget(inventory)],
  evaluate(_target, context) {
    const facts = clusterFacts(context.inventory);
    const mode = facts.cluster?.accessConfig?.authenticationMode;
    if (mode === undefined) {
      context.notEvaluated('DescribeCluster returned no accessConfig.authenticationMode for the cluster', { path: ['accessConfig'] });
      return;
    }
    if (mode !== 'CONFIG_MAP') return;
    context.fail(
      'configMapOnly',
      { cluster: facts.name },
      {
        path: ['accessConfig', 'authenticationMode'],
        fix: {
          kind: 'suggestion',
          description: `Run aws eks update-cluster-config --name ${facts.name} --access-config authenticationMode=API_AND_CONFIG_MAP, create access entries for the aws-auth mappings, then switch to API (one-way changes)`,
          operations: [{ op: 'replace', path: '/accessConfig/authenticationMode', value: 'API_AND_CONFIG_MAP' }],
        },
      },
    );
  },
});

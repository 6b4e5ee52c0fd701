import type { EvidencePath, K8sObject, Target } from '../../../model/index.js';
import { awsMissingReason, refOf, type Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { serviceAccountOf } from '../../../analysis/rbac/effective-permissions.js';
import { podIdentityAssociations, ROLE_ARN_ANNOTATION } from '../../../analysis/identity/workload-roles.js';

interface AwsNodeTarget extends Target {
  object: K8sObject;
  workload: Workload;
  /** The ServiceAccount aws-node runs as, when collected: findings are about it, where the fix goes. */
  account?: K8sObject;
}

const NAMESPACE = 'kube-system';

/**
 * The VPC CNI (DaemonSet kube-system/aws-node) needs AmazonEKS_CNI_Policy. Given to it through
 * IRSA or Pod Identity, only aws-node holds it; otherwise it comes from the node role, which
 * every pod that reaches the instance metadata service shares. Evidence that it has its own
 * role: the ServiceAccount's role-arn annotation, a Pod Identity association for it, or the
 * vpc-cni add-on's serviceAccountRoleArn or Pod Identity associations. The finding is on the
 * ServiceAccount (where the annotation belongs) when it was collected, else on the DaemonSet.
 */
export const check = defineCheck<AwsNodeTarget, 'nodeRole'>({
  id: 'aws-node-no-irsa',
  title: 'aws-node (VPC CNI) uses the node role’s credentials',
  severity: 'medium',
  area: 'identity',
  needs: ['aws'],
  description:
    'When aws-node has no role of its own, the CNI permissions (create, attach and delete network interfaces, assign IPs) must sit on the node IAM role, where every pod able to reach the instance metadata service can use them.',
  remediation:
    'Create a role with AmazonEKS_CNI_Policy for kube-system/aws-node (IRSA or a Pod Identity association, e.g. through the vpc-cni add-on’s serviceAccountRoleArn or podIdentityAssociations), then detach AmazonEKS_CNI_Policy from the node role.',
  messages: {
    nodeRole:
      'aws-node runs as ServiceAccount kube-system/{{serviceAccount}} with no IAM role of its own ({{evidence}}): the VPC CNI uses the node role’s credentials',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html', 'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html'],
  targets(inventory) {
    const object = inventory.get('DaemonSet', NAMESPACE, 'aws-node');
    const workload = object ? inventory.workloads().find((candidate) => candidate.object === object) : undefined;
    if (!object || !workload) return [];
    const account = inventory.get('ServiceAccount', NAMESPACE, serviceAccountOf(workload).name);
    return [account ? { resource: refOf(account), object: account, workload, account } : { resource: refOf(object), object, workload }];
  },
  evaluate(target, context) {
    const { inventory } = context;
    const serviceAccount = serviceAccountOf(target.workload).name;
    const account = target.account;
    if (account?.metadata?.annotations?.[ROLE_ARN_ANNOTATION]) return;
    const addons = inventory.aws?.eks?.addons;
    const vpcCni = addons?.find((addon) => addon.addonName === 'vpc-cni');
    if (vpcCni?.serviceAccountRoleArn || (vpcCni?.podIdentityAssociations?.length ?? 0) > 0) return;
    const associations = podIdentityAssociations(inventory);
    if ('missing' in associations) {
      context.notEvaluated(`a Pod Identity association for kube-system/${serviceAccount} cannot be ruled out: ${associations.missing}`);
      return;
    }
    if (associations.associations.some((association) => association.namespace === NAMESPACE && association.serviceAccount === serviceAccount)) return;
    if (!account && !addons) {
      context.notEvaluated(
        `neither ServiceAccount kube-system/${serviceAccount} nor the vpc-cni add-on was collected (${awsMissingReason(inventory, { service: 'eks', operation: 'DescribeAddon', target: 'vpc-cni' })})`,
      );
      return;
    }
    const evidence = [
      account ? `no ${ROLE_ARN_ANNOTATION} annotation` : undefined,
      'no Pod Identity association',
      vpcCni ? 'vpc-cni add-on without serviceAccountRoleArn' : addons ? 'self-managed VPC CNI' : undefined,
    ].filter((text): text is string => text !== undefined);
    const onAccount: EvidencePath = ['metadata', 'annotations', ROLE_ARN_ANNOTATION];
    const specPath = [...target.workload.podSpecPath, 'serviceAccountName'];
    context.fail(
      'nodeRole',
      { serviceAccount, evidence: evidence.join(', ') },
      account
        ? {
            path: onAccount,
            fix: {
              kind: 'suggestion',
              description: `Annotate ServiceAccount kube-system/${serviceAccount} with a role that has AmazonEKS_CNI_Policy (or set the vpc-cni add-on's serviceAccountRoleArn), restart aws-node, then detach the policy from the node role`,
              operations: [
                account.metadata?.annotations
                  ? { op: 'add', path: toJsonPointer(onAccount), value: 'arn:aws:iam::<account>:role/<vpc-cni-role>' }
                  : { op: 'add', path: '/metadata/annotations', value: { [ROLE_ARN_ANNOTATION]: 'arn:aws:iam::<account>:role/<vpc-cni-role>' } },
              ],
            },
          }
        : { path: specPath },
    );
  },
});

/**
 * Whether the VPC CNI's `aws-node` DaemonSet has AWS credentials of its own, so that the CNI
 * policy is no longer needed on the node role: an IRSA annotation on ServiceAccount
 * `kube-system/aws-node`, an EKS Pod Identity association for it, or the managed add-on's
 * `serviceAccountRoleArn` / `podIdentityAssociations`.
 */
import type { InventoryView } from '../../inventory/index.js';
import { ROLE_ARN_ANNOTATION } from '../../analysis/identity/workload-roles.js';

export interface AwsNodeIdentity {
  /** `IRSA role arn:…`, `Pod Identity association a-…`. */
  via: string;
}

export function awsNodeIdentity(inventory: InventoryView): AwsNodeIdentity | undefined {
  const annotation = inventory.get('ServiceAccount', 'kube-system', 'aws-node')?.metadata?.annotations?.[ROLE_ARN_ANNOTATION];
  if (annotation) return { via: `IRSA role ${annotation} on ServiceAccount kube-system/aws-node` };
  const association = (inventory.aws?.eks?.podIdentityAssociations ?? []).find(
    (entry) => entry.namespace === 'kube-system' && entry.serviceAccount === 'aws-node',
  );
  if (association) return { via: `Pod Identity role ${association.roleArn ?? association.associationId ?? ''}` };
  const addon = (inventory.aws?.eks?.addons ?? []).find((entry) => entry.addonName === 'vpc-cni');
  if (addon?.serviceAccountRoleArn) return { via: `IRSA role ${addon.serviceAccountRoleArn} of the vpc-cni add-on` };
  if ((addon?.podIdentityAssociations ?? []).length > 0) return { via: 'a Pod Identity association of the vpc-cni add-on' };
  return undefined;
}

import type { IamRoleRecord, Target } from '../../../model/index.js';
import { awsMissingReason, type InventoryView } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { listText } from '../../../analysis/rbac/grant-text.js';
import { clusterFacts, eksClusterTarget, isMissingDataTarget, type MissingDataTarget } from '../../../analysis/identity/eks-cluster-data.js';
import { roleKey } from '../../../analysis/identity/iam-arn.js';
import { ecrBroadGrant } from '../../../analysis/identity/iam-capabilities.js';
import { grantLabel, roleAccess } from '../../../analysis/identity/iam-permissions.js';
import { roleArnOf, roleNameOf } from '../../../analysis/identity/iam-roles.js';
import { caveats, findingSeverity } from '../workload-role-check.js';
import { workloadRoles } from '../../../analysis/identity/workload-roles.js';

interface RoleTarget extends Target {
  record: IamRoleRecord;
}

/** What each collected role is to the cluster: node role, workload role, access-entry principal, cluster role. */
function roleParts(inventory: InventoryView): Map<string, string[]> {
  return inventory.cached('identity:role-parts', () => {
    const parts = new Map<string, string[]>();
    const add = (arn: string | undefined, part: string): void => {
      const key = arn ? roleKey(arn) : undefined;
      if (!key) return;
      let list = parts.get(key);
      if (!list) parts.set(key, (list = []));
      if (!list.includes(part)) list.push(part);
    };
    for (const nodegroup of inventory.aws?.eks?.nodegroups ?? []) add(nodegroup.nodeRole, `node role of node group ${nodegroup.nodegroupName ?? '?'}`);
    for (const profile of inventory.aws?.eks?.fargateProfiles ?? []) add(profile.podExecutionRoleArn, `pod execution role of Fargate profile ${profile.fargateProfileName ?? '?'}`);
    for (const role of workloadRoles(inventory)) {
      const accounts = [...new Set(role.uses.map((use) => `${use.namespace}/${use.serviceAccount}`))];
      add(role.arn, `workload role of ${listText(accounts, 3)}`);
    }
    for (const entry of inventory.aws?.eks?.accessEntries ?? []) add(entry.accessEntry.principalArn, 'access-entry principal');
    add(clusterFacts(inventory).cluster?.roleArn, 'cluster role');
    return parts;
  });
}

/**
 * CIS 5.1.2 asks that ECR write access be limited. Every role the snapshot holds (node, Fargate,
 * workload, access-entry and cluster roles) is asked whether it may push to, delete or re-permission
 * a repository no policy names, i.e. every repository of the registry; `ecr:*` on it counts too.
 * A node role with such rights is the worst case: every pod that reaches the instance metadata
 * service can then replace images.
 */
export const check = defineCheck<RoleTarget | MissingDataTarget, 'broad'>({
  id: 'ecr-user-access-broad',
  title: 'IAM role can push to or administer every ECR repository',
  severity: 'medium',
  area: 'identity',
  needs: ['aws'],
  description:
    'Write access to every repository of the registry lets the holder replace the images the cluster runs (tags are often mutable) or open repositories to other accounts. Node and workload roles only need to pull; pushing belongs to CI roles scoped to their repositories.',
  remediation:
    'Give node roles AmazonEC2ContainerRegistryReadOnly (or PullOnly) only; scope push actions (ecr:PutImage, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload) to the ARNs of the repositories a CI role builds.',
  messages: {
    broad: 'Role {{role}} ({{part}}) may {{actions}} on every ECR repository through {{grant}}{{caveats}}',
  },
  links: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/security-iam-awsmanpol.html'],
  targets(inventory) {
    const roles = inventory.aws?.iam?.roles;
    if (!roles) return [{ ...eksClusterTarget(inventory), missing: awsMissingReason(inventory, { service: 'iam', operation: 'GetRole' }) }];
    return roles.map((record) => ({ resource: { kind: 'IAMRole', name: roleArnOf(record) }, record }));
  },
  evaluate(target, context) {
    if (isMissingDataTarget(target)) {
      context.notEvaluated(target.missing);
      return;
    }
    const access = roleAccess(context.inventory, target.record);
    const grant = ecrBroadGrant(access);
    if (!grant) {
      for (const missing of access.policies.missing) context.notEvaluated(`${missing.label}: ${missing.reason}`, { path: missing.path });
      return;
    }
    const first = grant.decision.grants[0];
    const conditional = grant.decision.verdict !== 'allowed';
    const parts = roleParts(context.inventory).get(roleKey(access.arn) ?? '') ?? ['role collected for the cluster'];
    context.fail(
      'broad',
      {
        role: roleNameOf(target.record),
        part: listText(parts, 3),
        actions: listText(grant.actions, 5),
        grant: grantLabel(first),
        caveats: caveats(conditional ? grant.decision.undecidedKeys : [], access),
      },
      { path: first?.path ?? [], severity: findingSeverity('medium', conditional, access) },
    );
  },
});

import { AWS_AUTH_WRITE, grantsFor, KUBE_SYSTEM, sortGrants } from '../../../analysis/rbac/capabilities.js';
import { verbsOf } from '../../../analysis/rbac/grant-text.js';
import { defineSubjectCheck } from '../../rbac/subject-check.js';
import { awsAuthIgnored } from '../../../analysis/identity/aws-auth.js';

/**
 * Reported per subject: create, update, patch, delete or deletecollection on ConfigMaps in
 * kube-system, with or without `resourceNames: [aws-auth]` (create cannot be limited by name,
 * so it reaches aws-auth whenever it is missing). Whoever writes aws-auth maps an IAM principal
 * of their choice to system:masters. Skipped when the authentication mode is API.
 */
export const check = defineSubjectCheck<'writable'>({
  id: 'aws-auth-writable',
  title: 'Subject can modify the aws-auth ConfigMap',
  severity: 'critical',
  area: 'identity',
  description:
    'aws-auth decides which IAM principals are which Kubernetes users and groups. Write access to ConfigMaps in kube-system is therefore the power to become system:masters with any IAM role one controls.',
  remediation:
    'Remove write verbs on configmaps in kube-system from roles; manage aws-auth through infrastructure as code with a dedicated identity, or switch the cluster to EKS access entries (authentication mode API).',
  messages: {
    writable: '{{subject}}{{members}} can {{verbs}} ConfigMaps in kube-system, aws-auth included, and so map any IAM principal to system:masters: {{grants}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/grant-k8s-access.html'],
  detect({ perms, bindings, inventory }) {
    if (awsAuthIgnored(inventory)) return undefined;
    const grants = sortGrants(grantsFor(perms, bindings, AWS_AUTH_WRITE, { namespace: KUBE_SYSTEM }));
    if (grants.length === 0) return undefined;
    return {
      messageId: 'writable',
      data: { verbs: verbsOf(grants, ['create', 'update', 'patch', 'delete', 'deletecollection']).replace(/^\*$/, 'write') },
      grants,
    };
  },
});

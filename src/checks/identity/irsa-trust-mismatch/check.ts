import type { K8sObject, Target } from '../../../model/index.js';
import { refOf } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { accountOf, iamPrincipalKind } from '../../../analysis/identity/iam-arn.js';
import { undecidedKeysOf } from '../../../analysis/identity/iam-policy.js';
import { lookupRole } from '../../../analysis/identity/iam-roles.js';
import { webIdentityDecision, webIdentityStatements } from '../../../analysis/identity/irsa-trust.js';
import { clusterFacts, describeClusterMissing } from '../../../analysis/identity/eks-cluster-data.js';
import { AUDIENCE_ANNOTATION, DEFAULT_IRSA_AUDIENCE, irsaServiceAccounts, ROLE_ARN_ANNOTATION } from '../../../analysis/identity/workload-roles.js';

interface ServiceAccountTarget extends Target {
  object: K8sObject;
  namespace: string;
  name: string;
  roleArn: string;
}

/**
 * The annotated service account against the role it names, as STS would decide
 * AssumeRoleWithWebIdentity for the pod's token: issued by this cluster's OIDC provider (in the
 * role's account), subject `system:serviceaccount:<ns>:<name>`, audience from
 * `eks.amazonaws.com/audience` or `sts.amazonaws.com`. A role that does not exist is worse
 * than broken: whoever creates a role of that name later is trusted by these pods' annotation
 * and gets whatever they run.
 */
export const check = defineCheck<ServiceAccountTarget, 'notRole' | 'noRole' | 'noProvider' | 'notTrusted'>({
  id: 'irsa-trust-mismatch',
  title: 'IRSA annotation names a role that does not trust this service account',
  severity: 'low',
  area: 'identity',
  needs: ['aws'],
  description:
    'A ServiceAccount annotated with `eks.amazonaws.com/role-arn` expects its pods to receive that role’s credentials. When the role is gone or its trust policy does not accept this cluster’s tokens for this service account, the pods silently fall back to other credentials (often the node role) and the annotation misleads reviewers.',
  remediation:
    'Point the annotation at the role meant for this service account, and make that role trust `system:serviceaccount:<namespace>:<name>` of this cluster’s OIDC provider; remove annotations of roles that were deleted.',
  messages: {
    notRole: 'ServiceAccount {{namespace}}/{{name}}: {{annotation}} is "{{arn}}", which is not an IAM role ARN',
    noRole: 'ServiceAccount {{namespace}}/{{name}} is annotated with role {{arn}}, which does not exist ({{code}})',
    noProvider: 'ServiceAccount {{namespace}}/{{name}}: the trust policy of {{arn}} does not name this cluster’s OIDC provider ({{issuer}}){{others}}',
    notTrusted: 'ServiceAccount {{namespace}}/{{name}}: the trust policy of {{arn}} does not let {{subject}} (audience {{audience}}) assume it{{detail}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html'],
  targets: (inventory) =>
    irsaServiceAccounts(inventory).map(({ object, namespace, name, roleArn }) => ({ resource: refOf(object), object, namespace, name, roleArn })),
  evaluate(target, context) {
    const { inventory } = context;
    const { namespace, name, roleArn: arn } = target;
    const path = ['metadata', 'annotations', ROLE_ARN_ANNOTATION];
    const names = { namespace, name, arn };
    if (iamPrincipalKind(arn) !== 'role') {
      context.fail('notRole', { ...names, annotation: ROLE_ARN_ANNOTATION }, { path });
      return;
    }
    const found = lookupRole(inventory, arn);
    if (found.status === 'missing') {
      context.fail('noRole', { ...names, code: String(found.error.code ?? 'NoSuchEntity') }, { path, severity: 'medium' });
      return;
    }
    if (found.status === 'unknown') {
      context.notEvaluated(found.reason, { path });
      return;
    }
    const issuer = clusterFacts(inventory).issuer;
    if (!issuer) {
      context.notEvaluated(describeClusterMissing(inventory) ?? 'DescribeCluster returned no identity.oidc.issuer for the cluster', { path });
      return;
    }
    const trust = found.record.Role.AssumeRolePolicyDocument;
    if (!trust) {
      context.notEvaluated(`GetRole returned no AssumeRolePolicyDocument for ${arn}`, { path });
      return;
    }
    const annotations = target.object.metadata?.annotations ?? {};
    const audience = annotations[AUDIENCE_ANNOTATION] ?? DEFAULT_IRSA_AUDIENCE;
    const subject = `system:serviceaccount:${namespace}:${name}`;
    const ask = (aud: string) => webIdentityDecision(trust, arn, issuer, namespace, name, aud);
    const decision = ask(audience);
    if (decision.verdict === 'allowed') return;
    if (decision.verdict === 'conditional') {
      context.notEvaluated(`the trust policy of ${arn} accepts this service account only under conditions eksguard cannot decide (${undecidedKeysOf(decision).join(', ')})`, {
        path,
      });
      return;
    }
    const statements = webIdentityStatements(trust);
    const forCluster = statements.filter((entry) => entry.issuerPath.toLowerCase() === issuer.toLowerCase());
    if (forCluster.length === 0) {
      const others = [...new Set(statements.map((entry) => entry.issuerPath))];
      context.fail('noProvider', { ...names, issuer, others: others.length > 0 ? `; it trusts ${others.join(', ')}` : '' }, { path });
      return;
    }
    let detail = '';
    if (decision.verdict === 'denied') detail = ': a Deny statement refuses it';
    else if (audience !== DEFAULT_IRSA_AUDIENCE && ask(DEFAULT_IRSA_AUDIENCE).verdict === 'allowed') detail = `: the trust expects audience ${DEFAULT_IRSA_AUDIENCE}`;
    else if (accountOf(forCluster[0]?.providerArn) !== accountOf(arn)) detail = ': it names the provider in another account than the role’s';
    context.fail('notTrusted', { ...names, subject, audience, detail }, { path });
  },
});

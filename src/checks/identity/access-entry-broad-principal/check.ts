import { defineCheck } from '../../define-check.js';
import { stringListOption } from '../../targets.js';
import { listText } from '../../../analysis/rbac/grant-text.js';
import { accountOf, iamPrincipalKind, ssoPermissionSet } from '../../../analysis/identity/iam-arn.js';
import { OUTSIDERS } from '../../../analysis/identity/iam-outsider.js';
import { evaluatePolicies, trustStatements } from '../../../analysis/identity/iam-policy.js';
import { lookupRole } from '../../../analysis/identity/iam-roles.js';
import { accessEntryTargets, type AccessEntryTarget } from '../../../analysis/identity/access-entries.js';
import { clusterFacts, isMissingDataTarget, type MissingDataTarget } from '../../../analysis/identity/eks-cluster-data.js';

/**
 * Who stands behind an access entry's principal. Flags an account root, a principal of another
 * account, an IAM Identity Center role of an account-wide admin permission set (everyone who
 * administers AWS then administers the cluster), and a role whose trust policy lets any AWS
 * principal, or another account, assume it. Accounts the organisation trusts go in
 * `trustedAccounts`.
 */
export const check = defineCheck<AccessEntryTarget | MissingDataTarget, 'root' | 'crossAccount' | 'sso' | 'trustAnyone' | 'trustForeign'>({
  id: 'access-entry-broad-principal',
  title: 'Access entry for a broad principal',
  severity: 'high',
  area: 'identity',
  needs: ['aws'],
  description:
    'An access entry is only as narrow as the set of people and machines able to act as its IAM principal. An account root, a principal in another account, a role of an organisation-wide admin permission set, or a role anybody can assume extends cluster access far beyond the team it was meant for.',
  remediation:
    'Create access entries for dedicated roles assumable only by the intended team (named principals, IAM Identity Center permission sets made for the cluster), in the cluster’s account; list partner accounts you trust in `trustedAccounts`.',
  messages: {
    root: 'Access entry for account root {{principal}}: every IAM principal of account {{account}} allowed to call EKS gets this access',
    crossAccount: 'Access entry for {{principal}} from account {{account}}, which is not the cluster’s account ({{clusterAccount}})',
    sso: 'Access entry for the IAM Identity Center role of permission set {{permissionSet}}: everyone assigned that account-wide permission set gets this cluster access',
    trustAnyone: 'Access entry for role {{principal}}, whose trust policy ({{statements}}) lets any AWS principal assume it',
    trustForeign: 'Access entry for role {{principal}}, whose trust policy lets principals of account(s) {{accounts}} assume it',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html'],
  options: { trustedAccounts: [], broadPermissionSets: ['AdministratorAccess', 'AWSAdministratorAccess', 'PowerUserAccess', 'AWSPowerUserAccess'] },
  targets: (inventory) => accessEntryTargets(inventory),
  evaluate(target, context) {
    if (isMissingDataTarget(target)) {
      context.notEvaluated(target.missing);
      return;
    }
    const { inventory } = context;
    const { principalArn } = target;
    const principalPath = ['accessEntry', 'principalArn'];
    const clusterAccount = clusterFacts(inventory).account;
    const trusted = new Set([...(clusterAccount ? [clusterAccount] : []), ...stringListOption(context.options, 'trustedAccounts')]);
    const account = accountOf(principalArn) ?? '';
    const kind = iamPrincipalKind(principalArn);

    if (kind === 'root') context.fail('root', { principal: principalArn, account }, { path: principalPath });
    if (clusterAccount && account && !trusted.has(account)) {
      context.fail('crossAccount', { principal: principalArn, account, clusterAccount }, { path: principalPath });
    }
    const permissionSet = ssoPermissionSet(principalArn);
    if (permissionSet && stringListOption(context.options, 'broadPermissionSets').some((name) => name.toLowerCase() === permissionSet.toLowerCase())) {
      context.fail('sso', { permissionSet }, { path: principalPath, severity: 'medium' });
    }
    if (kind !== 'role') return;
    const role = lookupRole(inventory, principalArn);
    if (role.status === 'missing') return;
    if (role.status === 'unknown') {
      context.notEvaluated(`trust policy of ${principalArn} unknown: ${role.reason}`, { path: principalPath });
      return;
    }
    const trust = role.record.Role.AssumeRolePolicyDocument;
    const decisions = OUTSIDERS.map(({ principal, context: request }) =>
      evaluatePolicies(trust ? [trust] : [], { action: 'sts:AssumeRole', resource: principalArn, principal, context: request }),
    );
    const open = decisions.find((decision) => decision.verdict === 'allowed');
    if (open) {
      const statements = open.allows.filter((match) => match.applies === true).map((match) => `Statement[${match.statement.index}]`);
      context.fail('trustAnyone', { principal: principalArn, statements: statements.join(', ') }, { path: principalPath, severity: 'critical' });
      return;
    }
    const foreign = new Set<string>();
    for (const { principal, actions } of trustStatements(trust)) {
      if (!actions.includes('sts:AssumeRole')) continue;
      for (const value of principal.AWS) {
        const other = /^\d{12}$/.test(value) ? value : accountOf(value);
        if (other && !trusted.has(other)) foreign.add(other);
      }
    }
    if (foreign.size > 0) {
      context.fail('trustForeign', { principal: principalArn, accounts: listText([...foreign].sort()) }, { path: principalPath, severity: 'medium' });
      return;
    }
    // Open to outsiders only under conditions eksguard cannot decide: say so, never pass.
    if (decisions.some((decision) => decision.verdict === 'conditional')) {
      context.notEvaluated(`the trust policy of ${principalArn} may let other accounts assume it, under conditions eksguard cannot decide`, { path: principalPath });
    }
  },
});

import { defineCheck } from '../../define-check.js';
import { stringListOption } from '../../targets.js';
import { listText } from '../../../analysis/rbac/grant-text.js';
import { BROAD_PERMISSION_SETS, principalBreadth } from '../../../analysis/identity/principal-breadth.js';
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
  options: { trustedAccounts: [], broadPermissionSets: BROAD_PERMISSION_SETS },
  targets: (inventory) => accessEntryTargets(inventory),
  evaluate(target, context) {
    if (isMissingDataTarget(target)) {
      context.notEvaluated(target.missing);
      return;
    }
    const { principalArn } = target;
    const principalPath = ['accessEntry', 'principalArn'];
    const breadth = principalBreadth(context.inventory, principalArn, clusterFacts(context.inventory).account, {
      trustedAccounts: stringListOption(context.options, 'trustedAccounts'),
      broadPermissionSets: stringListOption(context.options, 'broadPermissionSets'),
    });
    const { account, clusterAccount } = breadth;

    if (breadth.root) context.fail('root', { principal: principalArn, account }, { path: principalPath });
    if (breadth.crossAccount && clusterAccount) {
      context.fail('crossAccount', { principal: principalArn, account, clusterAccount }, { path: principalPath });
    }
    if (breadth.broadPermissionSet) context.fail('sso', { permissionSet: breadth.broadPermissionSet }, { path: principalPath, severity: 'medium' });
    const trust = breadth.trust;
    if (!trust || trust.status === 'missing') return;
    if (trust.status === 'unknown') {
      context.notEvaluated(`trust policy of ${principalArn} unknown: ${trust.reason}`, { path: principalPath });
      return;
    }
    const { anyone, foreign, conditional } = trust.openness;
    if (anyone) {
      const statements = anyone.statements.map((index) => `Statement[${index}]`);
      context.fail('trustAnyone', { principal: principalArn, statements: statements.join(', ') }, { path: principalPath, severity: 'critical' });
      return;
    }
    if (foreign.length > 0) {
      const accounts = [...new Set(foreign.map((entry) => entry.account))].sort();
      context.fail('trustForeign', { principal: principalArn, accounts: listText(accounts) }, { path: principalPath, severity: 'medium' });
      return;
    }
    // Open to outsiders only under conditions eksguard cannot decide: say so, never pass.
    if (conditional) {
      context.notEvaluated(`the trust policy of ${principalArn} may let other accounts assume it, under conditions eksguard cannot decide`, { path: principalPath });
    }
  },
});

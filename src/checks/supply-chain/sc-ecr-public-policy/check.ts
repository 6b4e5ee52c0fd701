import type { EvidencePath, PolicyDocument } from '../../../model/index.js';
import { awsCallError, awsMissingReason } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { OUTSIDERS } from '../../../analysis/identity/iam-outsider.js';
import { evaluatePolicies, undecidedKeysOf, type StatementMatch } from '../../../analysis/identity/iam-policy.js';
import { isMissing, repositoryTargets, type MissingTarget, type RepositoryTarget } from '../sc-ecr-scan-off/ecr-data.js';

const ACCESS: ReadonlyArray<{ what: string; actions: readonly string[]; severity: 'critical' | 'high' }> = [
  { what: 'push images', actions: ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'], severity: 'critical' },
  { what: 'delete images or the repository', actions: ['ecr:BatchDeleteImage', 'ecr:DeleteRepository'], severity: 'critical' },
  { what: 'change the repository policy', actions: ['ecr:SetRepositoryPolicy'], severity: 'critical' },
  { what: 'pull images', actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], severity: 'high' },
];

/**
 * The repository policy (GetRepositoryPolicy.policyText) asked, action by action, whether a
 * caller from an account nobody named may use it: `"Principal": "*"` without an organisation,
 * account, VPC or source condition. Pushing, deleting and re-permissioning are critical
 * (anyone could replace what the cluster runs); pulling is high (images leak code and
 * secrets baked into layers). Conditions eksguard cannot decide leave the repository not
 * evaluated rather than passed.
 */
export const check = defineCheck<RepositoryTarget | MissingTarget, 'public'>({
  id: 'sc-ecr-public-policy',
  title: 'ECR repository policy opens the repository to any AWS account',
  severity: 'high',
  area: 'supply-chain',
  needs: ['aws'],
  description:
    'A repository policy statement with `"Principal": "*"` (or `{"AWS": "*"}`) and no condition on the caller’s organisation, account or network lets every AWS account use the repository: pull its images, or with write actions replace the images the cluster runs.',
  remediation:
    'Name the accounts or roles that need the repository as principals, or keep `"*"` with a `aws:PrincipalOrgID` condition; never grant push, delete or SetRepositoryPolicy to `"*"`.',
  messages: {
    public: 'Repository policy of ECR repository {{name}} lets any AWS account {{what}} ({{statements}})',
  },
  links: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html'],
  targets: (inventory) => repositoryTargets(inventory),
  evaluate(target, context) {
    if (isMissing(target)) {
      context.notEvaluated(target.missing);
      return;
    }
    const { inventory } = context;
    const { name, repository } = target;
    const policies = inventory.aws?.ecr?.repositoryPolicies;
    const call = { service: 'ecr', operation: 'GetRepositoryPolicy', target: name };
    const failed = awsCallError(inventory, call);
    // A repository without a policy answers RepositoryPolicyNotFoundException: that is "no policy".
    if (failed && String(failed.code) !== 'RepositoryPolicyNotFoundException') {
      context.notEvaluated(awsMissingReason(inventory, call));
      return;
    }
    if (!policies) {
      if (!failed) context.notEvaluated(awsMissingReason(inventory, call));
      return;
    }
    const policy: PolicyDocument | undefined = policies[name];
    if (!policy) return;
    const resource = repository.repositoryArn ?? name;
    const open: Array<{ what: string; severity: 'critical' | 'high'; matches: StatementMatch[] }> = [];
    const undecided = new Set<string>();
    for (const access of ACCESS) {
      const matches: StatementMatch[] = [];
      for (const action of access.actions) {
        for (const { principal, context: request } of OUTSIDERS) {
          const decision = evaluatePolicies([{ document: policy, path: ['policyText'] }], { action, resource, principal, context: request });
          if (decision.verdict === 'allowed') matches.push(...decision.allows.filter((match) => match.applies === true && !matches.includes(match)));
          else if (decision.verdict === 'conditional') for (const key of undecidedKeysOf(decision)) undecided.add(key);
        }
      }
      if (matches.length > 0) open.push({ what: access.what, severity: access.severity, matches });
    }
    if (open.length === 0) {
      if (undecided.size > 0) context.notEvaluated(`the repository policy opens it to other accounts under conditions eksguard cannot decide (${[...undecided].join(', ')})`);
      return;
    }
    const matches = open.flatMap((entry) => entry.matches);
    const statements = [...new Set(matches.map((match) => `Statement[${match.statement.index}]${match.statement.sid ? ` "${match.statement.sid}"` : ''}`))];
    const path: EvidencePath = matches[0]?.path ?? ['policyText'];
    context.fail(
      'public',
      { name, what: open.map((entry) => entry.what).join(', '), statements: statements.join(', ') },
      {
        path,
        severity: open.some((entry) => entry.severity === 'critical') ? 'critical' : 'high',
        fix: {
          kind: 'suggestion',
          description: 'Replace "*" with the principals that need the repository, or add a condition on aws:PrincipalOrgID',
          operations: [{ op: 'add', path: toJsonPointer([...path, 'Condition']), value: { StringEquals: { 'aws:PrincipalOrgID': '<organization id>' } } }],
        },
      },
    );
  },
});

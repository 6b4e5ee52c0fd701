/**
 * What a role may do, asked action by action against stand-in ("probe") resources: an ARN no
 * policy names on purpose, so only a grant on every resource of that type (a wildcard, `*`,
 * NotResource) reaches it. A role can then be judged on "may it do X to any Y" without a list
 * of the account's real resources.
 */
import type { IamRoleRecord, PolicyDocument } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { accountOf, partitionOf } from './iam-arn.js';
import { evaluatePolicies, undecidedKeysOf, type Decision, type RequestContext, type StatementMatch, type Verdict } from './iam-policy.js';
import { rolePolicies, roleArnOf, type RolePolicies } from './iam-roles.js';
import { clusterFacts } from './eks-cluster-data.js';

export const PROBE = 'eksguard-probe';

export type ProbeKind =
  | '*'
  | 'iam:role'
  | 'iam:user'
  | 'iam:group'
  | 'iam:policy'
  | 's3:bucket'
  | 's3:object'
  | 'secretsmanager:secret'
  | 'ssm:parameter'
  | 'kms:key'
  | 'dynamodb:table'
  | 'ecr:repository'
  | 'lambda:function'
  | 'ec2:instance'
  | 'cloudformation:stack'
  | 'glue:devendpoint'
  | 'glue:job'
  | 'datapipeline:pipeline'
  | 'ecs:task-definition'
  | 'ecs:cluster'
  | 'codebuild:project'
  | 'rds:db';

export interface RoleAccess {
  arn: string;
  account: string;
  partition: string;
  region: string;
  record: IamRoleRecord;
  policies: RolePolicies;
  /** Session policies when every use of the role has one: the pods get at most their union. */
  sessionPolicies?: PolicyDocument[];
}

export function roleAccess(inventory: InventoryView, record: IamRoleRecord, sessionPolicies?: PolicyDocument[]): RoleAccess {
  const arn = roleArnOf(record);
  const facts = clusterFacts(inventory);
  const access: RoleAccess = {
    arn,
    account: accountOf(arn) ?? facts.account ?? '000000000000',
    partition: partitionOf(arn),
    region: facts.region ?? 'us-east-1',
    record,
    policies: rolePolicies(inventory, record),
  };
  if (sessionPolicies && sessionPolicies.length > 0) access.sessionPolicies = sessionPolicies;
  return access;
}

export function probeResource(access: Pick<RoleAccess, 'account' | 'partition' | 'region'>, kind: ProbeKind): string {
  const { partition: p, account: a, region: r } = access;
  switch (kind) {
    case '*':
      return '*';
    case 'iam:role':
      return `arn:${p}:iam::${a}:role/${PROBE}-role`;
    case 'iam:user':
      return `arn:${p}:iam::${a}:user/${PROBE}-user`;
    case 'iam:group':
      return `arn:${p}:iam::${a}:group/${PROBE}-group`;
    case 'iam:policy':
      return `arn:${p}:iam::${a}:policy/${PROBE}-policy`;
    case 's3:bucket':
      return `arn:${p}:s3:::${PROBE}-bucket`;
    case 's3:object':
      return `arn:${p}:s3:::${PROBE}-bucket/${PROBE}-object`;
    case 'secretsmanager:secret':
      return `arn:${p}:secretsmanager:${r}:${a}:secret:${PROBE}-AbCdEf`;
    case 'ssm:parameter':
      return `arn:${p}:ssm:${r}:${a}:parameter/${PROBE}`;
    case 'kms:key':
      return `arn:${p}:kms:${r}:${a}:key/00000000-0000-4000-8000-000000000000`;
    case 'dynamodb:table':
      return `arn:${p}:dynamodb:${r}:${a}:table/${PROBE}`;
    case 'ecr:repository':
      return `arn:${p}:ecr:${r}:${a}:repository/${PROBE}`;
    case 'lambda:function':
      return `arn:${p}:lambda:${r}:${a}:function:${PROBE}`;
    case 'ec2:instance':
      return `arn:${p}:ec2:${r}:${a}:instance/i-0eksguardprobe000`;
    case 'cloudformation:stack':
      return `arn:${p}:cloudformation:${r}:${a}:stack/${PROBE}/00000000-0000-4000-8000-000000000000`;
    case 'glue:devendpoint':
      return `arn:${p}:glue:${r}:${a}:devEndpoint/${PROBE}`;
    case 'glue:job':
      return `arn:${p}:glue:${r}:${a}:job/${PROBE}`;
    case 'datapipeline:pipeline':
      return `arn:${p}:datapipeline:${r}:${a}:pipeline/df-${PROBE}`;
    case 'ecs:task-definition':
      return `arn:${p}:ecs:${r}:${a}:task-definition/${PROBE}:1`;
    case 'ecs:cluster':
      return `arn:${p}:ecs:${r}:${a}:cluster/${PROBE}`;
    case 'codebuild:project':
      return `arn:${p}:codebuild:${r}:${a}:project/${PROBE}`;
    case 'rds:db':
      return `arn:${p}:rds:${r}:${a}:db:${PROBE}`;
  }
}

export interface AccessDecision {
  verdict: Verdict;
  /** The role's statements that grant it (definite first). */
  grants: StatementMatch[];
  /** Condition keys (or `Resource`) that left it open. */
  undecidedKeys: string[];
}

const RANK: Record<Verdict, number> = { denied: 0, 'not-allowed': 0, conditional: 1, allowed: 2 };

/** May the role (as its pods hold it) do this action to this resource? */
export function decide(access: RoleAccess, action: string, resource: string, extra: Record<string, string> = {}): AccessDecision {
  const context: RequestContext = {
    values: { 'aws:PrincipalArn': access.arn, 'aws:PrincipalAccount': access.account, ...extra },
  };
  const decision = evaluatePolicies(access.policies.policies, { action, resource, context });
  let verdict = decision.verdict;
  const undecided = new Set(undecidedKeysOf(decision));
  if (access.sessionPolicies && RANK[verdict] > 0) {
    let best: Decision | undefined;
    for (const policy of access.sessionPolicies) {
      const session = evaluatePolicies([policy], { action, resource, context });
      if (!best || RANK[session.verdict] > RANK[best.verdict]) best = session;
    }
    if (best && RANK[best.verdict] < RANK[verdict]) verdict = best.verdict;
    if (best?.verdict === 'conditional') for (const key of undecidedKeysOf(best)) undecided.add(key);
  }
  return { verdict, grants: RANK[verdict] > 0 ? decision.allows : [], undecidedKeys: [...undecided] };
}

export function granted(decision: AccessDecision): boolean {
  return decision.verdict === 'allowed' || decision.verdict === 'conditional';
}

/** `managed policy X statement 2` for the first granting statement. */
export function grantLabel(match: StatementMatch | undefined): string {
  if (!match) return 'its policies';
  const sid = match.statement.sid ? ` ("${match.statement.sid}")` : '';
  return `${match.policy.label ?? 'policy'} statement ${match.statement.index}${sid}`;
}

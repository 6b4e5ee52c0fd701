/**
 * Broad grants of a role, asked through the evaluator so that Deny statements, NotAction and
 * NotResource count: administrator access, whole-service wildcards on every resource, and
 * sensitive actions on every resource of their type.
 */
import { awsManagedPolicyName } from './iam-arn.js';
import { actionInStatement, statementsOf } from './iam-policy.js';
import { decide, granted, probeResource, PROBE, type AccessDecision, type ProbeKind, type RoleAccess } from './iam-permissions.js';
import { ADMIN_MANAGED_POLICIES } from './iam-roles.js';

/** An action no service defines: only a grant of every action of that service reaches it. */
export function probeAction(service: string): string {
  return `${service}:EksguardProbeAction`;
}

const ALL_SERVICES = 'eksguardprobe';

/** Resource types to ask a whole-service wildcard about, per service. */
const SERVICE_PROBES: Record<string, ProbeKind> = {
  iam: 'iam:role',
  s3: 's3:object',
  secretsmanager: 'secretsmanager:secret',
  ssm: 'ssm:parameter',
  kms: 'kms:key',
  dynamodb: 'dynamodb:table',
  ecr: 'ecr:repository',
  lambda: 'lambda:function',
  ec2: 'ec2:instance',
  cloudformation: 'cloudformation:stack',
  glue: 'glue:job',
  datapipeline: 'datapipeline:pipeline',
  ecs: 'ecs:cluster',
  codebuild: 'codebuild:project',
  rds: 'rds:db',
};

export function serviceProbe(access: RoleAccess, service: string): string {
  const kind = SERVICE_PROBES[service];
  return kind ? probeResource(access, kind) : `arn:${access.partition}:${service}:${access.region}:${access.account}:${PROBE}`;
}

export interface AdminGrant {
  /** `every action of every service`, `every IAM action`. */
  what: string;
  decision: AccessDecision;
  /** The AWS managed policy that grants it, when one does. */
  managedPolicy?: string;
}

/**
 * Administrator-equivalent access: every action (AdministratorAccess, `Action: "*"`,
 * PowerUserAccess's NotAction) or every IAM action (IAMFullAccess, `iam:*`), on every resource.
 */
export function adminGrant(access: RoleAccess): AdminGrant | undefined {
  const candidates: Array<{ what: string; decision: AccessDecision }> = [
    { what: 'every action of every service', decision: decide(access, probeAction(ALL_SERVICES), probeResource(access, 'iam:role')) },
    { what: 'every IAM action', decision: decide(access, probeAction('iam'), probeResource(access, 'iam:role')) },
  ];
  const found = candidates.find((candidate) => candidate.decision.verdict === 'allowed') ?? candidates.find((candidate) => granted(candidate.decision));
  if (!found) return undefined;
  const first = found.decision.grants[0];
  const grant: AdminGrant = { what: everyActionText(found.what, first?.statement.notActions), decision: found.decision };
  const policyIndex = first?.path[0] === 'AttachedPolicies' ? first.path[1] : undefined;
  const attached = typeof policyIndex === 'number' ? access.record.AttachedPolicies?.[policyIndex] : undefined;
  const managed = awsManagedPolicyName(attached?.PolicyArn);
  if (managed && ADMIN_MANAGED_POLICIES.includes(managed)) grant.managedPolicy = managed;
  return grant;
}

/** Whether the role holds every IAM action: then every IAM escalation path is open at once. */
export function holdsAllOfIam(access: RoleAccess): boolean {
  return decide(access, probeAction('iam'), probeResource(access, 'iam:role')).verdict === 'allowed';
}

/** `every action except iam:*, organizations:*` for a NotAction grant. */
export function everyActionText(what: string, notActions: readonly string[] | undefined): string {
  return notActions && notActions.length > 0 ? `every action except ${notActions.join(', ')}` : what;
}

/** Services named in the role's Allow statements (with NotAction, every service is in play). */
export function servicesNamed(access: RoleAccess): string[] {
  const services = new Set<string>();
  for (const policy of access.policies.policies) {
    for (const statement of statementsOf(policy.document)) {
      if (statement.effect !== 'Allow') continue;
      for (const pattern of statement.actions ?? []) {
        const colon = pattern.indexOf(':');
        const service = colon < 0 ? pattern : pattern.slice(0, colon);
        if (service !== '' && !/[*?]/.test(service)) services.add(service.toLowerCase());
      }
      if (statement.notActions) for (const service of Object.keys(SERVICE_PROBES)) if (actionInStatement(statement, probeAction(service))) services.add(service);
    }
  }
  return [...services].sort();
}

export interface WildcardGrant {
  /** `s3:*`, or `*` for every service. */
  pattern: string;
  decision: AccessDecision;
}

/** Whole-service grants (`svc:*`, `*`, NotAction) that reach every resource of the service. */
export function serviceWildcards(access: RoleAccess): WildcardGrant[] {
  const out: WildcardGrant[] = [];
  const all = decide(access, probeAction(ALL_SERVICES), `arn:${access.partition}:${ALL_SERVICES}:${access.region}:${access.account}:${PROBE}`);
  if (granted(all)) out.push({ pattern: '*', decision: all });
  for (const service of servicesNamed(access)) {
    const decision = decide(access, probeAction(service), serviceProbe(access, service));
    if (!granted(decision)) continue;
    // Already covered by the every-service grant of the same statements.
    if (granted(all) && decision.grants.every((grant) => all.grants.some((other) => other.statement === grant.statement))) continue;
    out.push({ pattern: `${service}:*`, decision });
  }
  return out;
}

export interface SensitiveAction {
  action: string;
  on: ProbeKind;
  /** What holding it on every resource means. */
  risk: string;
}

/**
 * Actions that read secrets or data, or destroy data, and that policies can scope to
 * resources: granting them on every resource is what least privilege is about. Actions EKS
 * add-ons need on `*` (EC2 networking, Auto Scaling, ELB) are deliberately not listed.
 */
export const SENSITIVE_ACTIONS: readonly SensitiveAction[] = [
  { action: 'secretsmanager:GetSecretValue', on: 'secretsmanager:secret', risk: 'read every secret' },
  { action: 'ssm:GetParameter', on: 'ssm:parameter', risk: 'read every SSM parameter' },
  { action: 'ssm:GetParameters', on: 'ssm:parameter', risk: 'read every SSM parameter' },
  { action: 'ssm:GetParametersByPath', on: 'ssm:parameter', risk: 'read every SSM parameter' },
  { action: 'kms:Decrypt', on: 'kms:key', risk: 'decrypt with every KMS key' },
  { action: 's3:GetObject', on: 's3:object', risk: 'read every S3 object' },
  { action: 's3:PutObject', on: 's3:object', risk: 'overwrite every S3 object' },
  { action: 's3:DeleteObject', on: 's3:object', risk: 'delete every S3 object' },
  { action: 's3:DeleteBucket', on: 's3:bucket', risk: 'delete every S3 bucket' },
  { action: 's3:PutBucketPolicy', on: 's3:bucket', risk: 'rewrite every bucket policy' },
  { action: 'dynamodb:Scan', on: 'dynamodb:table', risk: 'read every DynamoDB table' },
  { action: 'dynamodb:PutItem', on: 'dynamodb:table', risk: 'write every DynamoDB table' },
  { action: 'dynamodb:DeleteTable', on: 'dynamodb:table', risk: 'delete every DynamoDB table' },
  { action: 'rds:DeleteDBInstance', on: 'rds:db', risk: 'delete every RDS instance' },
  { action: 'ecr:PutImage', on: 'ecr:repository', risk: 'push to every ECR repository' },
  { action: 'lambda:UpdateFunctionCode', on: 'lambda:function', risk: 'replace the code of every Lambda function' },
];

export interface SensitiveGrant {
  sensitive: SensitiveAction;
  decision: AccessDecision;
}

export function sensitiveGrants(access: RoleAccess): SensitiveGrant[] {
  const out: SensitiveGrant[] = [];
  for (const sensitive of SENSITIVE_ACTIONS) {
    const decision = decide(access, sensitive.action, probeResource(access, sensitive.on));
    if (granted(decision)) out.push({ sensitive, decision });
  }
  return out;
}

/** ECR actions that change what a repository serves or who may use it. */
export const ECR_WRITE_ACTIONS = [
  'ecr:PutImage',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:BatchDeleteImage',
  'ecr:DeleteRepository',
  'ecr:SetRepositoryPolicy',
  'ecr:PutImageTagMutability',
  'ecr:PutLifecyclePolicy',
] as const;

export interface EcrGrant {
  /** `ecr:*` or the write actions granted. */
  actions: string[];
  decision: AccessDecision;
}

/** Of the write actions, those that alone tamper with what a repository serves or who reads it. */
const ECR_TAMPERING = new Set(['ecr:PutImage', 'ecr:BatchDeleteImage', 'ecr:DeleteRepository', 'ecr:SetRepositoryPolicy']);

/** Write access to every repository of the registry: a whole-ECR grant, or tampering actions on any repository. */
export function ecrBroadGrant(access: RoleAccess): EcrGrant | undefined {
  const repository = probeResource(access, 'ecr:repository');
  const wildcard = decide(access, probeAction('ecr'), repository);
  if (granted(wildcard)) return { actions: ['ecr:*'], decision: wildcard };
  const writes = ECR_WRITE_ACTIONS.map((action) => ({ action, decision: decide(access, action, repository) })).filter((entry) => granted(entry.decision));
  const tampering = writes.filter((entry) => ECR_TAMPERING.has(entry.action));
  const best = tampering.find((entry) => entry.decision.verdict === 'allowed') ?? tampering[0];
  return best ? { actions: writes.map((entry) => entry.action), decision: best.decision } : undefined;
}

/**
 * Known ways an AWS principal escalates its own privileges through IAM: create or pick a
 * policy version, attach or write policies, hand a more privileged role to a service it can
 * run code in (iam:PassRole plus a compute service), rewrite a role's trust, mint credentials
 * for users, or assume other roles. Each rule holds when every step is granted on resources
 * the role does not own by name (probes), or on the role itself where that is enough.
 */
import { decide, granted, probeResource, type AccessDecision, type ProbeKind, type RoleAccess } from './iam-permissions.js';

export interface PrivescStep {
  action: string;
  /**
   * `role-or-self` asks about any role and then the role itself; `policy-or-own` about any
   * managed policy and then the customer-managed policies attached to the role (rewriting one
   * of its own policies is enough to escalate).
   */
  on: ProbeKind | 'role-or-self' | 'policy-or-own';
  /** Context the step is asked in, e.g. the service iam:PassRole passes the role to. */
  context?: Record<string, string>;
}

export interface PrivescRule {
  id: string;
  /** What the holder can do, in a few words. */
  title: string;
  /** Every group must be granted; within a group one step is enough. */
  requires: PrivescStep[][];
}

function passRole(service: string): PrivescStep[] {
  return [{ action: 'iam:PassRole', on: 'iam:role', context: { 'iam:PassedToService': service } }];
}

export const PRIVESC_RULES: readonly PrivescRule[] = [
  { id: 'create-policy-version', title: 'rewrite a managed policy it holds or any other (iam:CreatePolicyVersion)', requires: [[{ action: 'iam:CreatePolicyVersion', on: 'policy-or-own' }]] },
  {
    id: 'set-default-policy-version',
    title: 'switch any managed policy to another version (iam:SetDefaultPolicyVersion)',
    requires: [[{ action: 'iam:SetDefaultPolicyVersion', on: 'policy-or-own' }]],
  },
  { id: 'attach-role-policy', title: 'attach any policy to a role (iam:AttachRolePolicy)', requires: [[{ action: 'iam:AttachRolePolicy', on: 'role-or-self' }]] },
  { id: 'attach-user-policy', title: 'attach any policy to a user (iam:AttachUserPolicy)', requires: [[{ action: 'iam:AttachUserPolicy', on: 'iam:user' }]] },
  { id: 'attach-group-policy', title: 'attach any policy to a group (iam:AttachGroupPolicy)', requires: [[{ action: 'iam:AttachGroupPolicy', on: 'iam:group' }]] },
  { id: 'put-role-policy', title: 'write an inline policy on a role (iam:PutRolePolicy)', requires: [[{ action: 'iam:PutRolePolicy', on: 'role-or-self' }]] },
  { id: 'put-user-policy', title: 'write an inline policy on a user (iam:PutUserPolicy)', requires: [[{ action: 'iam:PutUserPolicy', on: 'iam:user' }]] },
  { id: 'put-group-policy', title: 'write an inline policy on a group (iam:PutGroupPolicy)', requires: [[{ action: 'iam:PutGroupPolicy', on: 'iam:group' }]] },
  { id: 'add-user-to-group', title: 'add users to any group (iam:AddUserToGroup)', requires: [[{ action: 'iam:AddUserToGroup', on: 'iam:group' }]] },
  {
    id: 'update-assume-role-policy',
    title: 'trust itself on another role and assume it (iam:UpdateAssumeRolePolicy + sts:AssumeRole)',
    requires: [[{ action: 'iam:UpdateAssumeRolePolicy', on: 'iam:role' }], [{ action: 'sts:AssumeRole', on: 'iam:role' }]],
  },
  { id: 'create-access-key', title: 'create access keys for any user (iam:CreateAccessKey)', requires: [[{ action: 'iam:CreateAccessKey', on: 'iam:user' }]] },
  {
    id: 'login-profile',
    title: 'set a console password for any user (iam:CreateLoginProfile / iam:UpdateLoginProfile)',
    requires: [
      [
        { action: 'iam:CreateLoginProfile', on: 'iam:user' },
        { action: 'iam:UpdateLoginProfile', on: 'iam:user' },
      ],
    ],
  },
  { id: 'assume-any-role', title: 'assume any role that trusts the account (sts:AssumeRole on *)', requires: [[{ action: 'sts:AssumeRole', on: 'iam:role' }]] },
  {
    id: 'passrole-ec2',
    title: 'launch an instance with any role (iam:PassRole + ec2:RunInstances)',
    requires: [passRole('ec2.amazonaws.com'), [{ action: 'ec2:RunInstances', on: 'ec2:instance' }]],
  },
  {
    id: 'passrole-lambda',
    title: 'run a Lambda function as any role (iam:PassRole + lambda:CreateFunction + invoke)',
    requires: [
      passRole('lambda.amazonaws.com'),
      [{ action: 'lambda:CreateFunction', on: 'lambda:function' }],
      [
        { action: 'lambda:InvokeFunction', on: 'lambda:function' },
        { action: 'lambda:CreateEventSourceMapping', on: '*' },
        { action: 'lambda:AddPermission', on: 'lambda:function' },
      ],
    ],
  },
  {
    id: 'passrole-cloudformation',
    title: 'deploy a CloudFormation stack as any role (iam:PassRole + cloudformation:CreateStack)',
    requires: [passRole('cloudformation.amazonaws.com'), [{ action: 'cloudformation:CreateStack', on: 'cloudformation:stack' }]],
  },
  {
    id: 'passrole-glue-endpoint',
    title: 'open a Glue development endpoint as any role (iam:PassRole + glue:CreateDevEndpoint)',
    requires: [passRole('glue.amazonaws.com'), [{ action: 'glue:CreateDevEndpoint', on: 'glue:devendpoint' }]],
  },
  {
    id: 'passrole-glue-job',
    title: 'run a Glue job as any role (iam:PassRole + glue:CreateJob + glue:StartJobRun)',
    requires: [passRole('glue.amazonaws.com'), [{ action: 'glue:CreateJob', on: 'glue:job' }], [{ action: 'glue:StartJobRun', on: 'glue:job' }]],
  },
  {
    id: 'glue-update-endpoint',
    title: 'take over existing Glue development endpoints (glue:UpdateDevEndpoint)',
    requires: [[{ action: 'glue:UpdateDevEndpoint', on: 'glue:devendpoint' }]],
  },
  {
    id: 'passrole-datapipeline',
    title: 'run a Data Pipeline as any role (iam:PassRole + datapipeline:CreatePipeline/PutPipelineDefinition/ActivatePipeline)',
    requires: [
      passRole('datapipeline.amazonaws.com'),
      [{ action: 'datapipeline:CreatePipeline', on: '*' }],
      [{ action: 'datapipeline:PutPipelineDefinition', on: 'datapipeline:pipeline' }],
      [{ action: 'datapipeline:ActivatePipeline', on: 'datapipeline:pipeline' }],
    ],
  },
  {
    id: 'passrole-ecs',
    title: 'run an ECS task as any role (iam:PassRole + ecs:RegisterTaskDefinition + ecs:RunTask)',
    requires: [
      passRole('ecs-tasks.amazonaws.com'),
      [{ action: 'ecs:RegisterTaskDefinition', on: '*' }],
      [
        { action: 'ecs:RunTask', on: 'ecs:task-definition' },
        { action: 'ecs:StartTask', on: 'ecs:task-definition' },
        { action: 'ecs:CreateService', on: 'ecs:cluster' },
      ],
    ],
  },
  {
    id: 'passrole-codebuild',
    title: 'run a CodeBuild project as any role (iam:PassRole + codebuild:CreateProject + codebuild:StartBuild)',
    requires: [
      passRole('codebuild.amazonaws.com'),
      [{ action: 'codebuild:CreateProject', on: 'codebuild:project' }],
      [{ action: 'codebuild:StartBuild', on: 'codebuild:project' }],
    ],
  },
  {
    id: 'lambda-update-code',
    title: 'replace the code of any Lambda function and run as its role (lambda:UpdateFunctionCode)',
    requires: [[{ action: 'lambda:UpdateFunctionCode', on: 'lambda:function' }]],
  },
  {
    id: 'ssm-command',
    title: 'run commands on any instance as its role, nodes included (ssm:SendCommand / ssm:StartSession)',
    requires: [
      [
        { action: 'ssm:SendCommand', on: 'ec2:instance' },
        { action: 'ssm:StartSession', on: 'ec2:instance' },
      ],
    ],
  },
];

export interface GrantedStep {
  step: PrivescStep;
  /** `any` (a probe of that type), or `itself` (the role's own ARN). */
  target: 'any' | 'itself';
  decision: AccessDecision;
}

export interface PrivescPath {
  rule: PrivescRule;
  /** `allowed`, or `conditional` when a step is granted only under conditions. */
  verdict: 'allowed' | 'conditional';
  steps: GrantedStep[];
  undecidedKeys: string[];
}

function askStep(access: RoleAccess, step: PrivescStep): GrantedStep | undefined {
  const kinds: Array<{ resource: string; target: 'any' | 'itself' }> =
    step.on === 'role-or-self'
      ? [
          { resource: probeResource(access, 'iam:role'), target: 'any' },
          { resource: access.arn, target: 'itself' },
        ]
      : step.on === 'policy-or-own'
        ? [
            { resource: probeResource(access, 'iam:policy'), target: 'any' },
            ...ownCustomerPolicies(access).map((arn) => ({ resource: arn, target: 'itself' as const })),
          ]
        : [{ resource: probeResource(access, step.on), target: 'any' }];
  let conditional: GrantedStep | undefined;
  for (const { resource, target } of kinds) {
    const decision = decide(access, step.action, resource, step.context);
    if (decision.verdict === 'allowed') return { step, target, decision };
    if (granted(decision)) conditional ??= { step, target, decision };
  }
  return conditional;
}

/** The escalation paths open to a role, outright ones first. */
export function privescPaths(access: RoleAccess, rules: readonly PrivescRule[] = PRIVESC_RULES): PrivescPath[] {
  const paths: PrivescPath[] = [];
  for (const rule of rules) {
    const steps: GrantedStep[] = [];
    for (const group of rule.requires) {
      let chosen: GrantedStep | undefined;
      for (const step of group) {
        const asked = askStep(access, step);
        if (!asked) continue;
        if (asked.decision.verdict === 'allowed') {
          chosen = asked;
          break;
        }
        chosen ??= asked;
      }
      if (!chosen) break;
      steps.push(chosen);
    }
    if (steps.length !== rule.requires.length) continue;
    const conditional = steps.some((step) => step.decision.verdict !== 'allowed');
    const undecidedKeys = [...new Set(steps.flatMap((step) => step.decision.undecidedKeys))];
    paths.push({ rule, verdict: conditional ? 'conditional' : 'allowed', steps, undecidedKeys });
  }
  return paths.sort((a, b) => Number(a.verdict === 'conditional') - Number(b.verdict === 'conditional'));
}

/** Customer-managed policies attached to the role (AWS-managed ones cannot be rewritten). */
function ownCustomerPolicies(access: RoleAccess): string[] {
  return (access.record.AttachedPolicies ?? [])
    .map((policy) => policy.PolicyArn)
    .filter((arn): arn is string => typeof arn === 'string' && /^arn:aws[\w-]*:iam::\d{12}:policy\//.test(arn));
}

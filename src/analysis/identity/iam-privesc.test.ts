import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../model/index.js';
import { adminGrant, ecrBroadGrant, sensitiveGrants, serviceWildcards } from './iam-capabilities.js';
import { decide, probeResource, roleAccess } from './iam-permissions.js';
import { privescPaths } from './iam-privesc.js';
import { role } from '../../checks/identity/test-support/aws-fixtures.js';
import { awsInventory } from '../../checks/identity/test-support/inventory.js';

function access(...documents: PolicyDocument[]) {
  const record = role('probe-subject', { inline: documents.map((document, index) => ({ name: `p${index}`, document })) });
  return roleAccess(awsInventory({ iam: { roles: [record] } }), record);
}

const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Record<string, unknown> = {}): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action, Resource, ...extra }],
});

const ruleIds = (document: PolicyDocument, ...more: PolicyDocument[]) => privescPaths(access(document, ...more)).map((path) => path.rule.id);

describe('privilege escalation rules', () => {
  it('needs every step of a combination', () => {
    expect(ruleIds(allow('iam:PassRole'))).toEqual([]);
    expect(ruleIds(allow('ec2:RunInstances'))).toEqual([]);
    expect(ruleIds(allow(['iam:PassRole', 'ec2:RunInstances']))).toEqual(['passrole-ec2']);
    expect(ruleIds(allow(['iam:PassRole', 'lambda:CreateFunction']))).toEqual([]);
    expect(ruleIds(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping']))).toEqual(['passrole-lambda']);
    expect(ruleIds(allow(['iam:PassRole', 'glue:CreateDevEndpoint']))).toEqual(['passrole-glue-endpoint']);
    expect(ruleIds(allow(['iam:PassRole', 'cloudformation:CreateStack']))).toEqual(['passrole-cloudformation']);
    expect(ruleIds(allow(['iam:PassRole', 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition', 'datapipeline:ActivatePipeline']))).toEqual([
      'passrole-datapipeline',
    ]);
    expect(ruleIds(allow(['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole']))).toEqual(['update-assume-role-policy', 'assume-any-role']);
  });

  it('finds single-permission escalations', () => {
    expect(ruleIds(allow('iam:CreatePolicyVersion'))).toEqual(['create-policy-version']);
    expect(ruleIds(allow('iam:SetDefaultPolicyVersion'))).toEqual(['set-default-policy-version']);
    expect(ruleIds(allow(['iam:AttachUserPolicy', 'iam:AttachGroupPolicy']))).toEqual(['attach-user-policy', 'attach-group-policy']);
    expect(ruleIds(allow(['iam:PutUserPolicy', 'iam:PutGroupPolicy']))).toEqual(['put-user-policy', 'put-group-policy']);
    expect(ruleIds(allow('iam:CreateAccessKey'))).toEqual(['create-access-key']);
    expect(ruleIds(allow('iam:UpdateLoginProfile'))).toEqual(['login-profile']);
    expect(ruleIds(allow('iam:Put*'))).toEqual(['put-role-policy', 'put-user-policy', 'put-group-policy']);
  });

  it('counts policy actions on the role itself, and not PassRole of itself', () => {
    const self = access(allow(['iam:AttachRolePolicy', 'iam:PassRole', 'ec2:RunInstances'], ['arn:aws:iam::111122223333:role/probe-subject', 'arn:aws:ec2:*:*:instance/*']));
    const paths = privescPaths(self);
    expect(paths.map((path) => path.rule.id)).toEqual(['attach-role-policy']);
    expect(paths[0]?.steps[0]?.target).toBe('itself');
  });

  it('counts rewriting one of its own customer-managed policies', () => {
    const own = 'arn:aws:iam::111122223333:policy/shop-api-policy';
    const record = role('probe-subject', {
      attached: [{ arn: own, document: allow(['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'], own) }],
    });
    const paths = privescPaths(roleAccess(awsInventory({ iam: { roles: [record] } }), record));
    expect(paths.map((path) => [path.rule.id, path.steps[0]?.target])).toEqual([
      ['create-policy-version', 'itself'],
      ['set-default-policy-version', 'itself'],
    ]);
  });

  it('honours iam:PassedToService and scoped PassRole', () => {
    const ecsOnly = allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } });
    expect(ruleIds(ecsOnly, allow(['ec2:RunInstances', 'ecs:RegisterTaskDefinition', 'ecs:RunTask']))).toEqual(['passrole-ecs']);
    expect(ruleIds(allow('iam:PassRole', 'arn:aws:iam::111122223333:role/app-*'), allow('ec2:RunInstances'))).toEqual([]);
  });

  it('lets Deny statements and NotAction shape the result', () => {
    expect(ruleIds(allow('iam:*'), { Statement: [{ Effect: 'Deny', Action: ['iam:Put*', 'iam:Attach*', 'iam:*PolicyVersion', 'iam:Create*', 'iam:Update*', 'iam:AddUserToGroup', 'iam:PassRole'], Resource: '*' }] })).toEqual(
      [],
    );
    const notIam = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] };
    expect(ruleIds(notIam)).toEqual(['assume-any-role', 'glue-update-endpoint', 'lambda-update-code', 'ssm-command']);
  });

  it('marks paths granted under undecided conditions as conditional, outright ones first', () => {
    const paths = privescPaths(access(allow('iam:CreatePolicyVersion', '*', { Condition: { StringEquals: { 'aws:ResourceTag/team': 'a' } } }), allow('iam:CreateAccessKey')));
    expect(paths.map((path) => [path.rule.id, path.verdict])).toEqual([
      ['create-access-key', 'allowed'],
      ['create-policy-version', 'conditional'],
    ]);
    expect(paths[1]?.undecidedKeys).toEqual(['aws:ResourceTag/team']);
  });
});

describe('broad grants', () => {
  it('recognises administrator access and IAM-wide access', () => {
    expect(adminGrant(access(allow('*')))?.what).toBe('every action of every service');
    expect(adminGrant(access(allow('iam:*')))?.what).toBe('every IAM action');
    expect(adminGrant(access(allow('iam:*', 'arn:aws:iam::111122223333:role/app-*')))).toBeUndefined();
    expect(adminGrant(access(allow(['s3:*', 'ec2:*'])))).toBeUndefined();
  });

  it('finds whole-service wildcards only on every resource', () => {
    const found = serviceWildcards(access(allow(['s3:*', 'ec2:Describe*']), allow('dynamodb:*', 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders')));
    expect(found.map((grant) => grant.pattern)).toEqual(['s3:*']);
    expect(serviceWildcards(access(allow('sqs:*', 'arn:aws:sqs:*:111122223333:*'))).map((grant) => grant.pattern)).toEqual(['sqs:*']);
  });

  it('finds sensitive actions on every resource', () => {
    const found = sensitiveGrants(access(allow(['secretsmanager:GetSecretValue', 'kms:Decrypt'], '*'), allow('s3:GetObject', 'arn:aws:s3:::assets/*')));
    expect(found.map((grant) => grant.sensitive.action)).toEqual(['secretsmanager:GetSecretValue', 'kms:Decrypt']);
  });

  it('tells registry-wide ECR write access from scoped push and pull', () => {
    expect(ecrBroadGrant(access(allow(['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:GetAuthorizationToken'])))).toBeUndefined();
    expect(ecrBroadGrant(access(allow(['ecr:PutImage', 'ecr:InitiateLayerUpload'], 'arn:aws:ecr:eu-west-1:111122223333:repository/ci/*')))).toBeUndefined();
    expect(ecrBroadGrant(access(allow(['ecr:PutImage', 'ecr:InitiateLayerUpload'])))?.actions).toEqual(['ecr:PutImage', 'ecr:InitiateLayerUpload']);
    expect(ecrBroadGrant(access(allow('ecr:*')))?.actions).toEqual(['ecr:*']);
  });

  it('narrows a role by the session policies of its uses', () => {
    const record = role('wide', { inline: [{ name: 'all', document: allow('*') }] });
    const narrowed = roleAccess(awsInventory({ iam: { roles: [record] } }), record, [allow('s3:GetObject', 'arn:aws:s3:::assets/*')]);
    expect(decide(narrowed, 's3:GetObject', 'arn:aws:s3:::assets/a').verdict).toBe('allowed');
    expect(decide(narrowed, 'iam:CreateUser', probeResource(narrowed, 'iam:user')).verdict).toBe('not-allowed');
    expect(adminGrant(narrowed)).toBeUndefined();
  });
});

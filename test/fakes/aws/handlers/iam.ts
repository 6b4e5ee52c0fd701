import type { FakeAccount, FakeIamPolicy, FakeIamRole } from '../account.js';
import { encodePolicy, FakeAwsError, notFound, paginate, str, type HandlerContext, type Input, type ServiceHandlers } from './common.js';

interface IamIndex {
  roles: Map<string, FakeIamRole>;
  policies: Map<string, FakeIamPolicy>;
}

// Built once per account: the benchmark serves hundreds of roles.
const indexes = new WeakMap<FakeAccount, IamIndex>();

function index(account: FakeAccount): IamIndex {
  let found = indexes.get(account);
  if (!found) {
    found = {
      roles: new Map(account.iam.roles.map((role) => [role.Role.RoleName ?? '', role])),
      policies: new Map(account.iam.policies.map((policy) => [policy.Policy.Arn ?? '', policy])),
    };
    indexes.set(account, found);
  }
  return found;
}

function role(input: Input, context: HandlerContext): FakeIamRole {
  const name = str(input, 'RoleName') ?? '';
  return index(context.account).roles.get(name) ?? notFound('NoSuchEntity', `The role with name ${name} cannot be found.`);
}

function policy(input: Input, context: HandlerContext): FakeIamPolicy {
  const arn = str(input, 'PolicyArn') ?? '';
  return index(context.account).policies.get(arn) ?? notFound('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
}

/** IAM pages with Marker/IsTruncated rather than a next token. */
function page<T>(items: readonly T[], input: Input, context: HandlerContext): { items: T[]; IsTruncated: boolean; Marker?: string } {
  const { page: items_, next } = paginate(items, input.Marker, input.MaxItems, context);
  return next ? { items: items_, IsTruncated: true, Marker: next } : { items: items_, IsTruncated: false };
}

export const iamHandlers: ServiceHandlers = {
  GetRole: (input, context) => {
    const found = role(input, context);
    return { Role: { ...found.Role, AssumeRolePolicyDocument: encodePolicy(found.Role.AssumeRolePolicyDocument) } };
  },

  ListAttachedRolePolicies: (input, context) => {
    const policies = index(context.account).policies;
    const attached = role(input, context).AttachedPolicyArns.map((arn) => ({
      PolicyArn: arn,
      PolicyName: policies.get(arn)?.Policy.PolicyName ?? arn.split('/').pop(),
    }));
    const { items, ...rest } = page(attached, input, context);
    return { AttachedPolicies: items, ...rest };
  },

  ListRolePolicies: (input, context) => {
    const { items, ...rest } = page(Object.keys(role(input, context).InlinePolicies), input, context);
    return { PolicyNames: items, ...rest };
  },

  GetRolePolicy: (input, context) => {
    const found = role(input, context);
    const name = str(input, 'PolicyName') ?? '';
    const document = found.InlinePolicies[name];
    if (!document) notFound('NoSuchEntity', `The role policy with name ${name} cannot be found.`);
    return { RoleName: found.Role.RoleName, PolicyName: name, PolicyDocument: encodePolicy(document) };
  },

  GetPolicy: (input, context) => ({ Policy: policy(input, context).Policy }),

  GetPolicyVersion: (input, context) => {
    const found = policy(input, context);
    const version = found.Versions.find((entry) => entry.VersionId === input.VersionId);
    if (!version) notFound('NoSuchEntity', `Policy ${String(input.PolicyArn)} version ${String(input.VersionId)} does not exist or is not attachable.`);
    return { PolicyVersion: { ...version, Document: encodePolicy(version.Document) } };
  },

  ListOpenIDConnectProviders: (_input, context) => ({
    OpenIDConnectProviderList: context.account.iam.openIdConnectProviders.map((provider) => ({ Arn: provider.Arn })),
  }),

  GetOpenIDConnectProvider: (input, context) => {
    const arn = str(input, 'OpenIDConnectProviderArn') ?? '';
    const provider = context.account.iam.openIdConnectProviders.find((entry) => entry.Arn === arn);
    if (!provider) notFound('NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`);
    const { Url, ClientIDList, ThumbprintList, CreateDate } = provider;
    return { Url, ClientIDList, ThumbprintList, CreateDate };
  },
};

export const stsHandlers: ServiceHandlers = {
  GetCallerIdentity: (_input, context) => ({ ...context.account.caller }),

  AssumeRole: (input, context) => {
    if (context.roles) return context.roles.assumeRole(input);
    throw new FakeAwsError('AccessDenied', `User: ${context.account.caller.Arn} is not authorized to perform: sts:AssumeRole on resource: ${String(input.RoleArn)}`, 403);
  },
};

/**
 * IAM: the roles the cluster uses, each with its trust policy and its attached and inline
 * policy documents, and the account's OIDC providers. Managed policies are fetched once per
 * ARN however many roles attach them.
 */
import {
  GetOpenIDConnectProviderCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListOpenIDConnectProvidersCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
} from '@aws-sdk/client-iam';
import type { AwsSnapshotData, IamRoleRecord, OpenIdConnectProviderRecord, PolicyDocument } from '../../model/index.js';
import type { AwsOperationId } from './operations.js';
import type { AwsSession } from './session.js';
import { parsePolicyDocument, parseRoleArn, toWire } from './wire.js';

type EksData = NonNullable<AwsSnapshotData['eks']>;
type IamData = NonNullable<AwsSnapshotData['iam']>;

/** Role ARNs the cluster uses, as far as the collected EKS data and the caller tell. */
export function clusterRoleArns(eks: EksData | undefined, extraRoleArns: readonly string[]): string[] {
  const arns = [
    ...(eks?.nodegroups ?? []).map((group) => group.nodeRole),
    ...(eks?.fargateProfiles ?? []).map((profile) => profile.podExecutionRoleArn),
    ...(eks?.accessEntries ?? []).map((entry) => entry.accessEntry.principalArn),
    ...(eks?.podIdentityAssociations ?? []).flatMap((association) => [association.roleArn, association.targetRoleArn]),
    ...(eks?.addons ?? []).map((addon) => addon.serviceAccountRoleArn),
    ...extraRoleArns,
  ];
  return [...new Set(arns.filter((arn): arn is string => typeof arn === 'string' && parseRoleArn(arn) !== undefined))].sort();
}

class IamReader {
  private readonly policies = new Map<string, Promise<{ PolicyName?: string; Document?: PolicyDocument }>>();

  constructor(private readonly session: AwsSession) {}

  private parse(id: AwsOperationId, target: string, text: string | undefined): PolicyDocument | undefined {
    if (text === undefined) return undefined;
    try {
      return parsePolicyDocument(text, true);
    } catch (error) {
      this.session.record(id, target, error);
      return undefined;
    }
  }

  managedPolicy(policyArn: string): Promise<{ PolicyName?: string; Document?: PolicyDocument }> {
    let found = this.policies.get(policyArn);
    if (!found) {
      found = this.fetchManagedPolicy(policyArn);
      this.policies.set(policyArn, found);
    }
    return found;
  }

  private async fetchManagedPolicy(PolicyArn: string): Promise<{ PolicyName?: string; Document?: PolicyDocument }> {
    const { iam } = this.session.clients;
    const policy = await this.session.call('iam:GetPolicy', PolicyArn, () => iam.send(new GetPolicyCommand({ PolicyArn })));
    const VersionId = policy?.Policy?.DefaultVersionId;
    if (!VersionId) return {};
    const version = await this.session.call('iam:GetPolicyVersion', PolicyArn, () => iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId })));
    const Document = this.parse('iam:GetPolicyVersion', PolicyArn, version?.PolicyVersion?.Document);
    return { ...(policy?.Policy?.PolicyName ? { PolicyName: policy.Policy.PolicyName } : {}), ...(Document ? { Document } : {}) };
  }

  async role(roleArn: string, RoleName: string): Promise<IamRoleRecord | undefined> {
    const { iam } = this.session.clients;
    const result = await this.session.call('iam:GetRole', roleArn, () => iam.send(new GetRoleCommand({ RoleName })));
    if (!result?.Role) return undefined;
    const { AssumeRolePolicyDocument, ...role } = toWire(result.Role);
    const trust = this.parse('iam:GetRole', roleArn, AssumeRolePolicyDocument);
    const record: IamRoleRecord = { Role: { ...role, ...(trust ? { AssumeRolePolicyDocument: trust } : {}) } };

    const attached = async (): Promise<void> => {
      const list = await this.session.list(
        'iam:ListAttachedRolePolicies',
        roleArn,
        paginateListAttachedRolePolicies({ client: iam, stopOnSameToken: true }, { RoleName }),
        (page) => page.AttachedPolicies,
      );
      if (!list) return;
      record.AttachedPolicies = await Promise.all(
        list.map(async ({ PolicyArn, PolicyName }) => {
          const policy = PolicyArn ? await this.managedPolicy(PolicyArn) : {};
          return {
            ...(PolicyArn ? { PolicyArn } : {}),
            ...(PolicyName ?? policy.PolicyName ? { PolicyName: PolicyName ?? policy.PolicyName } : {}),
            ...(policy.Document ? { Document: policy.Document } : {}),
          };
        }),
      );
    };

    const inline = async (): Promise<void> => {
      const names = await this.session.list(
        'iam:ListRolePolicies',
        roleArn,
        paginateListRolePolicies({ client: iam, stopOnSameToken: true }, { RoleName }),
        (page) => page.PolicyNames,
      );
      if (!names) return;
      record.InlinePolicies = await Promise.all(
        names.map(async (PolicyName) => {
          const target = `${roleArn}/${PolicyName}`;
          const policy = await this.session.call('iam:GetRolePolicy', target, () => iam.send(new GetRolePolicyCommand({ RoleName, PolicyName })));
          const Document = this.parse('iam:GetRolePolicy', target, policy?.PolicyDocument);
          return { PolicyName, ...(Document ? { Document } : {}) };
        }),
      );
    };

    await Promise.all([attached(), inline()]);
    return record;
  }
}

export async function collectIamRoles(session: AwsSession, roleArns: readonly string[], accountId: string | undefined, iam: IamData): Promise<void> {
  const reader = new IamReader(session);
  const roles = await Promise.all(
    roleArns.map((arn) => {
      const parsed = parseRoleArn(arn);
      if (!parsed) return Promise.resolve(undefined);
      if (accountId !== undefined && parsed.accountId !== accountId) {
        // GetRole reads only the caller's own account; say so rather than drop the role.
        session.record('iam:GetRole', arn, {
          name: 'CrossAccountRole',
          message: `role belongs to account ${parsed.accountId}, not the scanned account ${accountId}; collect from that account to read it`,
        });
        return Promise.resolve(undefined);
      }
      return reader.role(arn, parsed.name);
    }),
  );
  iam.roles = roles.filter((role): role is IamRoleRecord => role !== undefined);
}

/**
 * Lists every provider, and describes the one registered for the cluster's issuer (the one
 * checks compare against); the others are kept by ARN.
 */
export async function collectOidcProviders(session: AwsSession, issuer: string | undefined, iam: IamData): Promise<void> {
  const client = session.clients.iam;
  const listed = await session.call('iam:ListOpenIDConnectProviders', undefined, () => client.send(new ListOpenIDConnectProvidersCommand({})));
  if (!listed) return;
  const issuerPath = issuer?.replace(/^https:\/\//, '');
  const providers = await Promise.all(
    (listed.OpenIDConnectProviderList ?? []).map(async ({ Arn }): Promise<OpenIdConnectProviderRecord> => {
      if (!Arn || !issuerPath || !Arn.endsWith(`:oidc-provider/${issuerPath}`)) return Arn ? { Arn } : {};
      const provider = await session.call('iam:GetOpenIDConnectProvider', Arn, () =>
        client.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: Arn })),
      );
      if (!provider) return { Arn };
      return {
        Arn,
        ...(provider.Url ? { Url: provider.Url } : {}),
        ClientIDList: provider.ClientIDList ?? [],
        ThumbprintList: provider.ThumbprintList ?? [],
      };
    }),
  );
  iam.openIdConnectProviders = providers;
}

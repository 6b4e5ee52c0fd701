/**
 * Amazon Resource Names as IAM writes them: `arn:partition:service:region:account:resource`,
 * the resource part keeping any further colons (`arn:aws:iam::111122223333:role/path/name`).
 */

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon: `role/path/name`, `cluster/prod`. */
  resource: string;
}

export function parseArn(text: string | undefined): Arn | undefined {
  if (!text?.startsWith('arn:')) return undefined;
  const parts = text.split(':');
  if (parts.length < 6) return undefined;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  if (partition === '' || service === '') return undefined;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

export function accountOf(arn: string | undefined): string | undefined {
  const account = parseArn(arn)?.account;
  return account === '' ? undefined : account;
}

export function partitionOf(arn: string | undefined): string {
  return parseArn(arn)?.partition ?? 'aws';
}

export type IamPrincipalKind = 'role' | 'user' | 'root' | 'assumed-role' | 'group' | 'other';

/** What an IAM principal ARN names; `sts` assumed-role ARNs count as sessions, not roles. */
export function iamPrincipalKind(arn: string): IamPrincipalKind {
  const parsed = parseArn(arn);
  if (!parsed) return 'other';
  if (parsed.service === 'sts' && parsed.resource.startsWith('assumed-role/')) return 'assumed-role';
  if (parsed.service !== 'iam') return 'other';
  if (parsed.resource === 'root') return 'root';
  if (parsed.resource.startsWith('role/')) return 'role';
  if (parsed.resource.startsWith('user/')) return 'user';
  if (parsed.resource.startsWith('group/')) return 'group';
  return 'other';
}

/** The name of a role or user: the last path component (`role/path/name` → `name`). */
export function principalName(arn: string): string {
  const resource = parseArn(arn)?.resource ?? arn;
  const slash = resource.lastIndexOf('/');
  return slash < 0 ? resource : resource.slice(slash + 1);
}

/** `role/path/name` → `/path/`; `/` without a path. */
export function principalPath(arn: string): string {
  const resource = parseArn(arn)?.resource ?? '';
  const parts = resource.split('/');
  return parts.length > 2 ? `/${parts.slice(1, -1).join('/')}/` : '/';
}

/**
 * A key that finds the same role however its ARN is written: IAM role names are unique per
 * account regardless of case and of path, and aws-auth ARNs drop the path.
 */
export function roleKey(arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'iam' || !parsed.resource.startsWith('role/')) return undefined;
  return `${parsed.partition}:${parsed.account}:${principalName(arn).toLowerCase()}`;
}

/** `arn:aws:iam::aws:policy/AdministratorAccess` → `AdministratorAccess`, for AWS managed policies only. */
export function awsManagedPolicyName(policyArn: string | undefined): string | undefined {
  const parsed = parseArn(policyArn);
  if (!parsed || parsed.service !== 'iam' || parsed.account !== 'aws' || !parsed.resource.startsWith('policy/')) return undefined;
  return principalName(policyArn ?? '');
}

/** Role session names IAM Identity Center gives permission-set roles. */
const SSO_ROLE = /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/;

/** The permission set behind an IAM Identity Center role (`AWSReservedSSO_AdministratorAccess_0123…`). */
export function ssoPermissionSet(arn: string): string | undefined {
  if (iamPrincipalKind(arn) !== 'role') return undefined;
  return SSO_ROLE.exec(principalName(arn))?.[1];
}

/**
 * Several accounts behind one fake endpoint, as AWS serves them: sts:AssumeRole hands out
 * temporary credentials for a role (an `ASIA…` access key id, a secret and a session token,
 * answered in the real AssumeRole shape), and every later request signed with that access key
 * id is served from the role's account, its caller identity the assumed-role session. A role
 * can require an ExternalId or deny every caller, the way a trust policy would.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FakeAccount } from './account.js';
import { FakeAwsError, str, type Input, type Output } from './handlers/common.js';

export interface FakeRole {
  /** arn:aws:iam::<account>:role/<name>; its account id must be `account.accountId`. */
  roleArn: string;
  account: FakeAccount;
  /** Required as sts:AssumeRole's ExternalId (the trust policy's sts:ExternalId condition). */
  externalId?: string;
  /** Every AssumeRole of this role is denied (a trust policy that does not name the caller). */
  deny?: boolean;
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  roleArn: string;
  sessionName: string;
  account: FakeAccount;
}

/** The session's caller identity, as sts:GetCallerIdentity reports an assumed role. */
export function assumedCaller(issued: IssuedCredentials): FakeAccount['caller'] {
  const roleName = issued.roleArn.split('/').pop() ?? '';
  return {
    UserId: `${roleIdOf(issued.roleArn)}:${issued.sessionName}`,
    Account: issued.account.accountId,
    Arn: `arn:aws:sts::${issued.account.accountId}:assumed-role/${roleName}/${issued.sessionName}`,
  };
}

/** A stable role id (AROA + 17 characters), derived from the ARN as IAM assigns one per role. */
function roleIdOf(roleArn: string): string {
  return `AROA${createHash('sha256').update(roleArn).digest('hex').slice(0, 17).toUpperCase()}`;
}

export class FakeRoles {
  private readonly issued = new Map<string, IssuedCredentials>();

  constructor(
    private readonly roles: readonly FakeRole[],
    private readonly callerArn: () => string,
  ) {}

  /** The credentials an access key id was issued with, if the fake issued it. */
  lookup(accessKeyId: string | undefined): IssuedCredentials | undefined {
    return accessKeyId === undefined ? undefined : this.issued.get(accessKeyId);
  }

  get all(): IssuedCredentials[] {
    return [...this.issued.values()];
  }

  assumeRole(input: Input): Output {
    const roleArn = str(input, 'RoleArn') ?? '';
    const sessionName = str(input, 'RoleSessionName') ?? '';
    const role = this.roles.find((entry) => entry.roleArn === roleArn);
    // AWS does not tell a missing role from one whose trust policy refuses the caller.
    if (!role || role.deny || (role.externalId !== undefined && str(input, 'ExternalId') !== role.externalId)) {
      throw new FakeAwsError('AccessDenied', `User: ${this.callerArn()} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
    }
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      throw new FakeAwsError('ValidationError', `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint`, 400);
    }
    const duration = typeof input.DurationSeconds === 'number' ? input.DurationSeconds : 3600;
    const credentials: IssuedCredentials = {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `FwoGZXIvYXdzE${randomBytes(48).toString('base64')}`,
      roleArn,
      sessionName,
      account: role.account,
    };
    this.issued.set(credentials.accessKeyId, credentials);
    const caller = assumedCaller(credentials);
    return {
      Credentials: {
        AccessKeyId: credentials.accessKeyId,
        SecretAccessKey: credentials.secretAccessKey,
        SessionToken: credentials.sessionToken,
        Expiration: new Date(Date.now() + duration * 1000).toISOString(),
      },
      AssumedRoleUser: { AssumedRoleId: caller.UserId, Arn: caller.Arn },
    };
  }
}

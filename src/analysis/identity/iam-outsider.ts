/**
 * A caller from an AWS account no policy names, for asking trust and resource policies whether
 * they are open to the world. Keys only callers inside an organisation, a VPC or an AWS service
 * carry are absent from its request; its network address and anything else stay undecided.
 */
import type { RequestContext, RequestPrincipal } from './iam-policy.js';

/** Keys only callers inside an organisation, a VPC or an AWS service carry. */
const ABSENT_FOR_OUTSIDERS: string[] = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalTag/*',
  'aws:PrincipalServiceName',
  'aws:PrincipalServiceNamesList',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:VpcSourceIp',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:CalledVia',
  'aws:CalledViaFirst',
  'aws:CalledViaLast',
  'aws:MultiFactorAuthPresent',
  'aws:MultiFactorAuthAge',
  'sts:ExternalId',
];

export const OUTSIDER_ACCOUNT = '999999999999';

export const OUTSIDER: RequestPrincipal = { type: 'AWS', id: `arn:aws:iam::${OUTSIDER_ACCOUNT}:user/eksguard-probe`, account: OUTSIDER_ACCOUNT };

export const OUTSIDER_CONTEXT: RequestContext = outsiderContext(OUTSIDER.id, 'User');

function outsiderContext(principalArn: string, principalType: string): RequestContext {
  return {
    values: {
      'aws:PrincipalAccount': OUTSIDER_ACCOUNT,
      'aws:PrincipalArn': principalArn,
      'aws:PrincipalType': principalType,
      'aws:PrincipalIsAWSService': 'false',
      'aws:SecureTransport': 'true',
      // Present in most requests, and false when the principal calls the service itself.
      'aws:ViaAWSService': 'false',
    },
    absent: ABSENT_FOR_OUTSIDERS,
  };
}

/**
 * Outsiders of every principal type: a policy that lets in "any account's roles named ci-*" or
 * "any assumed role" is as open as one that lets in anyone.
 */
export const OUTSIDERS: ReadonlyArray<{ principal: RequestPrincipal; context: RequestContext }> = [
  { principal: OUTSIDER, context: OUTSIDER_CONTEXT },
  ...[
    { arn: `arn:aws:iam::${OUTSIDER_ACCOUNT}:role/eksguard-probe`, type: 'Role' },
    { arn: `arn:aws:iam::${OUTSIDER_ACCOUNT}:role/ci-eksguard-probe`, type: 'Role' },
    { arn: `arn:aws:iam::${OUTSIDER_ACCOUNT}:role/admin-eksguard-probe`, type: 'Role' },
    { arn: `arn:aws:sts::${OUTSIDER_ACCOUNT}:assumed-role/eksguard-probe/session`, type: 'AssumedRole' },
  ].map(({ arn, type }): { principal: RequestPrincipal; context: RequestContext } => ({
    principal: { type: 'AWS', id: arn, account: OUTSIDER_ACCOUNT },
    context: outsiderContext(arn, type),
  })),
];

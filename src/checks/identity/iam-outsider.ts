/**
 * A caller from an AWS account no policy names, for asking trust and resource policies whether
 * they are open to the world. Keys only callers inside an organisation, a VPC or an AWS service
 * carry are absent from its request; its network address and anything else stay undecided.
 */
import type { RequestContext, RequestPrincipal } from './iam-policy.js';

export const OUTSIDER_ACCOUNT = '999999999999';

export const OUTSIDER: RequestPrincipal = { type: 'AWS', id: `arn:aws:iam::${OUTSIDER_ACCOUNT}:user/eksguard-probe`, account: OUTSIDER_ACCOUNT };

export const OUTSIDER_CONTEXT: RequestContext = {
  values: {
    'aws:PrincipalAccount': OUTSIDER_ACCOUNT,
    'aws:PrincipalArn': OUTSIDER.id,
    'aws:PrincipalType': 'User',
    'aws:PrincipalIsAWSService': 'false',
    'aws:SecureTransport': 'true',
  },
  absent: [
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
    'aws:ViaAWSService',
    'aws:MultiFactorAuthPresent',
    'aws:MultiFactorAuthAge',
    'sts:ExternalId',
  ],
};

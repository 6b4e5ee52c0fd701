import { describe, expect, it } from 'vitest';
import { audienceScope, subjectScope, webIdentityStatements } from './irsa-trust.js';
import { irsaTrust, ISSUER_PATH, OIDC_PROVIDER_ARN } from '../../checks/identity/test-support/aws-fixtures.js';

const scopeOf = (subject: string | string[] | undefined, operator = 'StringEquals', namespaces = ['shop']) => {
  const [entry] = webIdentityStatements(irsaTrust(subject, { operator }));
  return subjectScope(entry!, namespaces);
};

describe('IRSA trust statements', () => {
  it('lists web-identity statements of OIDC providers with their paths', () => {
    const trust = irsaTrust('system:serviceaccount:shop:api');
    const statements = webIdentityStatements({
      Version: '2012-10-17',
      Statement: [
        ...(Array.isArray(trust.Statement) ? trust.Statement : []),
        { Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity' },
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    });
    expect(statements.map((entry) => [entry.providerArn, entry.issuerPath, entry.conditionPath])).toEqual([
      [OIDC_PROVIDER_ARN, ISSUER_PATH, ['Role', 'AssumeRolePolicyDocument', 'Statement', 0, 'Condition']],
    ]);
  });

  it('treats a wildcard namespace with a fixed service-account name as open to every namespace', () => {
    const [entry] = webIdentityStatements(irsaTrust('system:serviceaccount:*:api', { operator: 'StringLike' }));
    expect(subjectScope(entry!, ['shop'], ['api'])).toEqual({ kind: 'any' });
  });

  it('decides how many service accounts the sub condition lets in', () => {
    expect(scopeOf('system:serviceaccount:shop:api')).toEqual({ kind: 'scoped' });
    expect(scopeOf(undefined)).toEqual({ kind: 'missing' });
    expect(scopeOf('system:serviceaccount:*', 'StringLike')).toEqual({ kind: 'any' });
    expect(scopeOf('*', 'StringLike')).toEqual({ kind: 'any' });
    expect(scopeOf('system:serviceaccount:shop:*', 'StringLike')).toEqual({ kind: 'namespace', namespace: 'shop' });
    expect(scopeOf('system:serviceaccount:shop:api-?', 'StringLike')).toEqual({ kind: 'scoped' });
    expect(scopeOf('system:serviceaccount:ops:*', 'StringLike', ['shop'])).toEqual({ kind: 'namespace', namespace: 'ops' });
    expect(scopeOf('system:serviceaccount:*', 'StringEquals')).toEqual({ kind: 'scoped' });
    expect(scopeOf('system:serviceaccount:*:api', 'StringLike')).toEqual({ kind: 'scoped' });
    expect(scopeOf(['system:serviceaccount:shop:api', 'system:serviceaccount:*'], 'ForAnyValue:StringLike')).toEqual({ kind: 'any' });
  });

  it('decides whether the audience is pinned', () => {
    const [pinned] = webIdentityStatements(irsaTrust('system:serviceaccount:shop:api'));
    const [none] = webIdentityStatements(irsaTrust('system:serviceaccount:shop:api', { aud: null }));
    expect(audienceScope(pinned!)).toEqual({ kind: 'scoped' });
    expect(audienceScope(none!)).toEqual({ kind: 'missing' });
  });
});

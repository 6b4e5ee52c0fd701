import { describe, expect, it } from 'vitest';
import { classifyName, nameWords } from './credential-names.js';

describe('credential names', () => {
  it('splits names into words', () => {
    expect(nameWords('DB_PASSWORD')).toEqual(['db', 'password']);
    expect(nameWords('clientSecret')).toEqual(['client', 'secret']);
    expect(nameWords('APIKey')).toEqual(['api', 'key']);
    expect(nameWords('spring.datasource.password')).toEqual(['spring', 'datasource', 'password']);
    expect(nameWords('client-key-data')).toEqual(['client', 'key', 'data']);
  });

  it.each([
    ['DB_PASSWORD', 'password'],
    ['rootpassword', 'password'],
    ['REDIS_PASS', 'password'],
    ['DB_PWD', 'password'],
    ['passphrase', 'password'],
    ['CLIENT_SECRET', 'secret'],
    ['GOOGLE_CREDENTIALS', 'secret'],
    ['SECRET_KEY_BASE', 'secret'],
    ['GITHUB_TOKEN', 'token'],
    ['_authToken', 'token'],
    ['Authorization', 'token'],
    ['apiKey', 'key'],
    ['STRIPE_API_KEY', 'key'],
    ['signing-key', 'key'],
    ['client-key-data', 'key'],
    ['AWS_SECRET_ACCESS_KEY', 'aws-secret-access-key'],
    ['secretAccessKey', 'aws-secret-access-key'],
    ['AWS_SECRET_KEY', 'aws-secret-access-key'],
    ['auth', 'registry-auth'],
    ['_auth', 'registry-auth'],
  ])('%s holds a %s', (name, kind) => {
    expect(classifyName(name)).toBe(kind);
  });

  it.each([
    'PASSWORD_FILE', 'password_min_length', 'TOKEN_TTL', 'TOKEN_AUDIENCE', 'secretName', 'SECRET_REF', 'existingSecret',
    'existingSecretPasswordKey', 'PUBLIC_KEY', 'publicToken', 'nextPageToken', 'CACHE_KEY', 'S3_KEY', 'ACCESS_KEY_ID',
    'PWD', 'BYPASS', 'AUTH_MODE', 'OAUTH_ENABLED', 'author', 'KEYCLOAK_URL',
  ])('%s holds no credential', (name) => {
    expect(classifyName(name)).toBeUndefined();
  });
});

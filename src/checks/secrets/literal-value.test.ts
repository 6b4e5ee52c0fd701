import { describe, expect, it } from 'vitest';
import { entropy, isLiteralCredential, isPlaceholder, isReference, unquote } from './literal-value.js';

const PASSWORD = { minLength: 4, generated: false };
const GENERATED = { minLength: 8, generated: true };

describe('literal values', () => {
  it.each([
    '$(DB_PASSWORD)',
    'prefix-$(TOKEN)',
    '${DB_PASSWORD}',
    '${DB_PASSWORD:-fallback}',
    '$DB_PASSWORD',
    '$dex.github.clientSecret',
    '$argocd-secret:oidc.clientSecret',
    '$__file{/etc/secrets/admin}',
    '{{ .Values.password }}',
    '%(password)s',
    '%s',
    '{password}',
    '<password>',
    'ENC[AES256_GCM,data:abc=,type:str]',
    '!vault |',
    '!Ref DbPassword',
    '|',
    '>-',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf',
    'arn:aws:ssm:eu-west-1:123456789012:parameter/db/password',
    'ref+vault://secret/data/db#password',
    'op://vault/db/password',
  ])('%s is a reference', (value) => {
    expect(isReference(value)).toBe(true);
  });

  it.each(['changeme', 'CHANGE_ME', 'changeit', 'Password', 'secret', 'xxx', '*****', '---', 'your-token-here', 'insert_key', 'replace-me', 'REDACTED', 'TODO', 'none', 'false', 'my-example-secret', 'dummy-token'])(
    '%s is a placeholder',
    (value) => {
      expect(isPlaceholder(value)).toBe(true);
    },
  );

  it.each(['hunter22', 'Pr0d-DB-Pass', 'admin', 'a8f5f167f44f4964', 'correct horse battery'])('%s is not a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(false);
  });

  it('applies length, path, URL and prose rules', () => {
    expect(isLiteralCredential('admin', PASSWORD)).toBe(true);
    expect(isLiteralCredential('abc', PASSWORD)).toBe(false);
    expect(isLiteralCredential('8080', PASSWORD)).toBe(false);
    expect(isLiteralCredential('123456', PASSWORD)).toBe(true);
    expect(isLiteralCredential('/run/secrets/db/password', PASSWORD)).toBe(false);
    expect(isLiteralCredential('https://vault.corp.example:8200', GENERATED)).toBe(false);
    expect(isLiteralCredential('set this in the vault please', PASSWORD)).toBe(false);
    expect(isLiteralCredential('correct horse battery', PASSWORD)).toBe(true);
  });

  it('asks generated secrets not to look like names', () => {
    expect(isLiteralCredential('my-tls-secret', GENERATED)).toBe(false);
    expect(isLiteralCredential('regcred', GENERATED)).toBe(false);
    expect(isLiteralCredential('short7', GENERATED)).toBe(false);
    expect(isLiteralCredential('two words-9', GENERATED)).toBe(false);
    expect(isLiteralCredential('a8f5f167f44f4964', GENERATED)).toBe(true);
    expect(isLiteralCredential('/q8Vd2Lk7HcTzM4pWx9Rb+NjE5sYaFu3GoKiC7w9', GENERATED)).toBe(true);
  });

  it('unquotes and measures entropy', () => {
    expect(unquote(` "a b" `)).toBe('a b');
    expect(unquote(`'x'`)).toBe('x');
    expect(unquote(`"unbalanced`)).toBe('"unbalanced');
    expect(entropy('aaaa')).toBe(0);
    expect(entropy('abcd')).toBe(2);
  });
});

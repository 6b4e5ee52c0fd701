import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { matchesIdentity, validateIdentities } from './identity.js';
import { decodeBase64 } from './encoding.js';
import { parsePublicKey, parseTrustedRoot, verifyImage } from './index.js';

describe('identity constraints', () => {
  const ids = [{ issuer: 'https://token.actions.githubusercontent.com', subjectRegExp: 'https://github\\.com/shop/.+' }];
  it('matches issuer exactly and the SAN pattern anchored', () => {
    expect(matchesIdentity({ subject: 'https://github.com/shop/api/.github/workflows/r.yml@refs/heads/main', issuer: ids[0]!.issuer }, ids)).toBe(true);
    expect(matchesIdentity({ subject: 'https://evil.example/https://github.com/shop/x', issuer: ids[0]!.issuer }, ids)).toBe(false);
    expect(matchesIdentity({ subject: 'https://github.com/shop/api', issuer: 'https://accounts.google.com' }, ids)).toBe(false);
    expect(matchesIdentity({ subject: 'dev@example.com', issuer: 'https://accounts.google.com' }, [{ issuer: 'https://accounts.google.com', subject: 'dev@example.com' }])).toBe(true);
  });
  it('refuses ill-formed constraints up front', () => {
    expect(() => validateIdentities([{ issuer: 'x' }])).toThrow('identities[0]: give exactly one of subject and subjectRegExp');
    expect(() => validateIdentities([{ issuer: 'x', subjectRegExp: '(' }])).toThrow(/^identities\[0\]\.subjectRegExp: /);
  });
});

describe('inputs', () => {
  it('decodes only strict base64', () => {
    expect(decodeBase64('aGk=')?.toString()).toBe('hi');
    for (const bad of ['', 'aGk', 'a Gk=', 'aG!k', 7]) expect(decodeBase64(bad)).toBeUndefined();
  });
  it('parses supported public keys and names unsupported ones', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(parsePublicKey(p256).keyId).toMatch(/^sha256:[0-9a-f]{64}$/);
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => parsePublicKey(k1)).toThrow('unsupported ECDSA curve secp256k1');
    expect(() => parsePublicKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toThrow(/^not a PEM public key/);
  });
  it('refuses trusted roots that are not', () => {
    expect(() => parseTrustedRoot('{')).toThrow(/^trusted root is not JSON/);
    expect(() => parseTrustedRoot('{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1"}')).toThrow('trusted root has no certificate authorities and no transparency logs');
  });
  it('refuses a digest that is not sha256', async () => {
    const source = { manifest: () => Promise.resolve(undefined), blob: () => Promise.reject(new Error('no')), referrers: () => Promise.resolve([]) };
    await expect(verifyImage(source, 'a/b', 'latest', {})).rejects.toThrow('image digest latest is not sha256:<64 hex>');
  });
});

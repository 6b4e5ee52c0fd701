/** Key pairs for signing tests, with the public half as PEM (what a user hands `--key`). */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';

export type TestKeyType = 'ecdsa-p256' | 'ed25519' | 'rsa';

export interface TestKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicPem: string;
}

export function generateTestKey(type: TestKeyType): TestKeyPair {
  const pair =
    type === 'ecdsa-p256'
      ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      : type === 'ed25519'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse-config.js';
import { formatConfigError } from './yaml-source.js';

const FILE = '.eksguard.yaml';

describe('admission.images', () => {
  it('reads both gates, with defaults for what is left out', () => {
    const { config, errors } = parseConfig(
      `
admission:
  images:
    signatures:
      keys: [keys/cosign.pub]
      identities:
        - { issuer: "https://token.actions.githubusercontent.com", subjectRegExp: "^https://github.com/acme/.*@refs/heads/main$" }
      trustedRoot: trusted_root.json
    vulnerabilities: { mode: warn, minSeverity: high, onlyFixable: true }
    whileUnknown: deny
    waitMs: 150
    allowPrivateRegistries: true
`,
      FILE,
    );
    expect(errors).toEqual([]);
    expect(config.admission?.images).toEqual({
      signatures: {
        mode: 'enforce',
        keys: ['keys/cosign.pub'],
        identities: [{ issuer: 'https://token.actions.githubusercontent.com', subjectRegExp: '^https://github.com/acme/.*@refs/heads/main$' }],
        trustedRoot: 'trusted_root.json',
      },
      vulnerabilities: { mode: 'warn', minSeverity: 'high', onlyFixable: true },
      whileUnknown: 'deny',
      waitMs: 150,
      ttlSeconds: 600,
      allowPrivateRegistries: true,
    });
    const minimal = parseConfig('admission:\n  images:\n    vulnerabilities: {}\n', FILE).config.admission?.images;
    expect(minimal).toEqual({ vulnerabilities: { mode: 'enforce', minSeverity: 'critical', onlyFixable: false }, whileUnknown: 'warn', waitMs: 100, ttlSeconds: 600, allowPrivateRegistries: false });
  });

  it('names every mistake with its line', () => {
    const errors = parseConfig(
      `admission:
  images:
    signatures:
      identities:
        - { issuer: x, subject: a, subjectRegExp: b }
        - { subjectRegExp: "(" }
    vulnerabilities: { minSeverity: bad, mode: block }
    whileUnknown: maybe
    waitMs: -1
    ttl: 5
    allowPrivateRegistries: maybe
`,
      FILE,
    ).errors.map(formatConfigError);
    expect(errors).toEqual([
      '.eksguard.yaml:10:5: admission.images.ttl: unknown key; expected one of signatures, vulnerabilities, whileUnknown, waitMs, ttlSeconds, allowPrivateRegistries',
      '.eksguard.yaml:5:11: admission.images.signatures.identities[0]: needs exactly one of `subject` and `subjectRegExp`',
      '.eksguard.yaml:6:11: admission.images.signatures.identities[1]: needs `issuer`: the OIDC issuer that vouched for the signer',
      '.eksguard.yaml:6:13: admission.images.signatures.identities[1].subjectRegExp: is not a regular expression: Invalid regular expression: /(/: Unterminated group',
      '.eksguard.yaml:3:5: admission.images.signatures: needs `keys` or `identities`: who must have signed the images',
      '.eksguard.yaml:7:42: admission.images.vulnerabilities.mode: must be one of enforce, warn, audit, not "block"',
      '.eksguard.yaml:7:24: admission.images.vulnerabilities.minSeverity: must be one of critical, high, medium, low, info, not "bad"',
      '.eksguard.yaml:8:5: admission.images.whileUnknown: must be one of deny, warn, allow, not "maybe"',
      '.eksguard.yaml:9:5: admission.images.waitMs: must be a whole number from 0 to 10000, not number -1',
      '.eksguard.yaml:11:5: admission.images.allowPrivateRegistries: must be true or false, not "maybe"',
    ]);
    expect(parseConfig('admission:\n  images: {}\n', FILE).errors.map(formatConfigError)).toEqual([
      '.eksguard.yaml:2:3: admission.images: needs `signatures`, `vulnerabilities` or both: image gates that check nothing are a mistake',
    ]);
  });
});

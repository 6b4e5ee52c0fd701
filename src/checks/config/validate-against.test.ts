import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse-config.js';
import { validateConfigAgainst, type KnownCheck } from './validate-against.js';
import { formatConfigError } from './yaml-source.js';

const KNOWN: KnownCheck[] = [
  'wl-privileged',
  'wl-host-network',
  'wl-image-latest',
  'rbac-wildcard',
  { id: 'sc-registry-not-allowed', options: { allowedRegistries: [], allowPublicEcr: true } },
  { id: 'wl-liveness-probe' },
];

function problems(text: string, known: readonly KnownCheck[] = KNOWN): string[] {
  const { config, errors } = parseConfig(text, '.eksguard.yaml');
  expect(errors).toEqual([]);
  return validateConfigAgainst(config, known).map(formatConfigError);
}

describe('validateConfigAgainst', () => {
  it('accepts known ids and globs that match', () => {
    expect(
      problems(`checks:
  enable: ["wl-*", rbac-wildcard]
  disable: [wl-image-latest]
  severity: { wl-privileged: high }
  options: { sc-registry-not-allowed: { allowedRegistries: [a] } }
exceptions:
  - checks: ["*"]
    reason: everything, for a sandbox cluster
`),
    ).toEqual([]);
  });

  it('reports unknown ids where they are written, with a suggestion', () => {
    expect(
      problems(`checks:
  enable: [wl-privilged]
  disable: ["rabc-*"]
  severity: { wl-image-lates: low }
exceptions:
  - checks: [wl-host-network, wl-hostnetwork]
    reason: r
`),
    ).toEqual([
      '.eksguard.yaml:2:12: checks.enable[0]: unknown check id "wl-privilged" (did you mean "wl-privileged"?)',
      '.eksguard.yaml:3:13: checks.disable[0]: "rabc-*" matches no check',
      '.eksguard.yaml:6:31: exceptions[0].checks[1]: unknown check id "wl-hostnetwork" (did you mean "wl-host-network"?)',
      '.eksguard.yaml:4:15: checks.severity.wl-image-lates: unknown check id "wl-image-lates" (did you mean "wl-image-latest"?)',
    ]);
  });

  it('refuses globs where one check must be named', () => {
    expect(problems('checks:\n  severity: { "wl-*": low }\n')).toEqual([
      '.eksguard.yaml:2:15: checks.severity["wl-*"]: "wl-*": name one check id here; globs are not allowed',
    ]);
  });

  it('checks option keys and value types against the check defaults', () => {
    expect(
      problems(`checks:
  options:
    sc-registry-not-allowed:
      allowedRegistry: [a]
      allowPublicEcr: "no"
    wl-liveness-probe: { ignoreJobs: true }
    wl-privileged: { anything: 1 }
    wl-ghost: {}
`),
    ).toEqual([
      '.eksguard.yaml:4:7: checks.options.sc-registry-not-allowed.allowedRegistry: sc-registry-not-allowed has no option "allowedRegistry" (did you mean "allowedRegistries"?)',
      '.eksguard.yaml:5:7: checks.options.sc-registry-not-allowed.allowPublicEcr: must be true or false, not "no"',
      '.eksguard.yaml:6:26: checks.options.wl-liveness-probe.ignoreJobs: wl-liveness-probe takes no options',
      '.eksguard.yaml:8:5: checks.options.wl-ghost: unknown check id "wl-ghost"',
    ]);
  });

  it('reports problems of an exception by its index in the file, even after an invalid one', () => {
    const { config } = parseConfig(
      'exceptions:\n  - reason: no checks\n  - checks: [wl-nope]\n    reason: r\n',
      '.eksguard.yaml',
    );
    expect(validateConfigAgainst(config, KNOWN).map(formatConfigError)).toEqual([
      '.eksguard.yaml:3:14: exceptions[1].checks[0]: unknown check id "wl-nope"',
    ]);
  });
});

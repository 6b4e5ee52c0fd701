import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_CHECKS } from '../registry.js';
import { defaultAdmissionConfig } from './config-types.js';
import { parseConfig } from './parse-config.js';
import { validateConfigAgainst } from './validate-against.js';
import { formatConfigError } from './yaml-source.js';

const FILE = '.eksguard.yaml';

function errorsOf(text: string): string[] {
  return parseConfig(text, FILE).errors.map(formatConfigError);
}

describe('admission section', () => {
  it('reads every key', () => {
    const { config, errors } = parseConfig(
      `
admission:
  mode: enforce
  checks: { wl-privileged: enforce, "wl-image-*": warn }
  namespaces:
    - { match: ["dev-*", sandbox], mode: warn }
    - match: [legacy]
      checks: { wl-privileged: audit }
  excludeNamespaces: [monitoring, "team-*-scratch"]
  excludeNamespaceLabels: { eksguard.dev/admission: disabled, legacy: true }
  minSeverity: medium
`,
      FILE,
    );
    expect(errors).toEqual([]);
    expect(config.admission).toEqual({
      mode: 'enforce',
      checks: { 'wl-privileged': 'enforce', 'wl-image-*': 'warn' },
      namespaces: [
        { match: ['dev-*', 'sandbox'], mode: 'warn', checks: {}, index: 0 },
        { match: ['legacy'], checks: { 'wl-privileged': 'audit' }, index: 1 },
      ],
      excludeNamespaces: ['monitoring', 'team-*-scratch'],
      excludeNamespaceLabels: { 'eksguard.dev/admission': 'disabled', legacy: 'true' },
      minSeverity: 'medium',
    });
  });

  it('is absent without the section, and defaults its keys (warn, low) when present', () => {
    expect(parseConfig('failOn: high\n', FILE).config.admission).toBeUndefined();
    expect(parseConfig('admission: {}\n', FILE).config.admission).toEqual(defaultAdmissionConfig());
    expect(defaultAdmissionConfig()).toMatchObject({ mode: 'warn', minSeverity: 'low' });
  });

  it('names file:line:column of every mistake', () => {
    expect(
      errorsOf(`admission:
  mode: deny
  checks: { wl-privileged: block }
  namespaces:
    - { match: [], mode: warn }
    - { match: [dev] }
    - { mach: [x], mode: warn }
  excludeNamespaces: kube-system
  excludeNamespaceLabels: { a: [b] }
  minSeverity: severe
  enforce: true
`),
    ).toEqual([
      '.eksguard.yaml:11:3: admission.enforce: unknown key; expected one of mode, checks, namespaces, excludeNamespaces, excludeNamespaceLabels, minSeverity, images',
      '.eksguard.yaml:2:3: admission.mode: must be one of enforce, warn, audit, not "deny"',
      '.eksguard.yaml:3:13: admission.checks.wl-privileged: must be one of enforce, warn, audit, not "block"',
      '.eksguard.yaml:5:9: admission.namespaces[0].match: must name at least one namespace or glob',
      '.eksguard.yaml:6:7: admission.namespaces[1]: needs `mode`, `checks` or both: a rule that changes nothing is a mistake',
      '.eksguard.yaml:7:9: admission.namespaces[2].mach: unknown key (did you mean "match"?)',
      '.eksguard.yaml:7:7: admission.namespaces[2].match: is required: the namespace names or globs this rule applies to',
      '.eksguard.yaml:8:3: admission.excludeNamespaces: must be a list of strings, not "kube-system"',
      '.eksguard.yaml:9:29: admission.excludeNamespaceLabels.a: must be a label value (string), not a list',
      '.eksguard.yaml:10:3: admission.minSeverity: must be one of critical, high, medium, low, info, not "severe"',
    ]);
  });

  it('drops a namespace rule with an error, so it cannot relax more than meant', () => {
    const { config } = parseConfig('admission:\n  namespaces:\n    - { match: [dev], mode: off }\n', FILE);
    expect(config.admission?.namespaces).toEqual([]);
  });

  it('has its check ids checked against the known checks, at their line', () => {
    const { config } = parseConfig(
      'admission:\n  checks: { wl-privilged: enforce, "nope-*": warn }\n  namespaces:\n    - { match: [dev], checks: { wl-host-pdi: warn } }\n',
      FILE,
    );
    expect(validateConfigAgainst(config, BUILT_IN_CHECKS).map(formatConfigError)).toEqual([
      '.eksguard.yaml:2:13: admission.checks.wl-privilged: unknown check id "wl-privilged" (did you mean "wl-privileged"?)',
      '.eksguard.yaml:2:36: admission.checks["nope-*"]: "nope-*" matches no check',
      '.eksguard.yaml:4:33: admission.namespaces[0].checks.wl-host-pdi: unknown check id "wl-host-pdi" (did you mean "wl-host-pid"?)',
    ]);
  });
});

describe('docs/configuration.md#admission', () => {
  const docs = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
  const section = docs.slice(docs.indexOf('## `admission`'), docs.indexOf('## The EKS baseline'));

  it('shows a valid example', () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const { config, errors } = parseConfig(example, FILE);
    expect(errors.map(formatConfigError)).toEqual([]);
    expect(validateConfigAgainst(config, BUILT_IN_CHECKS).map(formatConfigError)).toEqual([]);
    expect(config.admission?.namespaces).toHaveLength(2);
  });

  it('names the checks that run at admission: every one outside wl-*, and every wl-* one left out', () => {
    for (const check of BUILT_IN_CHECKS) {
      const named = section.includes(`\`${check.id}\``);
      if (check.id.startsWith('wl-')) expect(named, check.id).toBe(check.admission !== true);
      else if (check.admission === true) expect(named, check.id).toBe(true);
    }
  });
});

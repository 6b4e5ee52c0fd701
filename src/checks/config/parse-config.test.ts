import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, readConfigFile } from './parse-config.js';
import { formatConfigError } from './yaml-source.js';

const FILE = '.eksguard.yaml';

function errorsOf(text: string): string[] {
  return parseConfig(text, FILE).errors.map(formatConfigError);
}

describe('parseConfig', () => {
  it('reads every section of a complete file', () => {
    const { config, errors } = parseConfig(
      `
checks:
  enable: ["wl-*", rbac-wildcard]
  disable: [wl-liveness-probe]
  severity: { wl-image-latest: high }
  options:
    sc-registry-not-allowed:
      allowedRegistries: ["123456789012.dkr.ecr.*.amazonaws.com"]
baseline: false
exceptions:
  - checks: [wl-privileged, wl-host-network]
    resources:
      kind: DaemonSet
      namespace: monitoring
      name: "node-exporter*"
      labels: { app.kubernetes.io/name: node-exporter, tier: 1 }
      container: exporter
    reason: needs the host network to scrape node metrics
    expires: 2027-03-31
customChecks: [./policies/]
failOn: high
`,
      FILE,
    );
    expect(errors).toEqual([]);
    expect(config.checks).toEqual({
      enable: ['wl-*', 'rbac-wildcard'],
      disable: ['wl-liveness-probe'],
      severity: { 'wl-image-latest': 'high' },
      options: { 'sc-registry-not-allowed': { allowedRegistries: ['123456789012.dkr.ecr.*.amazonaws.com'] } },
    });
    expect(config.baseline).toBe(false);
    expect(config.exceptions).toEqual([
      {
        checks: ['wl-privileged', 'wl-host-network'],
        resources: {
          kind: 'DaemonSet',
          namespace: 'monitoring',
          name: 'node-exporter*',
          labels: { 'app.kubernetes.io/name': 'node-exporter', tier: '1' },
          container: 'exporter',
        },
        reason: 'needs the host network to scrape node metrics',
        expires: '2027-03-31',
        index: 0,
      },
    ]);
    expect(config.customChecks).toEqual(['./policies/']);
    expect(config.failOn).toBe('high');
    expect(config.file).toBe(FILE);
  });

  it('gives the defaults for an empty file or one holding only comments', () => {
    for (const text of ['', '# nothing yet\n']) {
      const { config, errors } = parseConfig(text, FILE);
      expect(errors).toEqual([]);
      expect(config.baseline).toBe(true);
      expect(config.checks.enable).toBeUndefined();
      expect(config.exceptions).toEqual([]);
    }
  });

  it('names file:line:column and path of a bad date', () => {
    const text = `exceptions:
  - checks: [wl-privileged]
    reason: legacy agent, replaced in Q1
    expires: 31/03/2027
`;
    expect(errorsOf(text)).toEqual(['.eksguard.yaml:4:5: exceptions[0].expires: must be a date (YYYY-MM-DD)']);
  });

  it('rejects dates that do not exist and dates YAML reads as numbers', () => {
    expect(errorsOf('exceptions: [{checks: [a], reason: r, expires: 2027-02-30}]')).toEqual([
      '.eksguard.yaml:1:39: exceptions[0].expires: must be a date (YYYY-MM-DD)',
    ]);
    expect(errorsOf('exceptions: [{checks: [a], reason: r, expires: 20270331}]')[0]).toMatch(/must be a date/);
  });

  it('reports unknown keys at every level, suggesting the key meant', () => {
    const text = `chekcs:
  enable: [wl-privileged]
checks:
  disabled: [wl-image-latest]
exceptions:
  - checks: [wl-privileged]
    reason: r
    resource: { kind: DaemonSet }
  - checks: [wl-privileged]
    reason: r
    resources: { knd: DaemonSet }
`;
    expect(errorsOf(text)).toEqual([
      '.eksguard.yaml:1:1: chekcs: unknown key (did you mean "checks"?)',
      '.eksguard.yaml:4:3: checks.disabled: unknown key (did you mean "disable"?)',
      '.eksguard.yaml:8:5: exceptions[0].resource: unknown key (did you mean "resources"?)',
      '.eksguard.yaml:11:18: exceptions[1].resources.knd: unknown key (did you mean "kind"?)',
    ]);
  });

  it('lists the allowed keys when nothing is close', () => {
    expect(errorsOf('waivers: []')).toEqual([
      '.eksguard.yaml:1:1: waivers: unknown key; expected one of checks, baseline, exceptions, customChecks, failOn, admission',
    ]);
  });

  it('reports wrong types with what was found', () => {
    const text = `checks:
  enable: wl-privileged
  severity:
    wl-image-latest: urgent
  options:
    wl-image-latest: true
baseline: "yes"
exceptions: { checks: [a] }
customChecks: [1]
failOn: everything
`;
    expect(errorsOf(text)).toEqual([
      '.eksguard.yaml:2:3: checks.enable: must be a list of strings, not "wl-privileged"',
      '.eksguard.yaml:4:5: checks.severity.wl-image-latest: must be one of critical, high, medium, low, info, not "urgent"',
      '.eksguard.yaml:6:5: checks.options.wl-image-latest: must be a map, not boolean true',
      '.eksguard.yaml:7:1: baseline: must be true or false, not "yes"',
      '.eksguard.yaml:8:1: exceptions: must be a list of exceptions, not a map',
      '.eksguard.yaml:9:16: customChecks[0]: must be a string, not number 1',
      '.eksguard.yaml:10:1: failOn: must be one of critical, high, medium, low, info, none; not "everything"',
    ]);
  });

  it('requires checks and a reason on every exception, and drops an invalid one', () => {
    const { config, errors } = parseConfig(
      `exceptions:
  - checks: [wl-privileged]
    resources: { namespace: ops }
  - reason: "forgot which checks"
  - checks: []
    reason: empty list
  - checks: [wl-host-network]
    reason: valid
`,
      FILE,
    );
    expect(errors.map(formatConfigError)).toEqual([
      '.eksguard.yaml:2:5: exceptions[0].reason: is required: say why the finding is acceptable; it is shown with every waived finding',
      '.eksguard.yaml:4:5: exceptions[1].checks: is required: the check ids (or globs, "*" for all) this exception waives',
      '.eksguard.yaml:5:5: exceptions[2].checks: must name at least one check id or glob',
    ]);
    expect(config.exceptions).toEqual([{ checks: ['wl-host-network'], reason: 'valid', index: 3 }]);
  });

  it('rejects label values that are not scalars', () => {
    expect(
      errorsOf('exceptions: [{checks: [a], reason: r, resources: {labels: {team: [x]}}}]'),
    ).toEqual(['.eksguard.yaml:1:60: exceptions[0].resources.labels.team: must be a label value (string), not a list']);
  });

  it('reports YAML syntax errors and duplicate keys with their position', () => {
    expect(errorsOf('checks:\n  enable: [a\nbaseline: true\n')[0]).toMatch(/^\.eksguard\.yaml:\d+:\d+: /);
    expect(errorsOf('baseline: true\nbaseline: false\n')).toEqual([
      '.eksguard.yaml:2:1: Map keys must be unique',
    ]);
  });

  it('rejects a file that is not a map', () => {
    expect(errorsOf('- checks: [a]\n')).toEqual(['.eksguard.yaml:1:1: must be a map, not a list']);
  });

  it('remembers where check ids are written', () => {
    const { config } = parseConfig('checks:\n  disable:\n    - wl-a\n    - wl-b\n', FILE);
    expect(config.positions.get('checks.disable[1]')).toEqual({ line: 4, column: 7 });
  });
});

describe('readConfigFile', () => {
  it('reads a file from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eksguard-config-'));
    const file = join(dir, '.eksguard.yaml');
    writeFileSync(file, 'failOn: critical\n');
    const { config, errors } = readConfigFile(file);
    expect(errors).toEqual([]);
    expect(config.failOn).toBe('critical');
    expect(config.file).toBe(file);
  });

  it('turns a missing file into one error', () => {
    const { errors } = readConfigFile('/nonexistent/.eksguard.yaml');
    expect(errors).toHaveLength(1);
    expect(formatConfigError(errors[0]!)).toMatch(/^\/nonexistent\/\.eksguard\.yaml: cannot read: ENOENT/);
  });
});

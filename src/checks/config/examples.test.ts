import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InventoryView } from '../../inventory/index.js';
import { loadManifestText } from '../../collect/files/index.js';
import { loadCustomChecks } from '../custom/load-custom-checks.js';
import { runChecks } from '../engine.js';
import { BUILT_IN_CHECKS } from '../registry.js';
import { buildPolicy } from './build-policy.js';
import { EKS_BASELINE } from './eks-baseline.js';
import { readConfigFile } from './parse-config.js';
import { selectChecks } from './select-checks.js';
import { validateConfigAgainst } from './validate-against.js';
import { formatConfigError } from './yaml-source.js';

const ROOT = new URL('../../../', import.meta.url);
const EXAMPLE = fileURLToPath(new URL('examples/config/.eksguard.yaml', ROOT));
const read = (path: string): string => readFileSync(new URL(path, ROOT), 'utf8');

describe('examples/config', () => {
  const { config, errors } = readConfigFile(EXAMPLE);
  const custom = loadCustomChecks(config.customChecks, dirname(EXAMPLE));
  const all = [...BUILT_IN_CHECKS, ...custom.checks];

  it('is a valid configuration for the built-in and its custom checks', () => {
    expect(errors.map(formatConfigError)).toEqual([]);
    expect(custom.errors.map(formatConfigError)).toEqual([]);
    expect(custom.checks.map((check) => check.id)).toEqual(['custom-app-uid-range', 'custom-team-label']);
    expect(validateConfigAgainst(config, all).map(formatConfigError)).toEqual([]);
  });

  it('selects, configures and waives custom checks like built-in ones', () => {
    const { checks, unknown } = selectChecks(all, config);
    expect(unknown).toEqual([]);
    expect(checks.map((check) => check.id)).toContain('custom-team-label');
    expect(checks.map((check) => check.id)).not.toContain('wl-image-not-digest');

    config.exceptions.push({
      checks: ['custom-*'],
      resources: { namespace: 'legacy' },
      reason: 'legacy namespace, retired in Q3',
    });
    const loaded = loadManifestText(
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: checkout, namespace: shop, labels: { team: paymnets } }
spec: { template: { spec: { containers: [{ name: app, image: checkout:1.4 }] } } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: old, namespace: legacy }
spec: { template: { spec: { containers: [{ name: app, image: old:1 }] } } }
`,
      'apps.yaml',
    );
    const view = new InventoryView({ source: { type: 'manifests' }, objects: loaded.objects, errors: [] }, loaded.sources);
    const teamLabel = checks.filter((check) => check.id === 'custom-team-label');
    const { policy } = buildPolicy(config, { now: new Date('2026-01-01') });
    const failures = runChecks(view, teamLabel, policy).filter((result) => result.status === 'fail');
    expect(failures.map((result) => [result.resource.name, result.path, result.waived?.reason])).toEqual([
      ['checkout', 'metadata.labels.team', undefined],
      ['old', 'metadata.labels', 'legacy namespace, retired in Q3'],
    ]);
  });
});

describe('the docs stay in step with the code', () => {
  it('show the example configuration verbatim', () => {
    expect(read('docs/configuration.md')).toContain(read('examples/config/.eksguard.yaml'));
  });

  it('show the custom check examples verbatim', () => {
    const docs = read('docs/custom-checks.md');
    expect(docs).toContain(read('examples/config/policies/team-label.yaml'));
    expect(docs).toContain(read('examples/config/policies/app-uid-range.yaml'));
  });

  it('show the EKS baseline as it is', () => {
    const code = (items: readonly string[]): string => items.map((item) => `\`${item}\``).join(', ');
    const table = [
      '| Component | Resource | Namespace | Containers | Waived checks | Why |',
      '| --- | --- | --- | --- | --- | --- |',
      ...EKS_BASELINE.map(
        (entry) =>
          `| ${entry.component} | ${entry.kind} \`${entry.name}\` | ${code(entry.namespaces)} | ${entry.containers ? code(entry.containers) : 'all'} | ${code(entry.checks)} | ${entry.reason} |`,
      ),
    ].join('\n');
    expect(read('docs/configuration.md'), `docs/configuration.md should end with:\n${table}`).toContain(table);
  });
});

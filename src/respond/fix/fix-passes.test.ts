import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../model/index.js';
import { InventoryView, refKey, refOf } from '../../inventory/index.js';
import { emptyLoad, loadManifestText } from '../../collect/files/index.js';
import { evaluate, type AnyCheck } from '../../checks/index.js';
import { check as capsNotDropped } from '../../checks/workload/wl-caps-not-dropped/check.js';
import { check as runAsRoot } from '../../checks/workload/wl-run-as-root/check.js';
import { fixManifests, type FixScanner, type ObjectOrigin } from './fix-passes.js';
import { kubectlPatchCommand, shellQuote } from './kubectl-patch.js';

function scannerOf(checks: AnyCheck[]): FixScanner {
  return (files) => {
    const loaded = emptyLoad();
    for (const [name, text] of files) loadManifestText(text, name, loaded);
    const inventory: Inventory = { source: { type: 'manifests' }, objects: loaded.objects, errors: [] };
    const { results } = evaluate(new InventoryView(inventory, loaded.sources), checks);
    const objects = new Map<string, ObjectOrigin[]>();
    for (const { object, origin } of loaded.objects) {
      if (origin.type === 'file') objects.set(refKey(refOf(object)), [{ file: origin.file, line: origin.line }]);
    }
    return { failures: results.filter((result) => result.status === 'fail'), objects, inputErrors: loaded.errors };
  };
}

const DEPLOYMENT = `# the API
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: shop/api:3.2 # pinned by CI
`;

describe('fixManifests', () => {
  it('applies two fixes that add the same securityContext in two rounds, and both findings go', () => {
    const report = fixManifests(new Map([['deploy.yaml', DEPLOYMENT]]), scannerOf([capsNotDropped, runAsRoot]), { includeSuggestions: true });
    expect(report.passes).toBe(2);
    expect(report.fixed.map((finding) => finding.checkId).sort()).toEqual(['wl-caps-not-dropped', 'wl-run-as-root']);
    expect(report.remaining).toEqual([]);
    expect(report.introduced).toEqual([]);
    expect(report.files.get('deploy.yaml')?.after).toBe(
      `${DEPLOYMENT}          securityContext:\n            capabilities:\n              drop:\n                - ALL\n            runAsNonRoot: true\n            runAsUser: 10001\n`,
    );
  });

  it('lists suggestions as manual without --include-suggestions and leaves their fields alone', () => {
    const report = fixManifests(new Map([['deploy.yaml', DEPLOYMENT]]), scannerOf([capsNotDropped, runAsRoot]), { includeSuggestions: false });
    expect(report.fixed.map((finding) => finding.checkId)).toEqual(['wl-caps-not-dropped']);
    expect(report.manual.map((note) => [note.finding.checkId, note.reason])).toEqual([
      ['wl-run-as-root', 'a suggestion: review it, then apply with --include-suggestions'],
    ]);
    expect(report.files.get('deploy.yaml')?.after).not.toContain('runAsUser');
  });

  it('reports a fix it must refuse (through an alias) as remaining, with why', () => {
    const aliased = `${DEPLOYMENT.replace('        - name: api', '        - name: api\n          securityContext: &sc {runAsNonRoot: true}')}        - name: sidecar\n          image: shop/sidecar:1.0\n          securityContext: *sc\n`;
    const report = fixManifests(new Map([['deploy.yaml', aliased]]), scannerOf([capsNotDropped]), { includeSuggestions: false });
    expect(report.remaining.map((note) => note.reason)).toEqual([
      expect.stringMatching(/anchor &sc/),
      expect.stringMatching(/alias \(\*sc\)/),
    ]);
    expect(report.files.size).toBe(0);
  });
});

describe('kubectl patch commands', () => {
  it('quote hostile names and values so they cannot leave their word', () => {
    expect(shellQuote("it's; rm -rf /")).toBe(`'it'\\''s; rm -rf /'`);
    expect(shellQuote('-n')).toBe(`'-n'`);
    const command = kubectlPatchCommand(
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api$(id)', namespace: 'shop' },
      [{ op: 'add', path: '/metadata/labels/x', value: "a'b" }],
    );
    expect(command).toBe(`kubectl patch 'deployment.apps/api$(id)' -n shop --type=json -p '[{"op":"add","path":"/metadata/labels/x","value":"a'\\''b"}]'`);
  });

  it('name core resources without a group', () => {
    expect(kubectlPatchCommand({ apiVersion: 'v1', kind: 'ServiceAccount', name: 'default', namespace: 'shop' }, [{ op: 'replace', path: '/automountServiceAccountToken', value: false }])).toBe(
      `kubectl patch serviceaccount/default -n shop --type=json -p '[{"op":"replace","path":"/automountServiceAccountToken","value":false}]'`,
    );
  });
});

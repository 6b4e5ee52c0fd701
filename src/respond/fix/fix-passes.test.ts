import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../model/index.js';
import { InventoryView, refKey, refOf } from '../../inventory/index.js';
import { emptyLoad, loadManifestText } from '../../collect/files/index.js';
import { evaluate, type AnyCheck } from '../../checks/index.js';
import { check as capsNotDropped } from '../../checks/workload/wl-caps-not-dropped/check.js';
import { check as runAsRoot } from '../../checks/workload/wl-run-as-root/check.js';
import { check as capsAddedDangerous } from '../../checks/workload/wl-caps-added-dangerous/check.js';
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
      const key = refKey(refOf(object));
      if (origin.type === 'file') objects.set(key, [...(objects.get(key) ?? []), { file: origin.file, line: origin.line }]);
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

describe('fixManifests on lists and copies', () => {
  it('removes two items of one list in separate rounds, so the second index still names its item', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: api, namespace: shop}\nspec:\n  containers:\n  - name: api\n    image: shop/api:1\n    securityContext:\n      capabilities:\n        add: [SYS_ADMIN, SYS_PTRACE, CHOWN]\n';
    const report = fixManifests(new Map([['pod.yaml', pod]]), scannerOf([capsAddedDangerous]), { includeSuggestions: true });
    expect(report.fixed).toHaveLength(2);
    expect(report.files.get('pod.yaml')?.after).toBe(pod.replace('[SYS_ADMIN, SYS_PTRACE, CHOWN]', '[CHOWN]'));
  });

  it('fixes every copy of an object that several documents and files hold, each where it is', () => {
    const copy = (image: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  containers:\n  - name: api\n    image: ${image}\n`;
    const added = '    securityContext:\n      capabilities:\n        drop:\n        - ALL\n';
    const files = new Map([
      ['a.yaml', `${copy('shop/api:1')}---\n# Source: chart/templates/pod.yaml\n${copy('shop/api:2')}`],
      ['b.yaml', copy('shop/api:3')],
    ]);
    const report = fixManifests(files, scannerOf([capsNotDropped]), { includeSuggestions: false });
    expect(report.remaining).toEqual([]);
    expect(report.fixed).toHaveLength(3);
    expect(report.files.get('a.yaml')?.after).toBe(`${copy('shop/api:1')}${added}---\n# Source: chart/templates/pod.yaml\n${copy('shop/api:2')}${added}`);
    expect(report.files.get('b.yaml')?.after).toBe(`${copy('shop/api:3')}${added}`);
  });

  it('counts as input errors only those the fixes caused, not a broken document already there', () => {
    const broken = `${DEPLOYMENT}---\napiVersion: v1\nkind: Pod\nmetadata: {name: broken\n`;
    const report = fixManifests(new Map([['deploy.yaml', broken]]), scannerOf([capsNotDropped]), { includeSuggestions: false });
    expect(report.fixed.map((finding) => finding.checkId)).toEqual(['wl-caps-not-dropped']);
    expect(report.inputErrors).toEqual([]);
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

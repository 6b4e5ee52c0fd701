import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadManifestBytes, loadManifestPaths, loadManifestText } from './index.js';

const POD = (name: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: app
spec:
  containers:
    - name: main
      image: nginx:1.27
`;

function names(text: string, file = 'in.yaml'): string[] {
  return loadManifestText(text, file).objects.map((entry) => entry.object.metadata?.name ?? '?');
}

describe('loading manifests', () => {
  it('reads multi-document YAML with the line where each object starts', () => {
    const loaded = loadManifestText(`# leading comment\n${POD('a')}---\n\n${POD('b')}...\n---\n${POD('c')}`, 'pods.yaml');
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects.map((entry) => [entry.object.metadata?.name, entry.origin])).toEqual([
      ['a', { type: 'file', file: 'pods.yaml', line: 2 }],
      ['b', { type: 'file', file: 'pods.yaml', line: 13 }],
      ['c', { type: 'file', file: 'pods.yaml', line: 24 }],
    ]);
  });

  it('expands List and typed lists, filling kind and apiVersion of typed items', () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'PodList',
      items: [{ metadata: { name: 'x', namespace: 'n' }, spec: { containers: [] } }],
    });
    const loaded = loadManifestText(json, 'pods.json');
    expect(loaded.objects[0]?.object).toMatchObject({ kind: 'Pod', apiVersion: 'v1' });
    expect(names(`apiVersion: v1\nkind: List\nitems:\n- ${POD('one').replace(/\n/g, '\n  ')}\n- ${POD('two').replace(/\n/g, '\n  ')}`)).toEqual(['one', 'two']);
  });

  it('keeps the Helm template of each rendered document', () => {
    const loaded = loadManifestText(`---\n# Source: shop/templates/web.yaml\n${POD('web')}`, '<stdin>');
    expect(loaded.objects[0]?.origin).toEqual({ type: 'file', file: '<stdin>', line: 3, helmSource: 'shop/templates/web.yaml' });
  });

  it('reports malformed YAML with its line and keeps the other documents', () => {
    const loaded = loadManifestText(`${POD('good')}---\napiVersion: v1\nkind: Pod\nmetadata: {name: [unclosed\n---\n${POD('also-good')}`, 'bad.yaml');
    expect(loaded.objects.map((entry) => entry.object.metadata?.name)).toEqual(['good', 'also-good']);
    expect(loaded.errors).toHaveLength(1);
    expect(loaded.errors[0]).toMatchObject({ file: 'bad.yaml' });
    expect(loaded.errors[0]?.line).toBeGreaterThanOrEqual(11);
    expect(loaded.errors[0]?.line).toBeLessThanOrEqual(14);
    expect(loaded.errors[0]?.message).toMatch(/invalid YAML/);
  });

  it('reports malformed JSON with its line', () => {
    const loaded = loadManifestText('{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "x",}\n}', 'bad.json');
    expect(loaded.objects).toHaveLength(0);
    expect(loaded.errors).toEqual([{ file: 'bad.json', line: 4, message: expect.stringMatching(/invalid JSON/) }]);
  });

  it('refuses a YAML alias bomb without expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`);
    }
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  ${levels.join('\n  ')}\n`;
    const started = Date.now();
    const loaded = loadManifestText(text, 'bomb.yaml');
    expect(Date.now() - started).toBeLessThan(10_000); // a guard against hanging, not a speed target
    expect(loaded.objects).toHaveLength(0);
    expect(loaded.errors[0]).toMatchObject({ file: 'bomb.yaml', line: 1, message: expect.stringMatching(/alias/) });
  });

  it('refuses a 50 MB document, naming its size', () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n  blob: "${'x'.repeat(50 * 1024 * 1024)}"\n`;
    const loaded = loadManifestText(`${POD('before')}---\n${big}`, 'huge.yaml');
    expect(names(`${POD('before')}`)).toEqual(['before']);
    expect(loaded.objects.map((entry) => entry.object.metadata?.name)).toEqual(['before']);
    expect(loaded.errors).toEqual([{ file: 'huge.yaml', line: 11, message: expect.stringMatching(/50\.0 MiB/) }]);
  });

  it('refuses deep nesting in YAML and JSON', () => {
    const deepYaml = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const yaml = loadManifestText(deepYaml, 'deep.yaml');
    expect(yaml.objects).toHaveLength(0);
    expect(yaml.errors[0]).toMatchObject({ file: 'deep.yaml', line: expect.any(Number) });
    const deepJson = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d"},"data":${'['.repeat(100000)}${']'.repeat(100000)}}`;
    const json = loadManifestText(deepJson, 'deep.json');
    expect(json.objects).toHaveLength(0);
    expect(json.errors[0]).toMatchObject({ file: 'deep.json', line: 1, message: expect.stringMatching(/nesting/) });
  });

  it('rejects wrong types with the path and line of the field', () => {
    const loaded = loadManifestText(
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers: "x"\n---\n${POD('ok')}`,
      'types.yaml',
    );
    expect(loaded.objects.map((entry) => entry.object.metadata?.name)).toEqual(['ok']);
    expect(loaded.errors).toEqual([
      { file: 'types.yaml', line: 8, message: 'Deployment web: spec.template.spec.containers must be a list, got string "x"; object skipped' },
    ]);
  });

  it('rejects objects without metadata or kind, and unknown built-in kinds, but keeps custom resources', () => {
    const loaded = loadManifestText(
      'apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nmetadata: {name: x}\n---\napiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: typo}\n---\napiVersion: velero.io/v1\nkind: Schedule\nmetadata: {name: daily, namespace: velero}\n---\n- just\n- a list\n',
      'odd.yaml',
    );
    expect(loaded.objects.map((entry) => entry.object.kind)).toEqual(['Schedule']);
    expect(loaded.errors.map((error) => [error.line, error.message])).toEqual([
      [1, 'Pod: metadata is missing or not a mapping; object skipped'],
      [4, 'object x: kind is missing or not a string; object skipped'],
      [8, 'Deploymnet typo: unknown kind "Deploymnet" in apps/v1; object skipped'],
      [15, 'expected a Kubernetes object (a mapping), got a list'],
    ]);
  });

  it('reports binary and non-UTF-8 files instead of parsing them', () => {
    expect(loadManifestBytes(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]), 'a.out').errors).toEqual([
      { file: 'a.out', line: 1, message: 'binary file (contains NUL bytes), not YAML or JSON' },
    ]);
    expect(loadManifestBytes(new Uint8Array([0x6b, 0x3a, 0x20, 0xff, 0xfe]), 'latin.yaml').errors[0]?.message).toMatch(/UTF-8/);
  });
});

describe('reading paths', () => {
  it('walks directories for YAML and JSON, reads stdin, and reports missing paths', async () => {
    const root = mkdtempSync(join(tmpdir(), 'eksguard-load-'));
    mkdirSync(join(root, 'nested', 'deeper'), { recursive: true });
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, 'a.yaml'), POD('a'));
    writeFileSync(join(root, 'nested', 'b.yml'), POD('b'));
    writeFileSync(join(root, 'nested', 'deeper', 'c.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'c' } }));
    writeFileSync(join(root, 'README.md'), '# not a manifest');
    writeFileSync(join(root, 'node_modules', 'x.yaml'), POD('ignored'));
    symlinkSync(root, join(root, 'nested', 'loop'));
    const stdin = Readable.from([Buffer.from(POD('from-stdin'))]);
    const loaded = await loadManifestPaths([root, '-', join(root, 'missing.yaml')], { stdin });
    expect(loaded.objects.map((entry) => entry.object.metadata?.name)).toEqual(['a', 'b', 'c', 'from-stdin']);
    expect(loaded.errors).toEqual([{ file: join(root, 'missing.yaml'), message: 'no such file or directory' }]);
  });

  it('leaves tooling files, Helm charts and values files out of directory walks, and says so', async () => {
    const root = mkdtempSync(join(tmpdir(), 'eksguard-skip-'));
    mkdirSync(join(root, 'chart', 'templates'), { recursive: true });
    mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(root, 'pod.yaml'), POD('kept'));
    writeFileSync(join(root, '.eksguard.yaml'), 'checks: {}\n');
    writeFileSync(join(root, '.github', 'workflows', 'ci.yml'), 'on: push\n');
    writeFileSync(join(root, 'values.yaml'), 'replicas: 2\n');
    writeFileSync(join(root, 'kustomization.yaml'), 'resources: [pod.yaml]\n');
    writeFileSync(join(root, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: x\nversion: 0.1.0\n');
    writeFileSync(join(root, 'chart', 'templates', 'd.yaml'), 'metadata:\n  name: {{ .Release.Name }}\n');
    const skipped: string[] = [];
    const loaded = await loadManifestPaths([root], { onSkip: (entry) => skipped.push(entry.path) });
    expect(loaded.objects.map((entry) => entry.object.metadata?.name)).toEqual(['kept']);
    expect(loaded.errors).toEqual([]);
    expect(skipped.sort()).toEqual([join(root, 'chart'), join(root, 'kustomization.yaml'), join(root, 'values.yaml')]);
    const chart = await loadManifestPaths([join(root, 'chart')]);
    expect(chart.errors).toEqual([{ file: join(root, 'chart'), message: expect.stringMatching(/Helm chart: scan its rendered output/) }]);
  });

});

describe('reading YAML as kubectl does', () => {
  it('applies merge keys and YAML 1.1 booleans, as go-yaml v2 does', () => {
    const loaded = loadManifestText(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec:\n  hostNetwork: yes\n  containers:\n  - name: a\n    image: x\n    securityContext: {<<: {privileged: on, runAsUser: 0}}\n',
      'merge.yaml',
    );
    expect(loaded.errors).toEqual([]);
    const spec = loaded.objects[0]?.object.spec as { hostNetwork: unknown; containers: Array<{ securityContext: unknown }> };
    expect(spec.hostNetwork).toBe(true);
    expect(spec.containers[0]?.securityContext).toEqual({ privileged: true, runAsUser: 0 });
  });

  it('keeps %YAML directives with their document', () => {
    const loaded = loadManifestText(`%YAML 1.2\n---\n${POD('directive')}`, 'd.yaml');
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects[0]?.origin).toMatchObject({ line: 3 });
  });

  it('survives kinds and groups named like Object properties', () => {
    const loaded = loadManifestText(
      'apiVersion: example.com/v1\nkind: constructor\nmetadata: {name: a}\n---\napiVersion: constructor/v1\nkind: toString\nmetadata: {name: b}\n---\napiVersion: v1\nkind: __proto__\nmetadata: {name: c}\n',
      'proto.yaml',
    );
    expect(loaded.objects.map((entry) => entry.object.metadata?.name)).toEqual(['a', 'b']);
    expect(loaded.errors).toEqual([{ file: 'proto.yaml', line: 10, message: '__proto__ c: unknown kind "__proto__" in v1; object skipped' }]);
  });

  it('does not mistake a large document with an & in a comment for an alias bomb', () => {
    const data = Array.from({ length: 30_000 }, (_, index) => `  k${index}: v${index}`).join('\n');
    const loaded = loadManifestText(`# R&D team\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n${data}\n`, 'big.yaml');
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects).toHaveLength(1);
  });

  it('places a document behind a long comment header on its first line', () => {
    const header = Array.from({ length: 300 }, (_, index) => `# licence line ${index}`).join('\n');
    const loaded = loadManifestText(`${header}\n${POD('late')}`, 'hdr.yaml');
    expect(loaded.objects[0]?.origin).toMatchObject({ line: 301 });
  });
});

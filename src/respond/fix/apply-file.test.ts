import { describe, expect, it } from 'vitest';
import type { JsonPatchOperation } from '../../model/index.js';
import { applyFixesToFile, type FileFix } from './apply-file.js';

const API = { kind: 'Deployment', name: 'api', namespace: 'shop' };

function fix(operations: JsonPatchOperation[], ref = API, id = 'f1'): FileFix {
  return { id, ref, operations };
}

function applied(name: string, text: string, fixes: FileFix[]): string {
  const outcome = applyFixesToFile(name, text, fixes);
  expect(outcome.failed).toEqual([]);
  return outcome.text;
}

describe('applyFixesToFile on YAML', () => {
  it('adds a block securityContext under a commented, indentless container list and keeps every other byte', () => {
    const before = [
      '# Deployment of the API (owned by team shop)',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: api',
      '  namespace: shop',
      "  labels: {app: api, tier: 'backend'}",
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: api # main process',
      '        image: "shop/api:3.2"',
      '',
      '      - name: metrics',
      '        image: prom/statsd-exporter:v0.27.1',
      '',
    ].join('\n');
    const after = applied('deploy.yaml', before, [
      fix([{ op: 'add', path: '/spec/template/spec/containers/0/securityContext', value: { runAsNonRoot: true, capabilities: { drop: ['ALL'] } } }]),
    ]);
    expect(after).toBe(
      [
        '# Deployment of the API (owned by team shop)',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: api',
        '  namespace: shop',
        "  labels: {app: api, tier: 'backend'}",
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '      - name: api # main process',
        '        image: "shop/api:3.2"',
        '        securityContext:',
        '          runAsNonRoot: true',
        '          capabilities:',
        '            drop:',
        '            - ALL',
        '',
        '      - name: metrics',
        '        image: prom/statsd-exporter:v0.27.1',
        '',
      ].join('\n'),
    );
  });

  it('appends to flow collections in flow style, with the file\'s padding', () => {
    const before = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: api, namespace: shop }',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - { name: api, image: shop/api:3.2, securityContext: { capabilities: { drop: [NET_RAW] } } }',
      '',
    ].join('\n');
    const after = applied('deploy.yaml', before, [
      fix([
        { op: 'add', path: '/spec/template/spec/containers/0/securityContext/capabilities/drop/-', value: 'ALL' },
        { op: 'add', path: '/spec/template/spec/containers/0/securityContext/runAsUser', value: 10001 },
      ]),
    ]);
    expect(after.split('\n')[7]).toBe(
      '        - { name: api, image: shop/api:3.2, securityContext: { capabilities: { drop: [NET_RAW, ALL] }, runAsUser: 10001 } }',
    );
    expect(after.split('\n').filter((_, index) => index !== 7)).toEqual(before.split('\n').filter((_, index) => index !== 7));
  });

  it('keeps 4-space indentation, indented sequences and CRLF line endings', () => {
    const before = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '    name: api',
      '    namespace: shop',
      'spec:',
      '    containers:',
      '        -   name: api',
      '            image: shop/api:3.2',
      '            securityContext:',
      '                privileged: true   # needed? (ticket 42)',
      '',
    ].join('\r\n');
    const after = applied('pod.yaml', before, [
      fix(
        [
          { op: 'replace', path: '/spec/containers/0/securityContext/privileged', value: false },
          { op: 'add', path: '/spec/containers/0/securityContext/capabilities', value: { drop: ['ALL'] } },
        ],
        { kind: 'Pod', name: 'api', namespace: 'shop' },
      ),
    ]);
    expect(after).toBe(
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '    name: api',
        '    namespace: shop',
        'spec:',
        '    containers:',
        '        -   name: api',
        '            image: shop/api:3.2',
        '            securityContext:',
        '                privileged: false   # needed? (ticket 42)',
        '                capabilities:',
        '                    drop:',
        '                        - ALL',
        '',
      ].join('\r\n'),
    );
  });

  it('patches one document of Helm output and leaves the others and their # Source comments alone', () => {
    const web = ['---', '# Source: shop/templates/web.yaml', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', '  namespace: shop', 'spec:', '  replicas: 2', ''];
    const api = ['---', '# Source: shop/templates/api.yaml', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', '  namespace: shop', 'spec:', '  replicas: 2', '  paused: false'];
    const before = [...web, ...api].join('\n');
    const after = applied('rendered.yaml', before, [fix([{ op: 'remove', path: '/spec/paused' }, { op: 'replace', path: '/spec/replicas', value: 3 }])]);
    expect(after).toBe([...web, ...api.slice(0, 8), '  replicas: 3', ''].join('\n').replace(/\n$/, '\n'));
  });

  it('patches the copy whose line the fix names, when one object is written twice, and finds a document by its line alone', () => {
    const copy = (replicas: number): string[] => ['apiVersion: apps/v1', 'kind: Deployment', 'metadata: { name: api, namespace: shop }', 'spec:', `  replicas: ${replicas}`];
    const other = ['--- # the web tier', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata: { name: web, namespace: shop }', 'spec: { replicas: 1 }'];
    const before = [...copy(1), ...other, '---', ...copy(2), '---', ...copy(3), ''].join('\n');
    const second = { ...fix([{ op: 'replace', path: '/spec/replicas', value: 20 }]), line: 12 };
    const web = { ...fix([{ op: 'replace', path: '/spec/replicas', value: 5 }], { kind: 'Deployment', name: 'web', namespace: 'shop' }, 'f2'), line: 7 };
    const after = applied('copies.yaml', before, [second, web]);
    expect(after).toBe([...copy(1), ...other.slice(0, 4), 'spec: { replicas: 5 }', '---', ...copy(20), '---', ...copy(3), ''].join('\n'));
    // Without a line the first copy is the one.
    expect(applied('copies.yaml', before, [fix([{ op: 'replace', path: '/spec/replicas', value: 10 }])])).toBe(before.replace('replicas: 1\n', 'replicas: 10\n'));
  });

  it('never takes a copy that starts after the line within a stretch, asking the whole file instead', () => {
    const map = (name: string, value: string): string[] => ['apiVersion: v1', 'kind: ConfigMap', `metadata: { name: ${name}, namespace: shop }`, 'data:', `  v: "${value}"`];
    const before = [...map('a', 'first'), '---', ...map('b', 'b'), '...', ...map('a', 'second'), ''].join('\n');
    const ref = { kind: 'ConfigMap', name: 'a', namespace: 'shop' };
    const after = applied('maps.yaml', before, [{ ...fix([{ op: 'replace', path: '/data/v', value: 'fixed' }], ref), line: 7 }]);
    expect(after).toBe(before.replace('v: "first"', 'v: fixed'));
  });

  it('adds the /items/N prefix inside a kind: List', () => {
    const before = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: ServiceAccount',
      '  metadata: {name: web, namespace: shop}',
      '- apiVersion: v1',
      '  kind: ServiceAccount',
      '  metadata: {name: api, namespace: shop}',
      '',
    ].join('\n');
    const after = applied('list.yaml', before, [fix([{ op: 'add', path: '/automountServiceAccountToken', value: false }], { kind: 'ServiceAccount', name: 'api', namespace: 'shop' })]);
    expect(after).toBe(`${before}  automountServiceAccountToken: false\n`);
  });

  it('refuses a path through an alias, or into an anchor that aliases reuse, and leaves the text as it was', () => {
    const before = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: api, namespace: shop}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: api',
      '        securityContext: &restricted',
      '          runAsNonRoot: true',
      '      - name: sidecar',
      '        securityContext: *restricted',
      '',
    ].join('\n');
    const outcome = applyFixesToFile('deploy.yaml', before, [
      fix([{ op: 'add', path: '/spec/template/spec/containers/1/securityContext/runAsUser', value: 10001 }], API, 'through-alias'),
      fix([{ op: 'add', path: '/spec/template/spec/containers/0/securityContext/runAsUser', value: 10001 }], API, 'into-anchor'),
      fix([{ op: 'replace', path: '/spec/template/spec/containers/1/name', value: 'proxy' }], API, 'elsewhere'),
    ]);
    expect(outcome.failed.map((failure) => failure.id)).toEqual(['through-alias', 'into-anchor']);
    expect(outcome.failed[0]?.reason).toMatch(/is an alias \(\*restricted\)/);
    expect(outcome.failed[1]?.reason).toMatch(/anchor &restricted/);
    expect(outcome.text).toBe(before.replace('- name: sidecar', '- name: proxy'));
  });

  it('reports a failed test operation or a missing path as not applied and goes on with the others', () => {
    const before = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: shop\n';
    const ref = { kind: 'ServiceAccount', name: 'api', namespace: 'shop' };
    const outcome = applyFixesToFile('sa.yaml', before, [
      fix([{ op: 'test', path: '/automountServiceAccountToken', value: true }, { op: 'remove', path: '/metadata/name' }], ref, 'test-fails'),
      fix([{ op: 'add', path: '/metadata/labels/app', value: 'api' }], ref, 'no-parent'),
      fix([{ op: 'add', path: '/automountServiceAccountToken', value: false }], ref, 'ok'),
      fix([{ op: 'add', path: '/x', value: 1 }], { kind: 'ServiceAccount', name: 'web', namespace: 'shop' }, 'absent'),
    ]);
    expect(outcome.applied).toEqual(['ok']);
    expect(outcome.failed).toEqual([
      { id: 'test-fails', reason: 'path /automountServiceAccountToken does not exist' },
      { id: 'no-parent', reason: 'path /metadata/labels does not exist' },
      { id: 'absent', reason: 'ServiceAccount shop/web was not found in the file' },
    ]);
    expect(outcome.text).toBe(`${before}automountServiceAccountToken: false\n`);
  });

  it('removes a whole block entry, and an emptied block mapping becomes {}', () => {
    const before = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: aws-auth, namespace: kube-system}\ndata:\n  mapAccounts: |\n    - "111122223333"\n# end\n';
    const after = applied('cm.yaml', before, [fix([{ op: 'remove', path: '/data/mapAccounts' }], { kind: 'ConfigMap', name: 'aws-auth', namespace: 'kube-system' })]);
    expect(after).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: aws-auth, namespace: kube-system}\ndata: {}\n# end\n');
  });

  it('keeps quoting, blank lines and the missing final newline', () => {
    const before = "apiVersion: v1\nkind: Service\nmetadata:\n  name: 'web'\n  namespace: \"shop\"\n\nspec:\n  type: LoadBalancer";
    const after = applied('svc.yaml', before, [fix([{ op: 'replace', path: '/spec/type', value: 'ClusterIP' }, { op: 'add', path: '/spec/ports', value: [{ port: 80 }] }], { kind: 'Service', name: 'web', namespace: 'shop' })]);
    expect(after).toBe("apiVersion: v1\nkind: Service\nmetadata:\n  name: 'web'\n  namespace: \"shop\"\n\nspec:\n  type: ClusterIP\n  ports:\n    - port: 80");
  });
});

describe('applyFixesToFile writes strings Kubernetes reads as strings', () => {
  // kubectl reads YAML 1.1 (go-yaml v2): `yes`, `on`, `y`, `1_000` are not strings there.
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\n  namespace: shop\n  labels: {app: api}\nspec:\n  nodeSelector:\n    zone: a\n';
  const ref = { kind: 'Pod', name: 'api', namespace: 'shop' };

  it('quotes a string that YAML 1.1 would read as a boolean or number, in block and flow style', () => {
    const after = applied('pod.yaml', pod, [
      fix([{ op: 'add', path: '/spec/nodeSelector/spot', value: 'yes' }], ref, 'a'),
      fix([{ op: 'add', path: '/metadata/labels/canary', value: 'on' }], ref, 'b'),
      fix([{ op: 'add', path: '/metadata/annotations', value: { 'shop/replicas': '1_000', 'shop/mode': '0o17', 'shop/flag': 'n' } }], ref, 'c'),
    ]);
    expect(after).toBe(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\n  namespace: shop\n  labels: {app: api, canary: "on"}\n' +
        '  annotations:\n    shop/replicas: "1_000"\n    shop/mode: "0o17"\n    shop/flag: "n"\nspec:\n  nodeSelector:\n    zone: a\n    spot: "yes"\n',
    );
  });
});

describe('applyFixesToFile on JSON', () => {
  it('re-prints with the file\'s indentation and a List item prefix', () => {
    const before = '{\n    "apiVersion": "v1",\n    "kind": "List",\n    "items": [\n        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "api", "namespace": "shop"}}\n    ]\n}\n';
    const after = applied('list.json', before, [fix([{ op: 'add', path: '/automountServiceAccountToken', value: false }], { kind: 'ServiceAccount', name: 'api', namespace: 'shop' })]);
    expect(after).toBe(
      '{\n    "apiVersion": "v1",\n    "kind": "List",\n    "items": [\n        {\n            "apiVersion": "v1",\n            "kind": "ServiceAccount",\n            "metadata": {\n                "name": "api",\n                "namespace": "shop"\n            },\n            "automountServiceAccountToken": false\n        }\n    ]\n}\n',
    );
  });
});

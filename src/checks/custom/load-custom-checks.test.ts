import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatConfigError } from '../config/yaml-source.js';
import { scanCase } from '../test-support/check-tester.js';
import { loadCustomChecks, parseCustomChecks } from './load-custom-checks.js';

const HEADER = `apiVersion: eksguard.dev/v1
kind: CustomCheck
title: A custom check
severity: low
remediation: Fix it.
`;

function problems(text: string): string[] {
  return parseCustomChecks(text, 'policies/p.yaml').errors.map(formatConfigError);
}

describe('parseCustomChecks: compile errors name file:line:column', () => {
  it('points into a plain expression at the offending token', () => {
    expect(
      problems(`${HEADER}id: custom-a
match: { kinds: [Deployment] }
validations:
  - expression: "has(object.metadata) && objet.metadata.name != ''"
    message: m
`),
    ).toEqual(['policies/p.yaml:9:42: validations[0].expression: Unknown variable: objet']);
  });

  it('points into the right line of a block expression', () => {
    expect(
      problems(`${HEADER}id: custom-a
match: { workloads: true }
validations:
  - message: m
    expression: |
      has(podSpec.hostNetwork) &&
        podSpec.hostNetwork == true &&
        size(podSpec.containers) > 'one'
`),
    ).toEqual(['policies/p.yaml:13:9: validations[0].expression: no such overload: int > string']);
  });

  it('reports syntax errors and non-bool results', () => {
    const errors = problems(`${HEADER}id: custom-a
match: { kinds: [Service] }
validations:
  - { expression: "object.spec.type ==", message: m }
  - { expression: "size(object.spec)", message: m }
`);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^policies\/p\.yaml:9:\d+: validations\[0\]\.expression: /);
    expect(errors[1]).toBe(
      'policies/p.yaml:10:20: validations[1].expression: must evaluate to a bool (true when the object complies), not int',
    );
  });

  it('refuses the container variable outside forEach: container', () => {
    expect(
      problems(`${HEADER}id: custom-a
match: { workloads: true }
validations:
  - { expression: "container.image != ''", message: m }
`),
    ).toEqual(['policies/p.yaml:9:20: validations[0].expression: Unknown variable: container']);
  });
});

describe('parseCustomChecks: definitions are validated', () => {
  it('enforces the custom- prefix, apiVersion, kind and required fields', () => {
    expect(
      problems(`apiVersion: eksguard.dev/v2
kind: Check
id: wl-team-label
match: { kinds: [Deployment] }
validations: [{ expression: "true", message: m }]
`),
    ).toEqual([
      'policies/p.yaml:1:1: apiVersion: must be eksguard.dev/v1, not "eksguard.dev/v2"',
      'policies/p.yaml:2:1: kind: must be CustomCheck, not "Check"',
      'policies/p.yaml:1:1: title: is required',
      'policies/p.yaml:1:1: severity: is required',
      'policies/p.yaml:1:1: remediation: is required',
      'policies/p.yaml:3:1: id: must start with "custom-" and use lowercase letters, digits and dashes (custom-team-label)',
    ]);
  });

  it('reports unknown keys, bad matches, bad paths and bad placeholders', () => {
    expect(
      problems(`${HEADER}id: custom-a
serverity: high
match: { kinds: [deployment, Service], workloads: true }
forEach: pod
validations:
  - expression: "true"
    message: "{{container}} in {{namespce}}"
    path: "spec..template"
    level: high
`),
    ).toEqual([
      'policies/p.yaml:7:1: serverity: unknown key (did you mean "severity"?)',
      'policies/p.yaml:8:18: match.kinds[0]: "deployment" is not a Kubernetes kind (Deployment, Service, ...)',
      'policies/p.yaml:8:30: match.kinds[1]: "Service" has no pod template; drop it or workloads: true',
      'policies/p.yaml:9:1: forEach: must be container, not "pod"',
      'policies/p.yaml:14:5: validations[0].level: unknown key; expected one of expression, message, path',
    ]);
    expect(
      problems(`${HEADER}id: custom-a
match: { kinds: [Deployment] }
validations:
  - expression: "true"
    message: "{{container}} in {{namespce}}"
    path: "spec..template"
  - expression: "true"
    message: m
    path: container.image
`),
    ).toEqual([
      'policies/p.yaml:11:5: validations[0].path: cannot read a field name at ".template"; write fields dotted, indexes as [0] and odd keys as ["a/b"]',
      'policies/p.yaml:14:5: validations[1].path: a container path needs forEach: container',
    ]);
    expect(
      problems(`${HEADER}id: custom-a
match: { kinds: [Deployment] }
validations:
  - { expression: "true", message: "{{container}} in {{namespce}}" }
`),
    ).toEqual([
      'policies/p.yaml:9:27: validations[0].message: {{container}} needs forEach: container',
      'policies/p.yaml:9:27: validations[0].message: unknown placeholder {{namespce}}; use {{kind}}, {{namespace}}, {{name}}, {{container}}',
    ]);
  });

  it('needs kinds or workloads, and workloads for forEach', () => {
    expect(
      problems(`${HEADER}id: custom-a
match: {}
forEach: container
validations: [{ expression: "true", message: m }]
`),
    ).toEqual([
      'policies/p.yaml:7:1: match: must name kinds or set workloads: true',
      'policies/p.yaml:8:1: forEach: needs match.workloads: true (containers exist only in pod templates)',
    ]);
  });

  it('reads several checks from one stream and reports YAML errors with their line', () => {
    const two = parseCustomChecks(
      `${HEADER}id: custom-a\nmatch: { kinds: [Service] }\nvalidations: [{ expression: "true", message: m }]\n---\n${HEADER}id: custom-b\nmatch: { kinds: [Service] }\nvalidations: [{ expression: "true", message: m }]\n`,
      'p.yaml',
    );
    expect(two.errors).toEqual([]);
    expect(two.checks.map((check) => check.id)).toEqual(['custom-a', 'custom-b']);
    expect(problems('id: [custom-a\n')[0]).toMatch(/^policies\/p\.yaml:\d+:\d+: /);
  });
});

describe('custom checks at run time', () => {
  const { checks, errors } = parseCustomChecks(
    `${HEADER}id: custom-replicas
match: { kinds: [Deployment] }
validations:
  - expression: "object.spec.replicas >= 2"
    message: '{{name}} runs a single replica'
    path: spec.replicas
`,
    'policies/replicas.yaml',
  );
  const check = checks[0]!;

  it('compiles', () => {
    expect(errors).toEqual([]);
  });

  it('turns a runtime error into status error for that object only', () => {
    const { results } = scanCase(check, {
      name: 'runtime',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ok, namespace: shop }
spec: { replicas: 3, template: { spec: { containers: [{ name: a, image: a:1 }] } } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: single, namespace: shop }
spec: { replicas: 1, template: { spec: { containers: [{ name: a, image: a:1 }] } } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: defaulted, namespace: shop }
spec: { template: { spec: { containers: [{ name: a, image: a:1 }] } } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: typo, namespace: shop }
spec: { replicas: "2", template: { spec: { containers: [{ name: a, image: a:1 }] } } }
`,
    });
    const byName = Object.fromEntries(results.map((result) => [result.resource.name, result]));
    expect(byName.ok?.status).toBe('pass');
    expect(byName.single?.status).toBe('fail');
    expect(byName.single?.message).toBe('single runs a single replica');
    expect(byName.single?.path).toBe('spec.replicas');
    expect(byName.defaulted?.status).toBe('error');
    expect(byName.defaulted?.message).toBe(
      'check failed to run: policies/replicas.yaml:9: validations[0].expression: No such key: replicas',
    );
    expect(byName.typo?.status).toBe('error');
    expect(byName.typo?.message).toMatch(/no such overload: dyn<string> >= int/);
  });
});

describe('loadCustomChecks', () => {
  const policy = (id: string): string =>
    `${HEADER}id: ${id}\nmatch: { kinds: [Service] }\nvalidations: [{ expression: "true", message: m }]\n`;

  it('reads files and folders (recursively, yaml only) relative to the base folder', () => {
    const base = mkdtempSync(join(tmpdir(), 'eksguard-custom-'));
    mkdirSync(join(base, 'policies', 'nested'), { recursive: true });
    writeFileSync(join(base, 'policies', 'b.yaml'), policy('custom-b'));
    writeFileSync(join(base, 'policies', 'nested', 'c.yml'), policy('custom-c'));
    writeFileSync(join(base, 'policies', 'README.md'), '# not a policy');
    writeFileSync(join(base, 'single.yaml'), policy('custom-a'));
    const { checks, errors } = loadCustomChecks(['./single.yaml', 'policies'], base);
    expect(errors).toEqual([]);
    expect(checks.map((check) => check.id)).toEqual(['custom-a', 'custom-b', 'custom-c']);
  });

  it('reports a missing path and an id defined twice', () => {
    const base = mkdtempSync(join(tmpdir(), 'eksguard-custom-'));
    writeFileSync(join(base, 'one.yaml'), policy('custom-a'));
    writeFileSync(join(base, 'two.yaml'), policy('custom-a'));
    const { checks, errors } = loadCustomChecks(['one.yaml', 'two.yaml', 'gone/'], base);
    expect(checks.map((check) => check.id)).toEqual(['custom-a']);
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringMatching(/^custom-a is already defined in .*one\.yaml$/),
      expect.stringMatching(/^cannot read: ENOENT/),
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { RESOURCES } from './resources.js';

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  nonResourceURLs?: string[];
}

const documents = loadAll(readFileSync(new URL('../../../deploy/kubernetes/eksguard-reader.yaml', import.meta.url), 'utf8')) as Array<{ kind: string; metadata: { name: string }; rules?: Rule[] }>;
const role = (name: string): Rule[] => documents.find((doc) => doc.kind === 'ClusterRole' && doc.metadata.name === name)!.rules!;
const grants = (rules: Rule[]): string[] =>
  rules.flatMap((rule) => (rule.apiGroups ?? []).flatMap((group) => (rule.resources ?? []).flatMap((resource) => rule.verbs.map((verb) => `${verb} ${group}/${resource}`)))).sort();

describe('deploy/kubernetes/eksguard-reader.yaml', () => {
  it('grants get and list on exactly the resources the collector lists, Secrets and the node proxy apart', () => {
    const expected = RESOURCES.filter((spec) => spec.plural !== 'secrets').flatMap((spec) => [`get ${spec.group}/${spec.plural}`, `list ${spec.group}/${spec.plural}`]).sort();
    expect(grants(role('eksguard-reader'))).toEqual(expected);
    expect(grants(role('eksguard-reader-secrets'))).toEqual(['list /secrets']);
    expect(grants(role('eksguard-reader-kubelet'))).toEqual(['get /nodes/proxy']);
  });

  it('never grants a verb that writes, watches or reaches further than reading', () => {
    const verbs = new Set(documents.filter((doc) => doc.kind === 'ClusterRole').flatMap((doc) => doc.rules!.flatMap((rule) => rule.verbs)));
    expect([...verbs].sort()).toEqual(['get', 'list']);
    const resources = documents.flatMap((doc) => doc.rules ?? []).flatMap((rule) => rule.resources ?? []);
    expect(resources).not.toContain('*');
  });
});

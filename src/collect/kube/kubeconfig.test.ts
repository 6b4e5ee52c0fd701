import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubeconfigFiles, KubeconfigError, loadKubeconfig } from './kubeconfig.js';

function kubeconfig(dir: string, name: string, clusters: Record<string, string>, current?: string): string {
  const text = [
    'apiVersion: v1',
    'kind: Config',
    ...(current ? [`current-context: ${current}`] : []),
    'clusters:',
    ...Object.entries(clusters).flatMap(([cluster, server]) => [`- name: ${cluster}`, '  cluster:', `    server: ${server}`, '    certificate-authority: ca.crt']),
    'users:',
    '- name: me',
    '  user: { token: abc }',
    'contexts:',
    ...Object.keys(clusters).flatMap((cluster) => [`- name: ${cluster}`, '  context:', `    cluster: ${cluster}`, '    user: me']),
    '',
  ].join('\n');
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('loadKubeconfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eksguard-kubeconfig-'));

  it('uses an explicit file and its current context, with relative paths made absolute', () => {
    const file = kubeconfig(dir, 'one', { prod: 'https://prod.example:443', staging: 'https://staging.example:443' }, 'prod');
    const connection = loadKubeconfig({ kubeconfig: file, env: {} })!;
    expect(connection.context).toBe('prod');
    expect(connection.server).toBe('https://prod.example:443');
    expect(connection.config.getCurrentCluster()?.caFile).toBe(join(dir, 'ca.crt'));
  });

  it('switches to --context, and names the contexts it knows when the one asked for is missing', () => {
    const file = kubeconfig(dir, 'two', { prod: 'https://prod.example', staging: 'https://staging.example' }, 'prod');
    expect(loadKubeconfig({ kubeconfig: file, context: 'staging', env: {} })!.server).toBe('https://staging.example');
    expect(() => loadKubeconfig({ kubeconfig: file, context: 'dev', env: {} })).toThrow(new KubeconfigError(`context "dev" is not in ${file} (contexts: prod, staging)`));
  });

  it('merges KUBECONFIG files as kubectl does: the first current-context and the first definition win', () => {
    const first = kubeconfig(dir, 'a', { prod: 'https://first.example' });
    const second = kubeconfig(dir, 'b', { prod: 'https://second.example', staging: 'https://staging.example' }, 'staging');
    const missing = join(dir, 'nope');
    const env = { KUBECONFIG: [first, missing, second].join(delimiter) };
    expect(kubeconfigFiles({ env })).toEqual([first, second]);
    const merged = loadKubeconfig({ env })!;
    expect(merged.context).toBe('staging');
    expect(loadKubeconfig({ env, context: 'prod' })!.server).toBe('https://first.example');
  });

  it('falls back to ~/.kube/config, and to nothing at all', () => {
    const home = mkdtempSync(join(tmpdir(), 'eksguard-home-'));
    expect(loadKubeconfig({ env: { HOME: home } })).toBeUndefined();
    mkdirSync(join(home, '.kube'));
    kubeconfig(join(home, '.kube'), 'config', { prod: 'https://home.example' }, 'prod');
    expect(loadKubeconfig({ env: { HOME: home } })!.server).toBe('https://home.example');
  });

  it('explains a missing file, a missing current-context and a context without its cluster', () => {
    expect(() => loadKubeconfig({ kubeconfig: join(dir, 'absent'), env: {} })).toThrow(/^cannot read kubeconfig .*absent: ENOENT/);
    const none = kubeconfig(dir, 'none', { prod: 'https://prod.example' });
    expect(() => loadKubeconfig({ kubeconfig: none, env: {} })).toThrow(`${none} sets no current-context; pass --context`);
    const dangling = join(dir, 'dangling');
    writeFileSync(dangling, 'apiVersion: v1\nkind: Config\ncurrent-context: x\nclusters: []\nusers: [{name: me, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: gone, user: me}}]\n');
    expect(() => loadKubeconfig({ kubeconfig: dangling, env: {} })).toThrow(`context "x" names cluster "gone", which ${dangling} does not define`);
  });
});

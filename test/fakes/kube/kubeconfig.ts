import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FakeKubeconfigOptions {
  /** A static bearer token for the user. */
  token?: string;
  /** An exec credential plugin instead: the command and its arguments. */
  exec?: { command: string; args: string[]; env?: Array<{ name: string; value: string }> };
  context?: string;
  /** Extra contexts (pointing at the same server) to tell contexts apart in tests. */
  otherContexts?: string[];
}

/**
 * A kubeconfig for the fake API server. It serves plain HTTP, which client-node accepts only
 * with `insecure-skip-tls-verify`, as a kubeconfig for a local test server would say.
 */
export function writeFakeKubeconfig(dir: string, server: string, options: FakeKubeconfigOptions = {}): string {
  const context = options.context ?? 'prod';
  const user = options.exec
    ? [
        '    exec:',
        '      apiVersion: client.authentication.k8s.io/v1beta1',
        `      command: ${JSON.stringify(options.exec.command)}`,
        `      args: ${JSON.stringify(options.exec.args)}`,
        ...(options.exec.env ? [`      env: ${JSON.stringify(options.exec.env)}`] : []),
        '      interactiveMode: Never',
      ]
    : [`    token: ${JSON.stringify(options.token ?? 'fixture-token')}`];
  const contexts = [context, ...(options.otherContexts ?? [])];
  const text = [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${context}`,
    'clusters:',
    '- name: fake',
    '  cluster:',
    `    server: ${server}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    '- name: reader',
    '  user:',
    ...user,
    'contexts:',
    ...contexts.flatMap((name) => [`- name: ${name}`, '  context:', '    cluster: fake', '    user: reader']),
    '',
  ].join('\n');
  const file = join(dir, 'kubeconfig');
  writeFileSync(file, text);
  return file;
}

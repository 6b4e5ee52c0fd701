import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from './exit-codes.js';
import { COLLECTION_COMMANDS, CONTEXT_COMMANDS, planPluginRun, runKubectlPlugin, splitPluginFlags } from './kubectl-plugin.js';
import { Capture, run } from './test-support/run.js';
import { VERSION } from './version.js';

const PROD = 'arn:aws:eks:eu-west-1:111122223333:cluster/prod';
const STAGING = 'arn:aws:eks:us-east-2:111122223333:cluster/staging';

/** Two contexts as two `aws eks update-kubeconfig` runs leave them, plus a kind cluster. */
const KUBECONFIG = `apiVersion: v1
clusters:
- cluster:
    server: https://0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com
  name: ${PROD}
- cluster:
    server: https://FEDCBA9876543210.yl4.us-east-2.eks.amazonaws.com
  name: ${STAGING}
- cluster:
    server: https://127.0.0.1:40123
  name: kind-dev
contexts:
- context:
    cluster: ${PROD}
    user: ${PROD}
  name: ${PROD}
- context:
    cluster: ${STAGING}
    user: ${STAGING}
  name: ${STAGING}
- context:
    cluster: kind-dev
    user: kind-dev
  name: "kind-dev\\u001b[31m"
current-context: ${PROD}
kind: Config
preferences: {}
users:
- name: ${PROD}
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args: [--region, eu-west-1, eks, get-token, --cluster-name, prod, --output, json]
      command: aws
- name: ${STAGING}
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args: [--region, us-east-2, eks, get-token, --cluster-name, staging, --output, json]
      command: aws
- name: kind-dev
  user:
    token: kind-token
`;

let dir: string;
let io: { env: NodeJS.ProcessEnv; cwd: string };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'eksguard-kubectl-'));
  writeFileSync(join(dir, 'config'), KUBECONFIG);
  io = { env: { HOME: dir, KUBECONFIG: join(dir, 'config') }, cwd: dir };
});

async function plugin(args: string[], env: NodeJS.ProcessEnv = io.env) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runKubectlPlugin(args, { stdout, stderr, stdin: Readable.from([]), env, cwd: dir });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('splitPluginFlags', () => {
  it('takes --context and --kubeconfig from before or after the command, in both spellings', () => {
    expect(splitPluginFlags(['--context', 'a', 'scan', '--kubeconfig=/k', '--fail-on', 'high'])).toEqual({ context: 'a', kubeconfig: '/k', rest: ['scan', '--fail-on', 'high'] });
    expect(splitPluginFlags(['scan', '--context=b'])).toEqual({ context: 'b', rest: ['scan'] });
    // After `--` everything is an argument of the command.
    expect(splitPluginFlags(['detect', '--', '--context', 'c'])).toEqual({ rest: ['detect', '--', '--context', 'c'] });
    expect(() => splitPluginFlags(['scan', '--context'])).toThrow(new UsageError('--context needs a value'));
    expect(() => splitPluginFlags(['scan', '--kubeconfig='])).toThrow(new UsageError('--kubeconfig needs a value'));
  });
});

describe('planPluginRun', () => {
  it('turns `scan` into scan cluster of the current context, naming the cluster from its ARN', () => {
    expect(planPluginRun(['scan', '--fail-on', 'high'], io)).toEqual({
      argv: ['scan', 'cluster', '--name', 'prod', '--region', 'eu-west-1', '--context', PROD, '--fail-on', 'high'],
      note: `context ${PROD}: cluster prod (from the cluster ARN), region eu-west-1 (from the cluster ARN)`,
    });
  });

  it('uses --context wherever it is, and passes --kubeconfig on, resolved', () => {
    const other = { env: { HOME: dir }, cwd: dir };
    expect(planPluginRun(['--context', STAGING, '--kubeconfig', 'config', 'collect', '-o', 'x.json.gz'], other).argv).toEqual([
      'collect', '--name', 'staging', '--region', 'us-east-2', '--context', STAGING, '--kubeconfig', join(dir, 'config'), '-o', 'x.json.gz',
    ]);
    expect(planPluginRun(['who-can', 'cluster', 'get', 'secrets', `--context=${STAGING}`], io).argv).toEqual([
      'who-can', 'cluster', '--name', 'staging', '--region', 'us-east-2', '--context', STAGING, 'get', 'secrets',
    ]);
  });

  it('lets explicit --name and --region win, and adds nothing when both are given', () => {
    expect(planPluginRun(['scan', 'cluster', '--name', 'other', '--region=ap-south-1'], io)).toEqual({
      argv: ['scan', 'cluster', '--context', PROD, '--name', 'other', '--region=ap-south-1'],
    });
    expect(planPluginRun(['scan', '--region', 'ap-south-1'], io).argv).toEqual(['scan', 'cluster', '--name', 'prod', '--context', PROD, '--region', 'ap-south-1']);
  });

  it('says which of name and region it cannot derive, and how to pass them', () => {
    const call = () => planPluginRun(['scan', '--context', 'kind-dev\u001b[31m'], io);
    expect(call).toThrow(UsageError);
    // The message keeps the raw context name; runKubectlPlugin escapes it when printing.
    expect(call).toThrow('cannot tell which EKS cluster context "kind-dev\u001b[31m" is:\n  EKS cluster name: ');
    expect(call).toThrow(/ pass --name NAME\n {2}region: .*; pass --region REGION$/);
    // With the name given, only the region is missing; AWS_REGION then answers it, as eksguard reads it.
    expect(() => planPluginRun(['scan', '--context', 'kind-dev\u001b[31m', '--name', 'dev'], io)).toThrow(/is:\n {2}region: /);
    expect(planPluginRun(['scan', '--context', 'kind-dev\u001b[31m', '--name', 'dev'], { ...io, env: { ...io.env, AWS_REGION: 'eu-central-1' } }).argv).toEqual([
      'scan', 'cluster', '--context', 'kind-dev\u001b[31m', '--name', 'dev',
    ]);
  });

  it('stops on a context or kubeconfig that is not there', () => {
    expect(() => planPluginRun(['scan', '--context', 'nope'], io)).toThrow(/^context "nope" is not in .*config \(contexts: /);
    expect(() => planPluginRun(['collect', '-o', 'x'], { env: { HOME: join(dir, 'nohome') }, cwd: dir })).toThrow(/^no kubeconfig/);
    // Inside a pod, the service account is not a kubeconfig context.
    expect(() => planPluginRun(['scan'], { env: { HOME: join(dir, 'nohome'), KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' }, cwd: dir })).toThrow(/^no kubeconfig/);
  });

  it('moves --context to the command for the others that take it, and reads no kubeconfig for them', () => {
    const none = { env: {}, cwd: dir };
    expect(planPluginRun(['--context', 'x', 'respond', 'undo', 'id-1', '--apply'], none).argv).toEqual(['respond', 'undo', '--context', 'x', 'id-1', '--apply']);
    expect(planPluginRun(['compliance', '--framework', 'cis-eks-1.8', '--snapshot', 's.json'], none).argv).toEqual(['compliance', '--framework', 'cis-eks-1.8', '--snapshot', 's.json']);
    expect(planPluginRun(['scan', '--help'], none).argv).toEqual(['scan', 'cluster', '--help']);
  });

  it('runs other commands unchanged', () => {
    for (const args of [['checks', 'list'], ['scan', 'manifests', 'k8s', '--context', 'x'], ['paths', 'snapshot', 's.json'], ['--context', 'x', 'checks', 'list']]) {
      expect(planPluginRun(args, { env: {}, cwd: dir }).argv).toEqual(args);
    }
  });
});

describe('runKubectlPlugin', () => {
  it('prints its help alone or with --help, and the version with `version`', async () => {
    for (const args of [[], ['--help'], ['-h']]) {
      const result = await plugin(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('kubectl eksguard scan --context arn:aws:eks:eu-west-1:111122223333:cluster/prod --fail-on high');
    }
    expect(await plugin(['version'])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('exits 2 with the reason, kubeconfig values escaped', async () => {
    const result = await plugin(['scan', '--context', 'kind-dev\u001b[31m']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^kubectl eksguard: cannot tell which EKS cluster context "kind-dev\\x1B\[31m" is:\n {2}EKS cluster name: /);
    expect(result.stderr).not.toContain('\u001b');
  });

  it('hands usage errors of the command back as eksguard reports them', async () => {
    const result = await plugin(['scan', '--page-size', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`kubectl eksguard: ${`context ${PROD}: cluster prod (from the cluster ARN), region eu-west-1 (from the cluster ARN)`}\neksguard: --page-size must be a whole number from 1 to 10000, not "0"\n`);
  });
});

describe('the examples', () => {
  it('of the plugin help and docs/commands/kubectl-plugin.md name commands the plugin can place', async () => {
    const help = (await plugin(['--help'])).stdout;
    const docs = [...readFileSync(new URL('../../docs/commands/kubectl-plugin.md', import.meta.url), 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
    const examples = [help, ...docs].flatMap((text) => text.split('\n').map((line) => line.trim()).filter((line) => line.startsWith('kubectl eksguard ') && !/[<[]/.test(line)));
    expect(examples.length).toBeGreaterThan(10);
    for (const example of examples) {
      // The staging example reads its own kubeconfig; here the test's stands in for it.
      const args = example.replace('~/.kube/staging', join(dir, 'config')).split(/\s+/).slice(2);
      expect(() => planPluginRun(args, io), example).not.toThrow();
    }
  });
});

/** Every eksguard command path, walked through the help of the real CLI. */
async function commandPaths(path: string[] = []): Promise<Array<{ path: string; options: string }>> {
  const help = (await run([...path, '--help'])).stdout;
  const found = [{ path: path.join(' '), options: help.split(/^Options:$/m)[1]?.split(/^\S/m)[0] ?? '' }];
  const commands = help.split(/^Commands:$/m)[1]?.split(/^\S/m)[0] ?? '';
  for (const line of commands.split('\n')) {
    const name = /^ {2}([a-z][a-z-]*)/.exec(line)?.[1];
    if (name && name !== 'help') found.push(...(await commandPaths([...path, name])));
  }
  return found;
}

describe('the command tables', () => {
  it('name exactly the eksguard commands that take --context and --kubeconfig', async () => {
    const commands = await commandPaths();
    expect(commands.length).toBeGreaterThan(30);
    const withContext = commands.filter((command) => /^ {2}--context <context>/m.test(command.options)).map((command) => command.path);
    expect(withContext.sort()).toEqual([...COLLECTION_COMMANDS, ...CONTEXT_COMMANDS].sort());
    for (const command of commands.filter((entry) => withContext.includes(entry.path))) expect(command.options, command.path).toMatch(/^ {2}--kubeconfig <file>/m);
    // The collection commands are the ones that also take the cluster's --name and --region.
    const withName = commands.filter((command) => /^ {2}--name <cluster>/m.test(command.options)).map((command) => command.path);
    expect(withName.sort()).toEqual([...COLLECTION_COMMANDS, 'compliance'].sort());
  });
});

/**
 * Every container the chart renders runs an eksguard command line: each is parsed here by the
 * real CLI program (src/cli/main.ts) up to the command's action, which is not run, with the
 * `$(VAR)` references expanded as the kubelet expands them from the container's env. A renamed
 * or removed flag, a misspelt choice, a command that moved: the chart fails here, not in a pod.
 * Also `helm lint --strict` over several value sets, and the render with every component off.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { loadPolicy } from '../../src/cli/policy-loader.js';
import { run } from '../../src/cli/test-support/run.js';
import { LIMITS, MAX_SHARDS, parseShard } from '../../src/fleet/index.js';
import { ALL_COMPONENTS, CLUSTER, find, helmLint, podSpecOf, renderChart, type K8s, type PodSpec } from './chart.js';

type Container = PodSpec['containers'][number];

interface Reached {
  command: string;
  options: Record<string, unknown>;
  operands: string[];
}

let reached: Reached | undefined;

/** Until afterAll, the CLI parses up to the action of the command and stops there (exit 0). */
beforeAll(() => {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- applied to the program it was called on, below
  const parseAsync = Command.prototype.parseAsync;
  vi.spyOn(Command.prototype, 'parseAsync').mockImplementation(function (this: Command, ...args: Parameters<Command['parseAsync']>) {
    this.hook('preAction', (_program, action) => {
      const names: string[] = [];
      for (let command: Command | null = action; command; command = command.parent) names.unshift(command.name());
      reached = { command: names.slice(1).join(' '), options: action.opts(), operands: action.args };
      // The code runCli treats as a finished --help: nothing of the action runs.
      throw new CommanderError(0, 'commander.helpDisplayed', '(dry run)');
    });
    return parseAsync.apply(this, args);
  });
});

afterAll(() => {
  vi.restoreAllMocks();
});

/** `$(NAME)` as the kubelet expands it in args: from the container's env; `$$` escapes. */
function expand(arg: string, env: Record<string, string>): string {
  return arg.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string | undefined) => {
    if (name === undefined) return '$';
    const value = env[name];
    if (value === undefined) throw new Error(`$(${name}) in args, but ${name} is not in the container's env: the kubelet would pass it literally`);
    return value;
  });
}

/** What the container's env gives each variable in a running pod (stand-ins for Secret and field references). */
function envOf(container: Container, index: number): Record<string, string> {
  const env: Record<string, string> = {};
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else if (JSON.stringify(variable.valueFrom).includes('job-completion-index')) env[variable.name] = String(index);
    else if (variable.name === 'EKSGUARD_DB') env[variable.name] = 'postgres://eksguard:secret@db.internal:5432/eksguard';
    else env[variable.name] = `value-of-${variable.name}`;
  }
  return env;
}

/** The command each container's args reach in the real CLI, with their options, for completion index `index`. */
async function parseContainer(container: Container, index = 0): Promise<Reached> {
  const args = (container.args ?? []).map((arg) => expand(arg, envOf(container, index)));
  reached = undefined;
  const result = await run(args);
  expect(result.stderr, `${container.name}: eksguard ${args.join(' ')}`).toBe('');
  expect(result.code, `${container.name}: eksguard ${args.join(' ')}`).toBe(EXIT.ok);
  if (!reached) throw new Error(`${container.name}: eksguard ${args.join(' ')} reached no command`);
  return reached;
}

function workloads(objects: K8s[]): { where: string; container: Container }[] {
  return objects.flatMap((object) =>
    (podSpecOf(object)?.containers ?? []).map((container) => ({ where: `${object.kind}/${object.metadata.name}`, container })),
  );
}

/** The .eksguard.yaml of the scanner and the fleet (values: policy). */
const POLICY = [
  'exceptions:',
  '  - checks: [wl-privileged, wl-hostpath]',
  '    resources: { kind: DaemonSet, namespace: monitoring, name: "node-exporter*" }',
  '    reason: node-exporter reads host metrics from /proc and /sys',
  '    expires: 2027-03-31',
  'checks:',
  '  disable: [wl-image-not-digest]',
  '',
].join('\n');

/** Passed as a user would: `--set-file policy=.eksguard.yaml` (--set-string splits at commas). */
const policyDir = mkdtempSync(join(tmpdir(), 'eksguard-chart-policy-'));
const POLICY_FILE = join(policyDir, '.eksguard.yaml');
writeFileSync(POLICY_FILE, POLICY);

afterAll(() => {
  rmSync(policyDir, { recursive: true, force: true });
});

interface Volume {
  name: string;
  configMap?: { name: string; items?: { key: string; path: string }[] };
  projected?: { sources: { configMap?: { name: string; items?: { key: string; path: string }[] } }[] };
}

/**
 * The text a container finds at `path`, as the kubelet lays out its ConfigMap volumes: the
 * volume mounted over the path, then the ConfigMap key (or item) at the rest of it.
 */
function mountedFile(objects: K8s[], workload: K8s, containerName: string, path: string): string {
  const pod = podSpecOf(workload);
  // test/deploy/chart.ts types only what its checks read: the mounts are read raw.
  const container = pod?.containers.find((candidate) => candidate.name === containerName) as Record<string, unknown> | undefined;
  const mounts = container?.volumeMounts as { name: string; mountPath: string }[] | undefined;
  const mount = mounts?.find((candidate) => !relative(candidate.mountPath, path).startsWith('..'));
  if (!mount) throw new Error(`${containerName}: nothing mounted over ${path}`);
  const inVolume = relative(mount.mountPath, path);
  const volume = (pod?.volumes as Volume[] | undefined)?.find((candidate) => candidate.name === mount.name);
  const sources = volume?.projected ? volume.projected.sources.map((source) => source.configMap) : [volume?.configMap];
  for (const source of sources) {
    if (!source) continue;
    const key = source.items ? source.items.find((item) => item.path === inVolume)?.key : inVolume;
    const data = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name === source.name)?.data as Record<string, string> | undefined;
    if (key !== undefined && data?.[key] !== undefined) return data[key];
  }
  throw new Error(`${containerName}: volume ${mount.name} has no file ${inVolume}`);
}

/** The largest command lines: every component and every optional flag on. */
const EVERYTHING = [
  ...ALL_COMPONENTS,
  '--set-file', `policy=${POLICY_FILE}`,
  '--set', 'rbac.kubeletConfig=true',
  '--set', 'detector.sinks[0]=stdout',
  '--set', 'detector.sinks[1]=slack=env:SLACK_WEBHOOK_URL',
  '--set', 'detector.extraArgs[0]=--dedup-window=5m',
  '--set', 'scanner.extraArgs[0]=--scan-images',
  '--set', 'fleet.extraArgs[0]=--timeout=300',
];

describe('the command line of every container', async () => {
  const rendered = await renderChart(EVERYTHING);
  const containers = workloads(rendered.objects);
  const containerNamed = (name: string): Container => {
    const found = containers.find(({ container }) => container.name === name)?.container;
    if (!found) throw new Error(`no ${name} container`);
    return found;
  };

  it('renders the five workloads', () => {
    expect(containers.map(({ where, container }) => `${where} ${container.name}`).sort()).toEqual([
      'CronJob/eg-eksguard-scanner scanner',
      'Deployment/eg-eksguard-dashboard dashboard',
      'Deployment/eg-eksguard-detector detector',
      'Deployment/eg-eksguard-webhook webhook',
      'Job/eg-eksguard-fleet-1 fleet',
    ]);
  });

  it('is accepted by the eksguard command it names, options and values included', async () => {
    const commands: Record<string, Reached> = {};
    for (const { container } of containers) commands[container.name] = await parseContainer(container);
    expect(commands.scanner).toMatchObject({
      command: 'scan cluster',
      options: { name: 'prod', region: 'eu-west-1', failOn: 'none', kubeletConfig: true, scanImages: true, color: false, config: '/etc/eksguard/policy/.eksguard.yaml' },
    });
    expect(commands.webhook).toMatchObject({ command: 'webhook serve', options: { tlsCert: '/etc/eksguard/tls/tls.crt', config: '/etc/eksguard/config/.eksguard.yaml', failureMode: 'deny', auditLog: '-' } });
    expect(commands.detector).toMatchObject({
      command: 'detect',
      operands: [],
      options: { follow: true, cluster: 'prod', region: 'eu-west-1', format: 'jsonl', failOn: 'none', sink: ['stdout', 'slack=env:SLACK_WEBHOOK_URL'], dedupWindow: '5m' },
    });
    expect(commands.dashboard).toMatchObject({ command: 'serve', options: { db: 'postgres://eksguard:secret@db.internal:5432/eksguard', host: '0.0.0.0', port: '7420' } });
    expect(commands.fleet).toMatchObject({
      command: 'fleet scan',
      options: { config: '/etc/eksguard/fleet.yaml', policy: '/etc/eksguard/policy/.eksguard.yaml', shard: '0/5', concurrency: '4', failOn: 'none', timeout: '300' },
    });
  });

  it('mounts the policy where the scanner and the fleet are told to read it, and it loads as their policy', async () => {
    const policyPath = { scanner: (await parseContainer(containerNamed('scanner'))).options.config, fleet: (await parseContainer(containerNamed('fleet'))).options.policy };
    for (const [name, path] of Object.entries(policyPath)) {
      const workload = rendered.objects.find((object) => podSpecOf(object)?.containers.some((container) => container.name === name));
      if (!workload || typeof path !== 'string') throw new Error(`${name}: no workload or no policy flag`);
      const text = mountedFile(rendered.objects, workload, name, path);
      expect(text, `${name}: ${path}`).toBe(POLICY);
      // As the pod reads it: the real loader, the exception and the disabled check in force.
      const root = mkdtempSync(join(tmpdir(), 'eksguard-policy-'));
      try {
        const file = join(root, path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, text);
        const policy = loadPolicy({ configFile: file, baseline: true }, { cwd: root, env: {} } as Parameters<typeof loadPolicy>[1]);
        expect(policy.config.exceptions.map((exception) => exception.reason)).toEqual(['node-exporter reads host metrics from /proc and /sys']);
        expect(policy.checks.map((check) => check.id)).not.toContain('wl-image-not-digest');
        expect(policy.checks.map((check) => check.id)).toContain('wl-privileged');
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
  });

  it('gives each fleet pod its own shard, as `fleet scan` reads --shard', async () => {
    const fleet = containerNamed('fleet');
    const shards = [];
    for (let index = 0; index < 5; index++) shards.push(parseShard(String((await parseContainer(fleet, index)).options.shard)));
    expect(shards).toEqual([0, 1, 2, 3, 4].map((index) => ({ index, count: 5 })));
  });

  it('selects every pod with the default deny and with its own NetworkPolicy, and nothing else with that one', () => {
    const policies = rendered.objects.filter((object) => object.kind === 'NetworkPolicy');
    const labelsOf = (object: K8s): Record<string, string> => {
      const spec = object.spec as { template?: { metadata?: { labels?: Record<string, string> } }; jobTemplate?: { spec: { template: { metadata?: { labels?: Record<string, string> } } } } };
      return (spec.jobTemplate?.spec.template ?? spec.template)?.metadata?.labels ?? {};
    };
    const selects = (policy: K8s, labels: Record<string, string>): boolean => {
      const selector = (policy.spec as { podSelector: { matchLabels?: Record<string, string> } }).podSelector.matchLabels ?? {};
      return Object.entries(selector).every(([key, value]) => labels[key] === value);
    };
    const workloadObjects = rendered.objects.filter((object) => podSpecOf(object));
    for (const workload of workloadObjects) {
      const selecting = policies.filter((policy) => selects(policy, labelsOf(workload))).map((policy) => policy.metadata.name);
      expect(selecting, `${workload.kind}/${workload.metadata.name}`).toContain('eg-eksguard-default-deny');
      expect(selecting.length, `${workload.kind}/${workload.metadata.name}: ${selecting.join(', ')}`).toBe(2);
    }
    for (const policy of policies) {
      if (policy.metadata.name === 'eg-eksguard-default-deny') continue;
      expect(workloadObjects.filter((workload) => selects(policy, labelsOf(workload))).length, policy.metadata.name).toBe(1);
    }
  });

  it('keeps the token and the database password out of the command lines', () => {
    for (const { where, container } of containers) {
      expect(container.args?.join(' '), where).not.toMatch(/s3cret|--token/);
    }
  });
});

describe('fleet values the CLI would refuse', () => {
  const fleetWith = (...values: string[]) => renderChart([...ALL_COMPONENTS, ...values]);

  it('fails the render, naming the value, instead of every shard exiting 2', async () => {
    await expect(fleetWith('--set', `fleet.shards=${MAX_SHARDS + 1}`)).rejects.toThrow(new RegExp(`fleet\\.shards must be from 1 to ${MAX_SHARDS}`));
    await expect(fleetWith('--set', 'fleet.shards=0')).rejects.toThrow(/fleet\.shards must be from 1/);
    await expect(fleetWith('--set', `fleet.concurrency=${LIMITS.concurrency + 1}`)).rejects.toThrow(new RegExp(`fleet\\.concurrency must be from 1 to ${LIMITS.concurrency}`));
    await expect(fleetWith('--set', 'fleet.concurrency=0')).rejects.toThrow(/fleet\.concurrency must be from 1/);
  });

  it('does not retry a shard that ran to the end: exit 2 (usage) and 4 (some clusters failed after their own retries)', async () => {
    // A shard retried after exit 4 would scan and record its healthy clusters a second time.
    const job = find(await fleetWith(), 'Job', 'eg-eksguard-fleet-1');
    expect((job.spec as { podFailurePolicy: unknown }).podFailurePolicy).toEqual({
      rules: [{ action: 'FailIndex', onExitCodes: { containerName: 'fleet', operator: 'In', values: [2, 4] } }],
    });
  });
});

describe('the policy value', () => {
  it('is left out, flag and volume, when empty', async () => {
    const rendered = await renderChart(ALL_COMPONENTS);
    expect(rendered.objects.filter((object) => object.kind === 'ConfigMap').map((object) => object.metadata.name).sort()).toEqual(['eg-eksguard-fleet', 'eg-eksguard-webhook-config']);
    for (const { where, container } of workloads(rendered.objects)) expect(container.args?.join(' '), where).not.toContain('/etc/eksguard/policy');
  });

  it('fails the render when it is not YAML, instead of every scan exiting 2', async () => {
    await expect(renderChart([...ALL_COMPONENTS, '--set-string', 'policy=exceptions: [unclosed\n'])).rejects.toThrow(/policy is not valid YAML/);
    await expect(renderChart([...ALL_COMPONENTS, '--set-string', 'policy=customChecks: [checks/]\n'])).rejects.toThrow(/policy: customChecks name files beside the policy/);
  });
});

describe('helm lint --strict', () => {
  const valueSets: Record<string, string[]> = {
    'the dashboard on SQLite': [...CLUSTER, '--set', 'dashboard.enabled=true'],
    'cert-manager for the webhook': [...CLUSTER, '--set', 'webhook.enabled=true', '--set', 'webhook.certManager.enabled=true'],
    'a webhook configuration with label opt-outs': [
      ...CLUSTER,
      '--set', 'webhook.enabled=true',
      '--set-string', 'webhook.config=admission:\n  mode: enforce\n  excludeNamespaceLabels:\n    team: infra\n',
    ],
    'a scheduled fleet on an existing database Secret': [
      ...CLUSTER,
      '--set', 'database.existingSecret=eksguard-db',
      '--set', 'fleet.enabled=true',
      '--set', 'fleet.schedule=0 2 * * *',
      '--set-string', 'fleet.config=regions: [eu-west-1]',
      '--set-file', `policy=${POLICY_FILE}`,
    ],
    'a digest, Pod Identity, release-only default deny, no persistence': [
      ...CLUSTER,
      '--set', 'image.digest=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      '--set', 'networkPolicy.namespaceDefaultDeny=false',
      '--set', 'networkPolicy.podIdentityAgent=true',
      '--set', 'persistence.enabled=false',
      '--set', 'detector.enabled=true',
    ],
    'every component off': ['--set', 'scanner.enabled=false'],
  };
  for (const [name, values] of Object.entries(valueSets)) {
    it(`passes with ${name}`, async () => {
      await expect(helmLint(values)).resolves.toContain('0 chart(s) failed');
    });
  }
});

describe('helm template with every component off', () => {
  it('renders nothing at all without network policies, RBAC and ServiceAccount', async () => {
    const rendered = await renderChart(['--set', 'scanner.enabled=false', '--set', 'networkPolicy.enabled=false', '--set', 'rbac.create=false', '--set', 'serviceAccount.create=false']);
    expect(rendered.objects).toEqual([]);
  });

  it('needs no cluster name, and renders no workload, role or volume', async () => {
    const rendered = await renderChart(['--set', 'scanner.enabled=false']);
    expect(rendered.objects.map((object) => `${object.kind}/${object.metadata.name}`).sort()).toEqual(['NetworkPolicy/eg-eksguard-default-deny', 'ServiceAccount/eg-eksguard']);
  });
});

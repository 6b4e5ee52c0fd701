/**
 * The Helm chart as `helm lint` and `helm template` see it, and as eksguard scans what it
 * renders: no high or critical finding with every component on, and a values change that breaks
 * security makes the self-scan fail.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { run } from '../../src/cli/test-support/run.js';
import { helmBinary } from '../peers/kube-binaries.js';
import { ALL_COMPONENTS, CHART, CLUSTER, find, helmLint, podSecurityProblems, podSpecOf, renderChart, ROOT, writeRender, type K8s, type Rendered } from './chart.js';

interface ScanRow {
  checkId: string;
  severity: string;
  status: string;
  message: string;
  resource: { kind: string; namespace?: string; name: string };
  waived?: unknown;
}

/** The image's user (Dockerfile USER), which every pod of the chart must run as. */
const IMAGE_USER = Number(/^USER (\d+)/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))?.[1]);

/** Unwaived high and critical failures of `eksguard scan manifests` on a render. */
async function selfScan(rendered: Rendered): Promise<string[]> {
  const { file, dispose } = writeRender(rendered);
  try {
    const result = await run(['scan', 'manifests', file, '--format', 'json', '--fail-on', 'none', '--no-store'], { cwd: join(file, '..') });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { results: ScanRow[]; inputErrors: unknown[] };
    expect(report.inputErrors).toEqual([]);
    return report.results
      .filter((row) => row.status === 'fail' && !row.waived && (row.severity === 'high' || row.severity === 'critical'))
      .map((row) => `${row.severity} ${row.checkId} ${row.resource.kind}/${row.resource.name}: ${row.message}`);
  } finally {
    dispose();
  }
}

function containerOf(object: K8s, name: string) {
  const container = podSpecOf(object)?.containers.find((candidate) => candidate.name === name);
  if (!container) throw new Error(`${object.kind}/${object.metadata.name} has no container ${name}`);
  return container;
}

describe('helm lint', () => {
  it('passes --strict with the defaults and with every component on', async () => {
    await expect(helmLint(CLUSTER)).resolves.toContain('0 chart(s) failed');
    await expect(helmLint(ALL_COMPONENTS)).resolves.toContain('0 chart(s) failed');
  });
});

describe('helm template', async () => {
  const defaults = await renderChart(CLUSTER);
  const all = await renderChart(ALL_COMPONENTS);

  it('renders the scanner, its ServiceAccount and read-only RBAC by default, and nothing optional', () => {
    const kinds = defaults.objects.map((object) => `${object.kind}/${object.metadata.name}`).sort();
    expect(kinds).toEqual([
      'ClusterRole/eg-eksguard-reader',
      'ClusterRoleBinding/eg-eksguard-reader',
      'CronJob/eg-eksguard-scanner',
      'NetworkPolicy/eg-eksguard-default-deny',
      'NetworkPolicy/eg-eksguard-scanner',
      'PersistentVolumeClaim/eg-eksguard-data',
      'ServiceAccount/eg-eksguard',
    ]);
  });

  it('renders without the cluster: the scanner and the detector find the one they run in', async () => {
    const rendered = await renderChart(['--set', 'detector.enabled=true']);
    const scanner = containerOf(find(rendered, 'CronJob', 'eg-eksguard-scanner'), 'scanner');
    expect(scanner.args?.slice(0, 3)).toEqual(['scan', 'cluster', '--db']);
    expect(scanner.env?.map((entry) => entry.name)).not.toContain('AWS_REGION');
    // The scanner reads its automounted API token; the detector, which mounts none, gets a
    // token for an audience the API server refuses: it identifies the cluster, authorises nothing.
    const deployment = find(rendered, 'Deployment', 'eg-eksguard-detector');
    const detector = containerOf(deployment, 'detector');
    expect(detector.args?.slice(0, 3)).toEqual(['detect', '--follow', '--checkpoint']);
    expect(detector.env).toContainEqual({ name: 'EKSGUARD_SERVICE_ACCOUNT_TOKEN', value: '/var/run/secrets/eksguard/token' });
    expect(podSpecOf(deployment)?.automountServiceAccountToken).toBe(false);
    expect(podSpecOf(deployment)?.volumes).toContainEqual({
      name: 'identity-token',
      projected: { sources: [{ serviceAccountToken: { audience: 'eksguard-identity', expirationSeconds: 3600, path: 'token' } }] },
    });
    // With the name, no token is mounted: --cluster says which audit log.
    expect(podSpecOf(find(all, 'Deployment', 'eg-eksguard-detector'))?.volumes?.map((volume) => volume.name)).not.toContain('identity-token');
    expect(containerOf(find(all, 'Deployment', 'eg-eksguard-detector'), 'detector').env?.map((entry) => entry.name)).not.toContain('EKSGUARD_SERVICE_ACCOUNT_TOKEN');
    await expect(helmLint(['--set', 'detector.enabled=true'])).resolves.toContain('0 chart(s) failed');
  });

  it('renders the install line of the issue as written, and its self-scan has no high finding', async () => {
    // helm install eksguard ./deploy/helm/eksguard -n eksguard --create-namespace --set … as `helm template`.
    const args = ['template', 'eksguard', './deploy/helm/eksguard', '-n', 'eksguard', '--create-namespace', '--set', 'scanner.schedule=0 */6 * * *', '--set', 'webhook.enabled=true', '--set', 'detector.enabled=true'];
    const { stdout } = await promisify(execFile)(helmBinary(), args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, HELM_CACHE_HOME: tmpdir() } });
    const objects = parseAllDocuments(stdout).map((doc) => doc.toJS() as K8s | null).filter((object): object is K8s => object !== null);
    const rendered: Rendered = { text: stdout, objects };
    expect((find(rendered, 'CronJob', 'eksguard-scanner').spec as { schedule: string }).schedule).toBe('0 */6 * * *');
    expect(containerOf(find(rendered, 'CronJob', 'eksguard-scanner'), 'scanner').args).not.toContain('--name');
    find(rendered, 'Deployment', 'eksguard-webhook');
    find(rendered, 'Deployment', 'eksguard-detector');
    expect(podSecurityProblems(objects, IMAGE_USER)).toEqual([]);
    expect(await selfScan(rendered)).toEqual([]);
  });

  it('runs every container as the image user, read-only, unprivileged, with limits', () => {
    expect(IMAGE_USER).toBeGreaterThan(0);
    expect(podSecurityProblems(all.objects, IMAGE_USER)).toEqual([]);
    expect(all.objects.filter((object) => podSpecOf(object)).length).toBe(5);
  });

  it('mounts the API token only into the scanner', () => {
    const mounting = all.objects.filter((object) => {
      const pod = podSpecOf(object);
      return pod !== undefined && pod.automountServiceAccountToken !== false;
    });
    expect(mounting.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual(['CronJob/eg-eksguard-scanner']);
  });

  it('schedules the scanner from --set and points it at this cluster and the database', async () => {
    const rendered = await renderChart([...CLUSTER, '--set', 'scanner.schedule=15 3 * * *']);
    const cronJob = find(rendered, 'CronJob', 'eg-eksguard-scanner');
    expect((cronJob.spec as { schedule: string }).schedule).toBe('15 3 * * *');
    const scanner = containerOf(cronJob, 'scanner');
    expect(scanner.args?.slice(0, 6)).toEqual(['scan', 'cluster', '--name', 'prod', '--region', 'eu-west-1']);
    expect(scanner.args).toEqual(expect.arrayContaining(['--db', '$(EKSGUARD_DB)', '--fail-on', 'none']));
    expect(scanner.env).toContainEqual({ name: 'EKSGUARD_DB', value: '/var/lib/eksguard/eksguard.db' });
  });

  it('keeps the reader ClusterRole equal to deploy/kubernetes/eksguard-reader.yaml, without Secrets', () => {
    const reference = parseAllDocuments(readFileSync(join(ROOT, 'deploy', 'kubernetes', 'eksguard-reader.yaml'), 'utf8'))
      .map((doc) => doc.toJS() as K8s)
      .find((object) => object.kind === 'ClusterRole' && object.metadata.name === 'eksguard-reader');
    const role = find(defaults, 'ClusterRole', 'eg-eksguard-reader');
    expect(role.rules).toEqual(reference?.rules);
    expect(JSON.stringify(role.rules)).not.toContain('"secrets"');
  });

  it('runs the fleet as an Indexed Job, one shard per completion index, into the database Secret', () => {
    const job = find(all, 'Job', 'eg-eksguard-fleet-1');
    const spec = job.spec as Record<string, unknown>;
    expect(spec).toMatchObject({ completionMode: 'Indexed', completions: 5, parallelism: 5, backoffLimitPerIndex: 1 });
    const fleet = containerOf(job, 'fleet');
    expect(fleet.args?.join(' ')).toContain('fleet scan --config /etc/eksguard/fleet.yaml --shard $(JOB_COMPLETION_INDEX)/5 --db $(EKSGUARD_DB)');
    expect(fleet.env).toContainEqual({
      name: 'EKSGUARD_DB',
      valueFrom: { secretKeyRef: { name: 'eg-eksguard-database', key: 'url' } },
    });
    const config = find(all, 'ConfigMap', 'eg-eksguard-fleet');
    expect(parse((config.data as Record<string, string>)['fleet.yaml'] ?? '')).toEqual({ accounts: [{ id: '111122223333' }], regions: ['eu-west-1'] });
  });

  it('refuses a fleet without PostgreSQL', async () => {
    const sqlite = [...CLUSTER, '--set', 'fleet.enabled=true', '--set-string', 'fleet.config=regions: [eu-west-1]'];
    await expect(renderChart(sqlite)).rejects.toThrow(/fleet\.enabled needs PostgreSQL/);
  });

  it('serves the webhook with a generated certificate the caBundle trusts, for the Service name', () => {
    const secret = find(all, 'Secret', 'eg-eksguard-webhook-tls');
    const data = secret.data as Record<string, string>;
    const pem = (key: string): string => Buffer.from(data[key] ?? '', 'base64').toString();
    const ca = new X509Certificate(pem('ca.crt'));
    const cert = new X509Certificate(pem('tls.crt'));
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.subjectAltName).toContain('DNS:eg-eksguard-webhook.eksguard.svc');
    const configuration = find(all, 'ValidatingWebhookConfiguration', 'eg-eksguard-webhook.eksguard');
    const [hook] = configuration.webhooks as { clientConfig: { caBundle: string }; namespaceSelector: unknown }[];
    expect(hook?.clientConfig.caBundle).toBe(data['ca.crt']);
    expect(JSON.stringify(hook?.namespaceSelector)).toContain('["kube-system","eksguard"]');
    const pdb = find(all, 'PodDisruptionBudget', 'eg-eksguard-webhook');
    expect(pdb.spec).toMatchObject({ maxUnavailable: 1 });
    expect((find(all, 'Deployment', 'eg-eksguard-webhook').spec as { replicas: number }).replicas).toBe(2);
  });

  it('leaves the certificate to cert-manager when asked: a Certificate and the cainjector annotation', async () => {
    const rendered = await renderChart([...ALL_COMPONENTS, '--set', 'webhook.certManager.enabled=true']);
    const certificate = find(rendered, 'Certificate', 'eg-eksguard-webhook');
    expect(certificate.spec).toMatchObject({ secretName: 'eg-eksguard-webhook-tls' });
    const configuration = find(rendered, 'ValidatingWebhookConfiguration', 'eg-eksguard-webhook.eksguard');
    expect(configuration.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'eksguard/eg-eksguard-webhook' });
    expect(JSON.stringify(configuration.webhooks)).not.toContain('caBundle');
    expect(rendered.objects.some((object) => object.kind === 'Secret' && object.metadata.name === 'eg-eksguard-webhook-tls')).toBe(false);
  });

  it('mirrors `eksguard webhook manifests`: arguments, port, paths, rules', async () => {
    const image = 'public.ecr.aws/example/eksguard@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
    const generated = await run(['webhook', 'manifests', '--namespace', 'eksguard', '--image', image, '--cert-manager']);
    expect(generated.code, generated.stderr).toBe(0);
    const reference = parseAllDocuments(generated.stdout).map((doc) => doc.toJS() as K8s);
    const referenceDeployment = reference.find((object) => object.kind === 'Deployment');
    const referenceHook = (reference.find((object) => object.kind === 'ValidatingWebhookConfiguration')?.webhooks as Record<string, unknown>[])[0];
    if (!referenceDeployment || !referenceHook) throw new Error('webhook manifests printed no Deployment or webhook');
    const ours = containerOf(find(all, 'Deployment', 'eg-eksguard-webhook'), 'webhook');
    const theirs = containerOf(referenceDeployment, 'webhook');
    // The chart adds --port (a value); everything else is the same command line.
    const withoutPort = (ours.args ?? []).filter((arg, index, args) => arg !== '--port' && args[index - 1] !== '--port');
    expect(withoutPort).toEqual(theirs.args);
    expect(ours.ports?.[0]?.containerPort).toBe(theirs.ports?.[0]?.containerPort);
    const [hook] = find(all, 'ValidatingWebhookConfiguration', 'eg-eksguard-webhook.eksguard').webhooks as Record<string, unknown>[];
    for (const field of ['name', 'rules', 'failurePolicy', 'sideEffects', 'matchPolicy', 'timeoutSeconds', 'admissionReviewVersions']) {
      expect(hook?.[field], field).toEqual(referenceHook[field]);
    }
    const service = (hook?.clientConfig as { service: Record<string, unknown> }).service;
    expect(service).toMatchObject({ path: '/validate', port: 443, name: 'eg-eksguard-webhook' });
  });

  it('runs one detector with its checkpoint on a volume, replaced not rolled', () => {
    const deployment = find(all, 'Deployment', 'eg-eksguard-detector');
    expect(deployment.spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
    const detector = containerOf(deployment, 'detector');
    expect(detector.args?.join(' ')).toContain('detect --follow --cluster prod --region eu-west-1 --checkpoint /var/lib/eksguard-detector/checkpoint.json');
    expect(podSpecOf(deployment)?.volumes).toContainEqual({ name: 'checkpoint', persistentVolumeClaim: { claimName: 'eg-eksguard-detector' } });
  });

  it('listens on every address for the dashboard, with the token from a Secret', () => {
    const dashboard = containerOf(find(all, 'Deployment', 'eg-eksguard-dashboard'), 'dashboard');
    expect(dashboard.args).toEqual(expect.arrayContaining(['serve', '--host', '0.0.0.0']));
    expect(dashboard.env).toContainEqual({ name: 'EKSGUARD_TOKEN', valueFrom: { secretKeyRef: { name: 'eg-eksguard-dashboard-token', key: 'token' } } });
    const token = Buffer.from((find(all, 'Secret', 'eg-eksguard-dashboard-token').data as { token: string }).token, 'base64').toString();
    expect(token).toMatch(/^[A-Za-z0-9]{48}$/);
  });

  it('denies all traffic by default, never allows the instance metadata service, opens the webhook port', () => {
    const policies = all.objects.filter((object) => object.kind === 'NetworkPolicy');
    expect(find(all, 'NetworkPolicy', 'eg-eksguard-default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    for (const policy of policies) {
      for (const block of JSON.stringify(policy.spec).match(/"cidr":"0\.0\.0\.0\/0"[^}]*/g) ?? []) {
        expect(block, policy.metadata.name).toContain('169.254.169.254/32');
      }
    }
    expect(find(all, 'NetworkPolicy', 'eg-eksguard-webhook').spec).toMatchObject({ ingress: [{ ports: [{ protocol: 'TCP', port: 8443 }] }] });
  });
});

describe("eksguard's scan of the rendered chart", () => {
  it('reports no high or critical finding with every component on', async () => {
    const problems = await selfScan(await renderChart(ALL_COMPONENTS));
    expect(problems, `high/critical findings in the chart:\n${problems.join('\n')}`).toEqual([]);
  });

  it('fails when a value breaks security: a privileged scanner, Secrets readable', async () => {
    const problems = await selfScan(
      await renderChart([...ALL_COMPONENTS, '--set', 'scanner.securityContext.privileged=true', '--set', 'rbac.listSecrets=true']),
    );
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^critical wl-privileged CronJob\/eg-eksguard-scanner/), expect.stringMatching(/^high rbac-secrets-read ServiceAccount\/eg-eksguard/)]),
    );
  });

  it('the pod rules catch a writable root filesystem too', async () => {
    const rendered = await renderChart([...ALL_COMPONENTS, '--set', 'webhook.securityContext.readOnlyRootFilesystem=false']);
    expect(podSecurityProblems(rendered.objects, IMAGE_USER)).toEqual(['Deployment/eg-eksguard-webhook container webhook: root filesystem writable']);
  });

  it('is the chart in this repository', () => {
    expect(parse(readFileSync(join(CHART, 'Chart.yaml'), 'utf8'))).toMatchObject({ apiVersion: 'v2', name: 'eksguard', appVersion: '0.1.0' });
  });
});

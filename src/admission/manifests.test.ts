import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseConfig } from '../checks/config/index.js';
import { run } from '../cli/test-support/run.js';
import { createWebhookCertificates } from './certs.js';
import { ManifestOptionError, webhookManifests, type WebhookManifestOptions } from './manifests.js';

const IMAGE = `public.ecr.aws/eksguard/eksguard@sha256:${'b'.repeat(64)}`;
const certs = createWebhookCertificates({ service: 'eksguard-webhook', namespace: 'eksguard' });

// Parsed manifests are walked freely in assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;

function parse(yaml: string): Obj[] {
  const documents = parseAllDocuments(yaml);
  if (!Array.isArray(documents)) throw new Error('expected a stream');
  const objects: Obj[] = [];
  for (const document of documents) {
    expect(document.errors).toEqual([]);
    objects.push(document.toJS());
  }
  return objects;
}

function find(objects: Obj[], kind: string, name?: string): Obj {
  const found = objects.filter((object) => object.kind === kind && (name === undefined || object.metadata.name === name));
  expect(found, `${kind} ${name ?? ''}`).toHaveLength(1);
  return found[0];
}

async function manifests(extra: Partial<WebhookManifestOptions> = {}): Promise<Obj[]> {
  return parse(webhookManifests({ namespace: 'eksguard', image: IMAGE, caBundle: (await certs).caCert, ...extra }));
}

describe('webhookManifests with a CA bundle', () => {
  it('lists the objects in apply order and never embeds the private key', async () => {
    const yaml = webhookManifests({ namespace: 'eksguard', image: IMAGE, caBundle: (await certs).caCert });
    expect(yaml).not.toMatch(/PRIVATE KEY/);
    expect(yaml).toMatch(/^# .*\n# Create the TLS Secret first: kubectl -n eksguard create secret tls eksguard-webhook-tls /);
    expect(parse(yaml).map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      'Namespace/eksguard',
      'NetworkPolicy/default-deny',
      'ResourceQuota/eksguard-webhook',
      'LimitRange/eksguard-webhook',
      'PriorityClass/eksguard-webhook.eksguard',
      'ServiceAccount/eksguard-webhook',
      'ConfigMap/eksguard-webhook-config',
      'Deployment/eksguard-webhook',
      'Service/eksguard-webhook',
      'PodDisruptionBudget/eksguard-webhook',
      'NetworkPolicy/eksguard-webhook',
      'ValidatingWebhookConfiguration/eksguard-webhook.eksguard',
    ]);
  });

  it('runs two hardened, spread replicas of `webhook serve` with the TLS Secret and the configuration mounted read-only', async () => {
    const objects = await manifests();
    const deployment = find(objects, 'Deployment');
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
    for (const [key, value] of Object.entries(deployment.spec.selector.matchLabels)) expect(deployment.spec.template.metadata.labels[key]).toBe(value);
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm).toEqual({
      topologyKey: 'kubernetes.io/hostname',
      labelSelector: deployment.spec.selector,
    });
    expect(pod.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1 });
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(find(objects, 'ServiceAccount', pod.serviceAccountName).automountServiceAccountToken).toBe(false);
    expect(find(objects, 'PriorityClass', pod.priorityClassName).value).toBe(1_000_000);
    expect(container.image).toBe(IMAGE);
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.resources.limits).toEqual({ cpu: '1', memory: '256Mi' });
    expect(container.args).toEqual([
      'webhook', 'serve',
      '--tls-cert', '/etc/eksguard/tls/tls.crt',
      '--tls-key', '/etc/eksguard/tls/tls.key',
      '--config', '/etc/eksguard/config/.eksguard.yaml',
      '--namespace', 'eksguard',
      '--audit-log', '-',
      '--failure-mode', 'deny',
    ]);
    // An exec hook, not the `sleep` action that Kubernetes 1.29 (still supported by EKS) refuses.
    expect(container.lifecycle).toEqual({ preStop: { exec: { command: ['node', '-e', 'setTimeout(() => {}, 5000)'] } } });
    expect(pod.terminationGracePeriodSeconds).toBe(30);
    expect(container.ports).toEqual([{ name: 'https', containerPort: 8443, protocol: 'TCP' }]);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'https', scheme: 'HTTPS' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'https', scheme: 'HTTPS' });
    expect(container.volumeMounts).toEqual([
      { name: 'tls', mountPath: '/etc/eksguard/tls', readOnly: true },
      { name: 'config', mountPath: '/etc/eksguard/config', readOnly: true },
    ]);
    expect(pod.volumes).toEqual([
      { name: 'tls', secret: { secretName: 'eksguard-webhook-tls', defaultMode: 0o440 } },
      { name: 'config', configMap: { name: 'eksguard-webhook-config', defaultMode: 0o444 } },
    ]);
    const config = find(objects, 'ConfigMap', 'eksguard-webhook-config');
    expect(config.data['.eksguard.yaml']).toMatch(/^admission:\n {2}mode: warn$/m);
  });

  it('puts the Service on 443 in front of the container port, a PDB, and a NetworkPolicy opening only 8443', async () => {
    const objects = await manifests();
    const selector = find(objects, 'Deployment').spec.selector.matchLabels;
    const service = find(objects, 'Service');
    expect(service.spec).toEqual({ type: 'ClusterIP', selector, ports: [{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }] });
    expect(find(objects, 'PodDisruptionBudget').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    const policy = find(objects, 'NetworkPolicy', 'eksguard-webhook');
    expect(policy.spec).toEqual({ podSelector: { matchLabels: selector }, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP', port: 8443 }] }] });
    expect(find(objects, 'NetworkPolicy', 'default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(find(objects, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(find(objects, 'ResourceQuota').spec.hard).toMatchObject({ pods: '6', 'requests.cpu': '600m', 'limits.memory': '1536Mi', 'services.loadbalancers': '0' });
  });

  it('registers one v1 webhook on the guarded kinds, trusting the CA, excluding kube-system and its own namespace', async () => {
    const { caCert } = await certs;
    const configuration = find(await manifests(), 'ValidatingWebhookConfiguration');
    expect(configuration.apiVersion).toBe('admissionregistration.k8s.io/v1');
    expect(configuration.metadata.annotations).toBeUndefined();
    const [webhook] = configuration.webhooks;
    expect(configuration.webhooks).toHaveLength(1);
    expect(webhook).toMatchObject({
      name: 'validate.eksguard.dev',
      admissionReviewVersions: ['v1'],
      sideEffects: 'None',
      failurePolicy: 'Fail',
      timeoutSeconds: 5,
      matchPolicy: 'Equivalent',
    });
    expect(webhook.clientConfig.service).toEqual({ namespace: 'eksguard', name: 'eksguard-webhook', path: '/validate', port: 443 });
    expect(Buffer.from(webhook.clientConfig.caBundle, 'base64').toString()).toBe(caCert);
    expect(webhook.namespaceSelector.matchExpressions).toEqual([
      { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'eksguard'] },
      { key: 'eksguard.dev/admission', operator: 'NotIn', values: ['disabled'] },
    ]);
    expect(webhook.objectSelector).toBeUndefined();
    const byGroup = Object.fromEntries(webhook.rules.map((rule: Obj): [string, Obj] => [rule.apiGroups.join(), rule]));
    expect(Object.keys(byGroup)).toEqual(['', 'apps', 'batch', 'networking.k8s.io', 'rbac.authorization.k8s.io']);
    for (const rule of webhook.rules) {
      expect(rule.operations).toEqual(['CREATE', 'UPDATE']);
      expect(rule.apiVersions).toEqual(['v1']);
    }
    expect(byGroup[''].resources).toEqual(['pods', 'pods/ephemeralcontainers', 'replicationcontrollers', 'services', 'configmaps']);
    expect(byGroup.apps.resources).toEqual(['deployments', 'statefulsets', 'daemonsets', 'replicasets']);
    expect(byGroup.batch.resources).toEqual(['jobs', 'cronjobs']);
    expect(byGroup['networking.k8s.io'].resources).toEqual(['ingresses', 'networkpolicies']);
    expect(byGroup['rbac.authorization.k8s.io'].resources).toEqual(['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings']);
  });

  it('rolls the pods when the configuration changes: the pod template carries its digest', async () => {
    const digestOf = (objects: Obj[]): string => String(find(objects, 'Deployment').spec.template.metadata.annotations['checksum/config']);
    const warn = await manifests({ mode: 'warn' });
    const text = find(warn, 'ConfigMap').data['.eksguard.yaml'];
    expect(digestOf(warn)).toBe(createHash('sha256').update(text).digest('hex'));
    expect(digestOf(await manifests({ mode: 'warn' }))).toBe(digestOf(warn));
    expect(digestOf(await manifests({ mode: 'enforce' }))).not.toBe(digestOf(warn));
    expect(digestOf(await manifests({ config: 'admission:\n  mode: audit\n' }))).not.toBe(digestOf(warn));
  });

  it('follows the options: failure policy, timeout, replicas, service name, mode, configuration', async () => {
    const objects = await manifests({ failurePolicy: 'Ignore', timeoutSeconds: 10, replicas: 3, serviceName: 'guard', mode: 'enforce' });
    expect(find(objects, 'ValidatingWebhookConfiguration').webhooks[0]).toMatchObject({
      failurePolicy: 'Ignore',
      timeoutSeconds: 10,
      clientConfig: { service: { name: 'guard', namespace: 'eksguard' } },
    });
    const deployment = find(objects, 'Deployment', 'guard');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.template.spec.containers[0].args.slice(-2)).toEqual(['--failure-mode', 'allow']);
    expect(find(objects, 'Service', 'guard')).toBeDefined();
    expect(find(objects, 'ConfigMap', 'guard-config').data['.eksguard.yaml']).toMatch(/^ {2}mode: enforce$/m);
    expect(find(objects, 'ResourceQuota').spec.hard.pods).toBe('8');
  });

  it("ships a starter configuration the server's parser accepts, in the chosen mode", async () => {
    for (const mode of ['warn', 'enforce', 'audit'] as const) {
      const text = find(await manifests({ mode }), 'ConfigMap').data['.eksguard.yaml'];
      const { config, errors } = parseConfig(text, '.eksguard.yaml');
      expect(errors).toEqual([]);
      expect(config.admission?.mode).toBe(mode);
    }
  });

  it('ships a given configuration and excludes its namespace labels in the namespaceSelector', async () => {
    const text = 'admission:\n  mode: enforce\n  excludeNamespaceLabels:\n    team: sandbox\n    eksguard.dev/admission: paused\n';
    const objects = await manifests({ config: text });
    expect(find(objects, 'ConfigMap').data['.eksguard.yaml']).toBe(text);
    expect(find(objects, 'ValidatingWebhookConfiguration').webhooks[0].namespaceSelector.matchExpressions).toEqual([
      { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'eksguard'] },
      { key: 'eksguard.dev/admission', operator: 'NotIn', values: ['disabled', 'paused'] },
      { key: 'team', operator: 'NotIn', values: ['sandbox'] },
    ]);
    await expect(manifests({ config: 'admission:\n  mode: block\n' })).rejects.toThrow(
      /the configuration is invalid:\n\.eksguard\.yaml:2:\d+: admission\.mode: must be one of enforce, warn, audit/,
    );
  });

  it('rejects options that would produce a webhook the API server cannot call or trust', async () => {
    const { caCert, tlsCert } = await certs;
    const base = { namespace: 'eksguard', image: IMAGE, caBundle: caCert };
    const cases: [Partial<WebhookManifestOptions>, RegExp][] = [
      [{ caBundle: undefined }, /exactly one of a CA bundle/],
      [{ certManager: true }, /exactly one of a CA bundle/],
      [{ caBundle: tlsCert }, /not a CA certificate \(pass ca\.crt/],
      [{ caBundle: 'not a certificate' }, /not a PEM certificate/],
      [{ namespace: 'Eksguard' }, /not a valid namespace name/],
      [{ namespace: 'kube-system' }, /namespace of its own/],
      [{ serviceName: '9lives' }, /service name/],
      [{ image: 'two words' }, /not an image reference/],
      [{ timeoutSeconds: 31 }, /timeoutSeconds must be a whole number from 1 to 30/],
      [{ replicas: 0 }, /replicas must be/],
      [{ failurePolicy: 'Sometimes' as 'Fail' }, /failurePolicy must be Fail or Ignore/],
      [{ mode: 'block' as 'enforce' }, /mode must be one of enforce, warn, audit/],
    ];
    for (const [change, message] of cases) {
      expect(() => webhookManifests({ ...base, ...change }), JSON.stringify(change)).toThrow(ManifestOptionError);
      expect(() => webhookManifests({ ...base, ...change }), JSON.stringify(change)).toThrow(message);
    }
  });
});

describe('webhookManifests with cert-manager', () => {
  const objects = parse(webhookManifests({ namespace: 'guards', image: IMAGE, certManager: true }));

  it('bootstraps a CA with a self-signed Issuer and issues the serving certificate into the Secret the pods mount', () => {
    const serving = find(objects, 'Certificate', 'eksguard-webhook');
    expect(serving.apiVersion).toBe('cert-manager.io/v1');
    expect(serving.spec.dnsNames).toEqual(['eksguard-webhook', 'eksguard-webhook.guards', 'eksguard-webhook.guards.svc', 'eksguard-webhook.guards.svc.cluster.local']);
    expect(serving.spec.usages).toEqual(['digital signature', 'server auth']);
    expect(serving.spec.privateKey).toEqual({ algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' });
    const tlsVolume = find(objects, 'Deployment').spec.template.spec.volumes.find((volume: Obj) => volume.name === 'tls');
    expect(tlsVolume.secret.secretName).toBe(serving.spec.secretName);

    const caIssuer = find(objects, 'Issuer', serving.spec.issuerRef.name);
    expect(serving.spec.issuerRef).toEqual({ name: caIssuer.metadata.name, kind: 'Issuer', group: 'cert-manager.io' });
    const caCertificate = find(objects, 'Certificate', 'eksguard-webhook-ca');
    expect(caIssuer.spec).toEqual({ ca: { secretName: caCertificate.spec.secretName } });
    expect(caCertificate.spec.isCA).toBe(true);
    expect(find(objects, 'Issuer', caCertificate.spec.issuerRef.name).spec).toEqual({ selfSigned: {} });
    for (const object of objects.filter((candidate) => candidate.apiVersion === 'cert-manager.io/v1')) expect(object.metadata.namespace).toBe('guards');
  });

  it('has cert-manager inject the CA bundle from the serving Certificate instead of carrying one', () => {
    const configuration = find(objects, 'ValidatingWebhookConfiguration');
    expect(configuration.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'guards/eksguard-webhook' });
    expect(configuration.webhooks[0].clientConfig.caBundle).toBeUndefined();
    expect(configuration.webhooks[0].namespaceSelector.matchExpressions[0].values).toEqual(['kube-system', 'guards']);
  });
});

describe('the generated manifests pass eksguard\'s own scan', () => {
  function write(yaml: string): string {
    const file = join(mkdtempSync(join(tmpdir(), 'eksguard-webhook-')), 'webhook.yaml');
    writeFileSync(file, yaml);
    return file;
  }

  async function failures(file: string): Promise<{ checkId: string; severity: string }[]> {
    const result = await run(['scan', 'manifests', file, '--format', 'json', '--fail-on', 'none']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { results: { checkId: string; severity: string; status: string; waived?: unknown }[] };
    return report.results.filter((entry) => entry.status === 'fail');
  }

  it('has no finding at or above low, with a CA bundle or with cert-manager', async () => {
    const { caCert } = await certs;
    for (const yaml of [
      webhookManifests({ namespace: 'eksguard', image: IMAGE, caBundle: caCert }),
      webhookManifests({ namespace: 'eksguard', image: IMAGE, certManager: true }),
    ]) {
      const file = write(yaml);
      const result = await run(['scan', 'manifests', file, '--fail-on', 'high']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect((await run(['scan', 'manifests', file, '--fail-on', 'low'])).code).toBe(0);
      // Only cluster-wide observations and the webhook inventory remain, at info.
      expect((await failures(file)).map((entry) => `${entry.severity} ${entry.checkId}`).sort()).toEqual([
        'info mesh-mtls-not-strict',
        'info mon-admission-webhooks-inventory',
      ]);
    }
  });

  it('is judged for real: a fail-open policy or a privileged container would be reported', async () => {
    const { caCert } = await certs;
    const failOpen = write(webhookManifests({ namespace: 'eksguard', image: IMAGE, caBundle: caCert, failurePolicy: 'Ignore' }));
    expect((await failures(failOpen)).map((entry) => `${entry.severity} ${entry.checkId}`)).toContain('medium sc-webhook-fail-open');
    const privileged = write(
      webhookManifests({ namespace: 'eksguard', image: IMAGE, caBundle: caCert }).replace('privileged: false', 'privileged: true'),
    );
    expect((await run(['scan', 'manifests', privileged, '--fail-on', 'high'])).code).toBe(1);
  });
});

import { createHash, X509Certificate } from 'node:crypto';
import { stringify } from 'yaml';
import { formatConfigError, parseConfig } from '../checks/config/index.js';
import { webhookDnsNames } from './certs.js';
import { ADMISSION_MODES, type AdmissionMode } from './verdict-types.js';

export interface WebhookManifestOptions {
  namespace: string;
  /** The eksguard image; pin it by digest (`…/eksguard@sha256:…`). */
  image: string;
  /** Service (and object name prefix), default `eksguard-webhook`. */
  serviceName?: string;
  /** Default 2: one replica per node and zone as far as the scheduler can. */
  replicas?: number;
  /** PEM of the CA that signed the serving certificate (`ca.crt` of `webhook certs`). */
  caBundle?: string;
  /** Issue and rotate the serving certificate with cert-manager instead, which also injects the CA bundle. */
  certManager?: boolean;
  /** What the API server does when the webhook cannot answer (default `Fail`). */
  failurePolicy?: 'Fail' | 'Ignore';
  /** How long the API server waits for a verdict, 1–30 seconds (default 5). */
  timeoutSeconds?: number;
  /** The mode of the starter configuration (default `warn`); a given `config` sets its own. */
  mode?: AdmissionMode;
  /**
   * The `.eksguard.yaml` to ship in the ConfigMap instead of the starter configuration. Its
   * `admission.excludeNamespaceLabels` go into the webhook's namespaceSelector: the server cannot
   * see namespace labels, the API server can.
   */
  config?: string;
}

export class ManifestOptionError extends Error {
  override name = 'ManifestOptionError';
}

type Manifest = Record<string, unknown>;

export const DEFAULT_SERVICE_NAME = 'eksguard-webhook';
export const WEBHOOK_NAME = 'validate.eksguard.dev';
/** A namespace labelled with this key and value is skipped by the API server before it calls the webhook. */
export const OPT_OUT_LABEL = { key: 'eksguard.dev/admission', value: 'disabled' } as const;
const HTTPS_PORT = 8443;
const TLS_DIR = '/etc/eksguard/tls';
const CONFIG_DIR = '/etc/eksguard/config';
const CONFIG_FILE = '.eksguard.yaml';
/** A user and group no base image assigns (the distroless `nonroot` ids). */
const RUN_AS = 65532;
const PRE_STOP_SECONDS = 5;
/** Requests fit the verdict load of a large cluster (~10 ms per review); the limits bound a runaway. */
const CONTAINER_RESOURCES = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } };

/** Namespaces the cluster owns: the webhook's namespace is exempt from it and made `restricted`, which these must not be. */
const SHARED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The kinds the verdicts judge, by API group: every workload kind, its pods, and the objects with admission-safe checks. */
const GUARDED_RESOURCES: { group: string; resources: string[] }[] = [
  // pods/ephemeralcontainers: `kubectl debug` adds a container to a running pod through this subresource.
  { group: '', resources: ['pods', 'pods/ephemeralcontainers', 'replicationcontrollers', 'services', 'configmaps'] },
  { group: 'apps', resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'] },
  { group: 'batch', resources: ['jobs', 'cronjobs'] },
  { group: 'networking.k8s.io', resources: ['ingresses', 'networkpolicies'] },
  { group: 'rbac.authorization.k8s.io', resources: ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'] },
];

/** The configuration shipped when the user gives none: warn only, so a first rollout blocks nothing. */
export function starterConfig(mode: AdmissionMode): string {
  return [
    '# eksguard admission configuration: see docs/configuration.md and docs/commands/webhook.md',
    '# Start in warn mode, read the audit trail and the kubectl warnings, fix or waive, then enforce.',
    'admission:',
    `  mode: ${mode}`,
    'baseline: true',
    'exceptions: []',
    '',
  ].join('\n');
}

/** Label exclusions of the configuration to ship; an invalid configuration is refused here rather than crash-loop the pods. */
function configuredLabelExclusions(config: string | undefined): Record<string, string> {
  if (config === undefined) return {};
  const { config: parsed, errors } = parseConfig(config, CONFIG_FILE);
  if (errors.length > 0) {
    throw new ManifestOptionError(`the configuration is invalid:\n${errors.map((error) => formatConfigError(error)).join('\n')}`);
  }
  return parsed.admission?.excludeNamespaceLabels ?? {};
}

function validate(options: WebhookManifestOptions): void {
  if (!DNS_1123_LABEL.test(options.namespace)) {
    throw new ManifestOptionError(`namespace "${options.namespace}" is not a valid namespace name (lower-case letters, digits and "-", at most 63 characters)`);
  }
  if (SHARED_NAMESPACES.has(options.namespace)) {
    throw new ManifestOptionError(`namespace "${options.namespace}" is shared: install the webhook in a namespace of its own (it is exempt from the webhook and gets Pod Security "restricted")`);
  }
  const service = options.serviceName ?? DEFAULT_SERVICE_NAME;
  // The longest derived name is `<service>-selfsigned`; object names stay valid labels.
  if (!DNS_1035_LABEL.test(service) || service.length > 52) {
    throw new ManifestOptionError(`service name "${service}" must be a DNS label of at most 52 characters starting with a letter`);
  }
  if (options.image.trim() === '' || /\s/.test(options.image)) throw new ManifestOptionError(`image "${options.image}" is not an image reference`);
  const replicas = options.replicas ?? 2;
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 20) throw new ManifestOptionError(`replicas must be a whole number from 1 to 20, not ${String(options.replicas)}`);
  const timeout = options.timeoutSeconds ?? 5;
  // The API server accepts 1 to 30 seconds.
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 30) throw new ManifestOptionError(`timeoutSeconds must be a whole number from 1 to 30, not ${String(options.timeoutSeconds)}`);
  if (options.failurePolicy !== undefined && options.failurePolicy !== 'Fail' && options.failurePolicy !== 'Ignore') {
    throw new ManifestOptionError(`failurePolicy must be Fail or Ignore, not "${String(options.failurePolicy)}"`);
  }
  if (options.mode !== undefined && !ADMISSION_MODES.includes(options.mode)) {
    throw new ManifestOptionError(`mode must be one of ${ADMISSION_MODES.join(', ')}, not "${String(options.mode)}"`);
  }
  if ((options.caBundle === undefined) === !options.certManager) {
    throw new ManifestOptionError('give exactly one of a CA bundle (--ca) or cert-manager (--cert-manager): the API server must trust the serving certificate');
  }
  if (options.caBundle !== undefined) {
    let ca: X509Certificate;
    try {
      ca = new X509Certificate(options.caBundle);
    } catch {
      throw new ManifestOptionError('the CA bundle is not a PEM certificate');
    }
    if (!ca.ca) throw new ManifestOptionError('the CA bundle is not a CA certificate (pass ca.crt, not tls.crt)');
  }
}

/** Everything the webhook needs in the cluster, in apply order. */
export function webhookObjects(options: WebhookManifestOptions): Manifest[] {
  validate(options);
  const excludedLabels = configuredLabelExclusions(options.config);
  const namespace = options.namespace;
  const name = options.serviceName ?? DEFAULT_SERVICE_NAME;
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'admission-webhook', 'app.kubernetes.io/part-of': 'eksguard' };
  const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'admission-webhook' };
  const meta = (objectName: string, extra: Record<string, unknown> = {}): Manifest => ({ name: objectName, namespace, labels, ...extra });
  const secretName = `${name}-tls`;
  const configText = options.config ?? starterConfig(options.mode ?? 'warn');

  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: {
          'app.kubernetes.io/part-of': 'eksguard',
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
        },
      },
    },
    ...namespaceGuards(options.replicas ?? 2, name, namespace, labels),
    {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: priorityClassName(name, namespace), labels },
      // With failurePolicy Fail every guarded write waits on these pods: they must not be the ones preempted.
      // One million sits far above application tiers and far below the system classes (two billion).
      value: 1_000_000,
      globalDefault: false,
      preemptionPolicy: 'PreemptLowerPriority',
      description: 'eksguard admission webhook: guarded API writes depend on it',
    },
    // The server only reads the AdmissionReview it is sent: it never calls the Kubernetes API, so no token.
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(name), automountServiceAccountToken: false },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(`${name}-config`), data: { [CONFIG_FILE]: configText } },
    ...(options.certManager ? certManagerObjects(name, namespace, labels, secretName) : []),
    deployment(options, name, namespace, labels, selector, secretName, priorityClassName(name, namespace), configText),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(name),
      spec: { type: 'ClusterIP', selector, ports: [{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(name),
      spec: {
        // maxUnavailable 1 keeps n-1 replicas through a node drain and, unlike minAvailable 1, never blocks a drain when replicas is 1.
        maxUnavailable: 1,
        selector: { matchLabels: selector },
        // A crash-looping replica serves nothing; evicting it must not wait for it to become healthy.
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(name),
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        // The API server calls from the control plane's network interfaces in the cluster VPC, whose addresses
        // change with control plane updates, so no source selector can name it: port 8443 only, from anywhere.
        ingress: [{ ports: [{ protocol: 'TCP', port: HTTPS_PORT }] }],
      },
    },
    validatingWebhookConfiguration(options, name, namespace, labels, excludedLabels),
  ];
}

/** The objects as one multi-document YAML stream for `kubectl apply -f`. */
export function webhookManifests(options: WebhookManifestOptions): string {
  const documents = webhookObjects(options).map((object) => stringify(object, { lineWidth: 0, aliasDuplicateObjects: false }));
  const header = [
    '# eksguard admission webhook, generated by `eksguard webhook manifests`: see docs/commands/webhook.md',
    ...(options.certManager
      ? []
      : [`# Create the TLS Secret first: kubectl -n ${options.namespace} create secret tls ${options.serviceName ?? DEFAULT_SERVICE_NAME}-tls --cert=tls.crt --key=tls.key`]),
  ];
  return `${header.join('\n')}\n${documents.join('---\n')}`;
}

function deployment(
  options: WebhookManifestOptions,
  name: string,
  namespace: string,
  labels: Record<string, string>,
  selector: Record<string, string>,
  secretName: string,
  priorityClass: string,
  configText: string,
): Manifest {
  const probe = (path: string, periodSeconds: number): Manifest => ({
    httpGet: { path, port: 'https', scheme: 'HTTPS' },
    periodSeconds,
    timeoutSeconds: 2,
    failureThreshold: 3,
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas: options.replicas ?? 2,
      selector: { matchLabels: selector },
      // Start the new replica before stopping an old one, so a rollout never drops below the replica count.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels,
          // The server reads its configuration once, at start. A changed ConfigMap changes this
          // digest, so `kubectl apply` of the regenerated manifests rolls the pods onto it.
          annotations: { 'checksum/config': createHash('sha256').update(configText).digest('hex') },
        },
        spec: {
          serviceAccountName: name,
          automountServiceAccountToken: false,
          priorityClassName: priorityClass,
          // The preStop pause plus time for the reviews in flight to finish.
          terminationGracePeriodSeconds: PRE_STOP_SECONDS + 25,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: RUN_AS,
            runAsGroup: RUN_AS,
            // The Secret's files are group-readable (0440) for this group only.
            fsGroup: RUN_AS,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selector } } },
              ],
            },
          },
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
          ],
          containers: [
            {
              name: 'webhook',
              image: options.image,
              imagePullPolicy: 'IfNotPresent',
              args: [
                'webhook', 'serve',
                '--tls-cert', `${TLS_DIR}/tls.crt`,
                '--tls-key', `${TLS_DIR}/tls.key`,
                '--config', `${CONFIG_DIR}/${CONFIG_FILE}`,
                '--namespace', namespace,
                // Every decision as a JSON line on standard output: `kubectl logs` and the node's log
                // shipper keep the audit trail, and audit mode is visible at all.
                '--audit-log', '-',
                // One choice for "no verdict": the API server fails closed when the webhook is unreachable
                // (failurePolicy Fail), so the server fails closed when a verdict misses its budget, and vice versa.
                '--failure-mode', (options.failurePolicy ?? 'Fail') === 'Fail' ? 'deny' : 'allow',
              ],
              ports: [{ name: 'https', containerPort: HTTPS_PORT, protocol: 'TCP' }],
              // The server stops accepting connections on SIGTERM, but the API server learns of the
              // endpoint's removal a moment later: keep serving meanwhile so no review meets a closed port.
              // Not the `sleep` action: it needs Kubernetes 1.30, and EKS still supports 1.29, where the
              // whole Deployment would be refused. Not `sleep` in a shell: the image need not have one.
              // The image runs eksguard, so it has `node` (on PATH in the official Node images; where it
              // is not, the hook fails, the kubelet records an event and stopping goes on unpaused).
              lifecycle: { preStop: { exec: { command: ['node', '-e', `setTimeout(() => {}, ${PRE_STOP_SECONDS * 1000})`] } } },
              readinessProbe: probe('/readyz', 5),
              livenessProbe: probe('/healthz', 10),
              resources: CONTAINER_RESOURCES,
              securityContext: {
                allowPrivilegeEscalation: false,
                privileged: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [
                { name: 'tls', mountPath: TLS_DIR, readOnly: true },
                { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: 'tls', secret: { secretName, defaultMode: 0o440 } },
            { name: 'config', configMap: { name: `${name}-config`, defaultMode: 0o444 } },
          ],
        },
      },
    },
  };
}

/** Cluster-scoped names carry the namespace so two installations never collide. */
function priorityClassName(name: string, namespace: string): string {
  return `${name}.${namespace}`;
}

/**
 * The webhook's namespace is exempt from the webhook itself (it must stay deployable while the
 * webhook is down), so it gets guards of its own: Pod Security `restricted` on the Namespace,
 * default-deny traffic, and a quota that leaves room for the webhook's pods and little else.
 */
function namespaceGuards(replicas: number, name: string, namespace: string, labels: Record<string, string>): Manifest[] {
  const meta = (objectName: string): Manifest => ({ name: objectName, namespace, labels });
  // A rolling update surges one pod while replaced ones may still be terminating.
  const pods = replicas * 2 + 2;
  const scale = (quantity: string): string => {
    const match = /^(\d+)(m|Mi)?$/.exec(quantity)!;
    return `${Number(match[1]) * pods}${match[2] ?? ''}`;
  };
  return [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('default-deny'),
      // Nothing in, nothing out, for every pod of the namespace; the webhook's own policy opens its port.
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: meta(name),
      spec: {
        hard: {
          pods: String(pods),
          'requests.cpu': scale(CONTAINER_RESOURCES.requests.cpu),
          'requests.memory': scale(CONTAINER_RESOURCES.requests.memory),
          'limits.cpu': scale(CONTAINER_RESOURCES.limits.cpu),
          'limits.memory': scale(CONTAINER_RESOURCES.limits.memory),
          'services.loadbalancers': '0',
          'services.nodeports': '0',
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: meta(name),
      spec: {
        limits: [
          {
            type: 'Container',
            default: CONTAINER_RESOURCES.limits,
            defaultRequest: CONTAINER_RESOURCES.requests,
            max: CONTAINER_RESOURCES.limits,
          },
        ],
      },
    },
  ];
}

function validatingWebhookConfiguration(
  options: WebhookManifestOptions,
  name: string,
  namespace: string,
  labels: Record<string, string>,
  excludedLabels: Record<string, string>,
): Manifest {
  const labelExclusions = new Map<string, Set<string>>([[OPT_OUT_LABEL.key, new Set([OPT_OUT_LABEL.value])]]);
  for (const [key, value] of Object.entries(excludedLabels)) labelExclusions.set(key, (labelExclusions.get(key) ?? new Set()).add(value));
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: {
      name: `${name}.${namespace}`,
      labels,
      ...(options.certManager ? { annotations: { 'cert-manager.io/inject-ca-from': `${namespace}/${name}` } } : {}),
    },
    webhooks: [
      {
        name: WEBHOOK_NAME,
        admissionReviewVersions: ['v1'],
        sideEffects: 'None',
        failurePolicy: options.failurePolicy ?? 'Fail',
        timeoutSeconds: options.timeoutSeconds ?? 5,
        // A request made through another version of a guarded kind (apps/v1beta2) is converted and judged too.
        matchPolicy: 'Equivalent',
        clientConfig: {
          service: { namespace, name, path: '/validate', port: 443 },
          ...(options.caBundle !== undefined ? { caBundle: Buffer.from(options.caBundle).toString('base64') } : {}),
        },
        // Cluster-scoped objects (ClusterRoles, ClusterRoleBindings) are judged whatever this selector says.
        namespaceSelector: {
          matchExpressions: [
            // kube-system belongs to EKS; the webhook's own namespace must stay deployable while the webhook is down.
            { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', namespace] },
            // Label opt-outs: the built-in one and those of the configuration. Only who may label namespaces can use them.
            ...[...labelExclusions].map(([key, values]) => ({ key, operator: 'NotIn', values: [...values].sort() })),
          ],
        },
        rules: GUARDED_RESOURCES.map(({ group, resources }) => ({
          apiGroups: [group],
          apiVersions: ['v1'],
          operations: ['CREATE', 'UPDATE'],
          resources,
          scope: '*',
        })),
      },
    ],
  };
}

function certManagerObjects(name: string, namespace: string, labels: Record<string, string>, secretName: string): Manifest[] {
  const meta = (objectName: string): Manifest => ({ name: objectName, namespace, labels });
  const issuerRef = (issuer: string): Manifest => ({ name: issuer, kind: 'Issuer', group: 'cert-manager.io' });
  const key = { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' };
  return [
    // A self-signed Issuer only bootstraps the CA; the CA Issuer signs the serving certificate.
    { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: meta(`${name}-selfsigned`), spec: { selfSigned: {} } },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: meta(`${name}-ca`),
      spec: {
        isCA: true,
        commonName: `eksguard webhook CA ${name}.${namespace}`,
        secretName: `${name}-ca`,
        duration: '43800h', // 5 years: the CA bundle the API server trusts changes rarely
        renewBefore: '720h',
        privateKey: key,
        issuerRef: issuerRef(`${name}-selfsigned`),
      },
    },
    { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: meta(`${name}-ca`), spec: { ca: { secretName: `${name}-ca` } } },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: meta(name),
      spec: {
        secretName,
        duration: '2160h', // 90 days
        renewBefore: '360h',
        dnsNames: webhookDnsNames(name, namespace),
        usages: ['digital signature', 'server auth'],
        privateKey: key,
        issuerRef: issuerRef(`${name}-ca`),
      },
    },
  ];
}

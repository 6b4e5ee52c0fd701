/**
 * A deterministic synthetic EKS audit log for the detection benchmark: JSON lines, one
 * `audit.k8s.io/v1` Event per line as EKS ships them in `kube-apiserver-audit-*` messages.
 * The mix follows a busy cluster: mostly get/list/watch by kubelets, controllers, EKS components
 * and workload service accounts (leases, endpoints, configmaps, pods, nodes); some earlier-stage
 * records (RequestReceived, watch ResponseStarted) that detection skips; about 10% writes
 * (lease renewals, status patches, pod and deployment creates with request bodies at level
 * Request); a few Secret reads and refusals; and about 0.01% attacks the built-in rules catch
 * (exec into pods, cluster-admin bindings, privileged pods, anonymous allowed requests).
 * Same seed, same bytes.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { seededRandom as rng } from './seeded-random.js';

type Obj = Record<string, unknown>;


const REGION = 'eu-west-1';
const ACCOUNT = '111122223333';
const START_MS = Date.parse('2025-05-12T08:00:00Z');
/** Mean gap between events: 1M events span about an hour, as on a large cluster. */
const GAP_MICROS = 3_600;

export interface AuditMixCounts {
  events: number;
  /** Events at RequestReceived / ResponseStarted, which detection skips. */
  earlyStages: number;
  reads: number;
  writes: number;
  secretReads: number;
  attacks: number;
}

/**
 * Writes `total` events to `file` as JSON lines; returns how many of each kind it wrote.
 * `attackEvery`: one attack per that many events (default 10,000 = 0.01%).
 */
export function generateAuditLog(file: string, total = 1_000_000, seed = 7, attackEvery = 10_000): AuditMixCounts {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const hex = (length: number): string => {
    let out = '';
    while (out.length < length) out += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
    return out.slice(0, length);
  };
  const uuid = (): string => {
    const h = hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };

  const nodes = Array.from({ length: 60 }, (_, i) => `ip-10-0-${(i * 7) % 64}-${(i * 37) % 250 + 3}.${REGION}.compute.internal`);
  const namespaces = ['default', 'kube-system', 'payments', 'orders', 'checkout', 'search', 'monitoring', 'logging', 'argocd', 'cert-manager', 'ingress-nginx', 'karpenter', ...Array.from({ length: 18 }, (_, i) => `team-${String(i).padStart(2, '0')}`)];
  const apps = ['api', 'web', 'worker', 'cache', 'gateway', 'scheduler', 'indexer', 'notifier'];
  const podName = (app: string): string => `${app}-${hex(9)}-${hex(5)}`;
  const nodeIp = (node: string): string => node.split('.')[0]!.slice(3).replace(/-/g, '.');
  const clock = { micros: 0 };
  const timestamps = (): { requestReceivedTimestamp: string; stageTimestamp: string } => {
    clock.micros += Math.floor(random() * 2 * GAP_MICROS);
    const received = START_MS * 1000 + clock.micros;
    const done = received + 200 + Math.floor(random() * 4_000);
    const text = (micros: number) => `${new Date(Math.floor(micros / 1000)).toISOString().slice(0, 19)}.${String(micros % 1_000_000).padStart(6, '0')}Z`;
    return { requestReceivedTimestamp: text(received), stageTimestamp: text(done) };
  };

  const nodeUser = (node: string): Obj => ({
    username: `system:node:${node}`,
    uid: `aws-iam-authenticator:${ACCOUNT}:AROAEXAMPLENODEROLE01`,
    groups: ['system:bootstrappers', 'system:nodes', 'system:authenticated'],
    extra: {
      accessKeyId: [`ASIA${hex(16).toUpperCase()}`],
      arn: [`arn:aws:sts::${ACCOUNT}:assumed-role/eks-node-group-role/i-${hex(17)}`],
      canonicalArn: [`arn:aws:iam::${ACCOUNT}:role/eks-node-group-role`],
      principalId: ['AROAEXAMPLENODEROLE01'],
      sessionName: [`i-${hex(17)}`],
      'sigs.k8s.io/aws-iam-authenticator/principalId': ['AROAEXAMPLENODEROLE01'],
    },
  });
  const serviceAccountUser = (namespace: string, name: string, node: string): Obj => ({
    username: `system:serviceaccount:${namespace}:${name}`,
    uid: uuid(),
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
    extra: {
      'authentication.kubernetes.io/credential-id': [`JTI=${uuid()}`],
      'authentication.kubernetes.io/node-name': [node],
      'authentication.kubernetes.io/node-uid': [uuid()],
      'authentication.kubernetes.io/pod-name': [podName(name)],
      'authentication.kubernetes.io/pod-uid': [uuid()],
    },
  });
  const controllers = ['replicaset-controller', 'deployment-controller', 'endpointslice-controller', 'endpoint-controller', 'namespace-controller', 'generic-garbage-collector', 'daemon-set-controller', 'job-controller', 'horizontal-pod-autoscaler', 'node-controller'];
  const components = ['system:kube-controller-manager', 'system:kube-scheduler', 'system:apiserver', 'eks:certificate-controller', 'eks:node-manager', 'eks:addon-manager', 'eks:cloud-controller-manager', 'eks:k8s-metrics', 'eks:pod-identity-mutating-webhook'];
  const operators: [string, string][] = [
    ['argocd', 'argocd-application-controller'],
    ['cert-manager', 'cert-manager'],
    ['karpenter', 'karpenter'],
    ['monitoring', 'prometheus'],
    ['logging', 'fluent-bit'],
    ['ingress-nginx', 'ingress-nginx'],
    ['kube-system', 'aws-load-balancer-controller'],
    ['kube-system', 'coredns'],
    ['kube-system', 'aws-node'],
    ['kube-system', 'ebs-csi-controller-sa'],
  ];
  const human = (name: string, role: string): Obj => ({
    username: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${name}`,
    uid: `aws-iam-authenticator:${ACCOUNT}:AROAEXAMPLE${hex(10).toUpperCase()}`,
    groups: ['system:authenticated'],
    extra: {
      accessKeyId: [`ASIA${hex(16).toUpperCase()}`],
      arn: [`arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${name}`],
      canonicalArn: [`arn:aws:iam::${ACCOUNT}:role/${role}`],
      principalId: ['AROAEXAMPLE1234567890'],
      sessionName: [name],
    },
  });
  const KUBE_VERSION = 'v1.30.4-eks-a737599';
  const kubectl = 'kubectl/v1.30.2 (linux/amd64) kubernetes/3968350';
  const allow = (reason: string): Obj => ({ 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': reason });

  interface Actor {
    user: Obj;
    userAgent: string;
    sourceIP: string;
    reason: string;
  }
  const actor = (): Actor => {
    const r = random();
    if (r < 0.38) {
      const node = pick(nodes);
      return { user: nodeUser(node), userAgent: `kubelet/${KUBE_VERSION} (linux/amd64) kubernetes/a737599`, sourceIP: nodeIp(node), reason: '' };
    }
    if (r < 0.6) {
      const name = pick(controllers);
      return {
        user: { username: `system:serviceaccount:kube-system:${name}`, uid: uuid(), groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] },
        userAgent: `kube-controller-manager/${KUBE_VERSION} (linux/amd64) kubernetes/a737599/${name}`,
        sourceIP: '10.0.0.12',
        reason: `RBAC: allowed by ClusterRoleBinding "system:controller:${name}" of ClusterRole "system:controller:${name}" to ServiceAccount "${name}/kube-system"`,
      };
    }
    if (r < 0.75) {
      const name = pick(components);
      return {
        user: { username: name, groups: name.startsWith('eks:') ? ['system:authenticated'] : ['system:authenticated'] },
        userAgent: name.startsWith('eks:') ? `${name.slice(4)}/v0.0.0 (linux/amd64) kubernetes/$Format` : `${name.slice(12)}/${KUBE_VERSION} (linux/amd64) kubernetes/a737599/leader-election`,
        sourceIP: name.startsWith('eks:') ? '172.16.42.' + (10 + Math.floor(random() * 20)) : '10.0.0.12',
        reason: `RBAC: allowed by ClusterRoleBinding "${name}" of ClusterRole "${name}" to User "${name}"`,
      };
    }
    const node = pick(nodes);
    if (r < 0.92) {
      const [namespace, name] = pick(operators);
      return { user: serviceAccountUser(namespace, name, node), userAgent: `${name}/v1.12.3 (linux/amd64) kubernetes/$Format`, sourceIP: `10.0.${Math.floor(random() * 64)}.${Math.floor(random() * 250) + 3}`, reason: `RBAC: allowed by ClusterRoleBinding "${name}" of ClusterRole "${name}" to ServiceAccount "${name}/${namespace}"` };
    }
    const namespace = pick(namespaces);
    const app = pick(apps);
    return { user: serviceAccountUser(namespace, app, node), userAgent: `${app}/1.4.2 (linux/amd64) kubernetes/$Format`, sourceIP: `10.0.${Math.floor(random() * 64)}.${Math.floor(random() * 250) + 3}`, reason: `RBAC: allowed by RoleBinding "${app}/${namespace}" of Role "${app}" to ServiceAccount "${app}/${namespace}"` };
  };

  interface Target {
    resource: string;
    apiGroup?: string;
    apiVersion: string;
    namespace?: string;
    name?: string;
    path: string;
  }
  const target = (): Target => {
    const r = random();
    const namespace = pick(namespaces);
    if (r < 0.3) {
      const name = pick([...controllers, 'kube-scheduler', 'kube-controller-manager', 'cloud-controller-manager', ...nodes.slice(0, 10)]);
      const ns = name.startsWith('ip-') ? 'kube-node-lease' : 'kube-system';
      return { resource: 'leases', apiGroup: 'coordination.k8s.io', apiVersion: 'v1', namespace: ns, name, path: `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/${name}` };
    }
    if (r < 0.45) {
      const name = pick(apps);
      return { resource: 'endpoints', apiVersion: 'v1', namespace, name, path: `/api/v1/namespaces/${namespace}/endpoints/${name}` };
    }
    if (r < 0.6) {
      const name = pick(['kube-root-ca.crt', 'app-config', 'feature-flags', 'aws-auth', 'coredns', 'kube-proxy']);
      return { resource: 'configmaps', apiVersion: 'v1', namespace, name, path: `/api/v1/namespaces/${namespace}/configmaps/${name}` };
    }
    if (r < 0.8) {
      const name = podName(pick(apps));
      return { resource: 'pods', apiVersion: 'v1', namespace, name, path: `/api/v1/namespaces/${namespace}/pods/${name}` };
    }
    if (r < 0.9) {
      const name = pick(nodes);
      return { resource: 'nodes', apiVersion: 'v1', name, path: `/api/v1/nodes/${name}` };
    }
    const resource = pick(['services', 'serviceaccounts', 'endpointslices', 'deployments', 'replicasets', 'events']);
    const group = resource === 'endpointslices' ? 'discovery.k8s.io' : resource === 'deployments' || resource === 'replicasets' ? 'apps' : undefined;
    const prefix = group ? `/apis/${group}/v1` : '/api/v1';
    const name = pick(apps);
    return { resource, ...(group ? { apiGroup: group } : {}), apiVersion: 'v1', namespace, name, path: `${prefix}/namespaces/${namespace}/${resource}/${name}` };
  };

  const objectRef = (t: Target, withName: boolean, subresource?: string): Obj => ({
    resource: t.resource,
    ...(t.namespace ? { namespace: t.namespace } : {}),
    ...(withName && t.name ? { name: t.name } : {}),
    ...(t.apiGroup ? { apiGroup: t.apiGroup } : {}),
    apiVersion: t.apiVersion,
    ...(subresource ? { subresource } : {}),
  });
  const event = (fields: Obj, a: Actor, stage = 'ResponseComplete', level = 'Metadata'): Obj => ({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level,
    auditID: uuid(),
    stage,
    ...fields,
    user: a.user,
    sourceIPs: [a.sourceIP],
    userAgent: a.userAgent,
  });
  const finish = (e: Obj, code: number, a: Actor): Obj => {
    const times = timestamps();
    return {
      ...e,
      ...(e.stage === 'RequestReceived' ? {} : { responseStatus: code < 400 ? { metadata: {}, code } : { metadata: {}, status: 'Failure', message: `${String((e.objectRef as Obj | undefined)?.resource)} is forbidden: User "${String(a.user.username)}" cannot ${String(e.verb)} resource`, reason: 'Forbidden', details: {}, code } }),
      ...(e.stage === 'RequestReceived' ? { requestReceivedTimestamp: times.requestReceivedTimestamp, stageTimestamp: times.requestReceivedTimestamp } : times),
      ...(e.stage === 'RequestReceived' ? {} : { annotations: code < 400 ? allow(a.reason) : { 'authorization.k8s.io/decision': 'forbid', 'authorization.k8s.io/reason': '' } }),
    };
  };

  const podSpec = (app: string, privileged: boolean): Obj => ({
    serviceAccountName: app,
    containers: [
      {
        name: app,
        image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${app}:1.4.${Math.floor(random() * 20)}`,
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
        env: [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'AWS_REGION', value: REGION },
        ],
        resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
        securityContext: privileged ? { privileged: true } : { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
        readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
      },
    ],
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
  });

  const read = (): Obj => {
    const a = actor();
    const t = target();
    const r = random();
    if (r < 0.55) return finish(event({ requestURI: t.path, verb: 'get', objectRef: objectRef(t, true) }, a), random() < 0.03 ? 404 : 200, a);
    const listPath = t.path.slice(0, t.path.lastIndexOf('/'));
    if (r < 0.75) return finish(event({ requestURI: `${listPath}?limit=500&resourceVersion=0`, verb: 'list', objectRef: objectRef(t, false) }, a), 200, a);
    return finish(event({ requestURI: `${listPath}?allowWatchBookmarks=true&resourceVersion=${Math.floor(random() * 1e8)}&timeout=7m${Math.floor(random() * 60)}s&timeoutSeconds=${400 + Math.floor(random() * 200)}&watch=true`, verb: 'watch', objectRef: objectRef(t, false) }, a), 200, a);
  };
  const early = (): Obj => {
    const a = actor();
    const t = target();
    if (random() < 0.5) return finish(event({ requestURI: t.path, verb: 'get', objectRef: objectRef(t, true) }, a, 'RequestReceived'), 0, a);
    const listPath = t.path.slice(0, t.path.lastIndexOf('/'));
    return finish(event({ requestURI: `${listPath}?watch=true&resourceVersion=${Math.floor(random() * 1e8)}`, verb: 'watch', objectRef: objectRef(t, false) }, a, 'ResponseStarted'), 200, a);
  };
  const write = (): Obj => {
    const a = actor();
    const t = target();
    const r = random();
    if (r < 0.45 || t.resource === 'leases') {
      const lease = target();
      const leaseTarget = lease.resource === 'leases' ? lease : { resource: 'leases', apiGroup: 'coordination.k8s.io', apiVersion: 'v1', namespace: 'kube-node-lease', name: pick(nodes), path: '' };
      leaseTarget.path = `/apis/coordination.k8s.io/v1/namespaces/${leaseTarget.namespace}/leases/${leaseTarget.name}?timeout=10s`;
      return finish(event({ requestURI: leaseTarget.path, verb: 'update', objectRef: objectRef(leaseTarget, true) }, a), random() < 0.01 ? 409 : 200, a);
    }
    if (r < 0.7) {
      return finish(event({ requestURI: `${t.path}/status`, verb: 'patch', objectRef: objectRef(t, true, 'status') }, a), 200, a);
    }
    if (r < 0.85) {
      const app = pick(apps);
      const namespace = pick(namespaces);
      const name = podName(app);
      const podTarget: Target = { resource: 'pods', apiVersion: 'v1', namespace, name, path: `/api/v1/namespaces/${namespace}/pods` };
      const controller: Actor = { user: { username: 'system:serviceaccount:kube-system:replicaset-controller', uid: uuid(), groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] }, userAgent: `kube-controller-manager/${KUBE_VERSION} (linux/amd64) kubernetes/a737599/system:serviceaccount:kube-system:replicaset-controller`, sourceIP: '10.0.0.12', reason: 'RBAC: allowed by ClusterRoleBinding "system:controller:replicaset-controller" of ClusterRole "system:controller:replicaset-controller" to ServiceAccount "replicaset-controller/kube-system"' };
      const requestObject = { kind: 'Pod', apiVersion: 'v1', metadata: { generateName: `${app}-${hex(9)}-`, namespace, labels: { app, 'pod-template-hash': hex(9) }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-${hex(9)}`, uid: uuid(), controller: true, blockOwnerDeletion: true }] }, spec: podSpec(app, false), status: {} };
      return finish(event({ requestURI: podTarget.path, verb: 'create', objectRef: objectRef(podTarget, true), requestObject }, controller, 'ResponseComplete', 'Request'), 201, controller);
    }
    if (r < 0.93) {
      const name = pick(['app-config', 'feature-flags', 'leader-lock', 'cluster-autoscaler-status']);
      const namespace = pick(namespaces);
      const cmTarget: Target = { resource: 'configmaps', apiVersion: 'v1', namespace, name, path: `/api/v1/namespaces/${namespace}/configmaps/${name}` };
      const requestObject = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name, namespace, resourceVersion: String(Math.floor(random() * 1e8)) }, data: { status: `Health: Healthy, last probe ${hex(12)}`, 'config.yaml': `replicas: 3\nlogLevel: info\nfeatureX: ${random() < 0.5}\n` } };
      return finish(event({ requestURI: cmTarget.path, verb: 'update', objectRef: objectRef(cmTarget, true), requestObject }, a, 'ResponseComplete', 'Request'), 200, a);
    }
    const app = pick(apps);
    const namespace = pick(namespaces);
    const ci: Actor = { user: serviceAccountUser('argocd', 'argocd-application-controller', pick(nodes)), userAgent: 'argocd-application-controller/v2.11.3 (linux/amd64) kubernetes/$Format', sourceIP: '10.0.33.18', reason: 'RBAC: allowed by ClusterRoleBinding "argocd-application-controller" of ClusterRole "argocd-application-controller" to ServiceAccount "argocd-application-controller/argocd"' };
    const deployTarget: Target = { resource: 'deployments', apiGroup: 'apps', apiVersion: 'v1', namespace, name: app, path: `/apis/apps/v1/namespaces/${namespace}/deployments/${app}?fieldManager=argocd-controller` };
    const requestObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: app, namespace, labels: { app, 'app.kubernetes.io/instance': `${namespace}-${app}` } }, spec: { replicas: 3, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: podSpec(app, false) } } };
    return finish(event({ requestURI: deployTarget.path, verb: 'patch', objectRef: objectRef(deployTarget, true), requestObject }, ci, 'ResponseComplete', 'Request'), 200, ci);
  };
  const secretRead = (): Obj => {
    const [namespace, name] = pick(operators);
    const a: Actor = { user: serviceAccountUser(namespace, name, pick(nodes)), userAgent: `${name}/v1.12.3 (linux/amd64) kubernetes/$Format`, sourceIP: `10.0.${Math.floor(random() * 64)}.${Math.floor(random() * 250) + 3}`, reason: `RBAC: allowed by RoleBinding "${name}-secrets/${namespace}" of Role "secret-reader" to ServiceAccount "${name}/${namespace}"` };
    const secret = pick(['db-credentials', 'tls-cert', 'webhook-token', `sh.helm.release.v1.${name}.v${Math.floor(random() * 9) + 1}`]);
    const t: Target = { resource: 'secrets', apiVersion: 'v1', namespace, name: secret, path: `/api/v1/namespaces/${namespace}/secrets/${secret}` };
    return finish(event({ requestURI: t.path, verb: 'get', objectRef: objectRef(t, true) }, a), random() < 0.05 ? 403 : 200, a);
  };
  const attackers = [human('mallory', 'Developer'), human('ci-deployer', 'GitHubActions')];
  const attack = (n: number): Obj => {
    const a: Actor = { user: attackers[n % attackers.length]!, userAgent: kubectl, sourceIP: '203.0.113.45', reason: 'EKS Access Policy: allowed by ClusterRoleBinding "arn:aws:iam::111122223333:role/Developer+arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"' };
    const namespace = pick(namespaces.filter((ns) => ns !== 'kube-system'));
    const pod = podName(pick(apps));
    switch (n % 4) {
      case 0: {
        const t: Target = { resource: 'pods', apiVersion: 'v1', namespace, name: pod, path: '' };
        return finish(event({ requestURI: `/api/v1/namespaces/${namespace}/pods/${pod}/exec?command=sh&container=app&stdin=true&stdout=true&tty=true`, verb: 'create', objectRef: objectRef(t, true, 'exec') }, a), 101, a);
      }
      case 1: {
        const name = `mallory-admin-${hex(6)}`;
        const t: Target = { resource: 'clusterrolebindings', apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1', name, path: '' };
        const requestObject = { kind: 'ClusterRoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: { name }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'mallory' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' } };
        return finish(event({ requestURI: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings?fieldManager=kubectl-create&fieldValidation=Strict', verb: 'create', objectRef: objectRef(t, true), requestObject }, a, 'ResponseComplete', 'Request'), 201, a);
      }
      case 2: {
        const t: Target = { resource: 'pods', apiVersion: 'v1', namespace, name: pod, path: '' };
        const requestObject = { kind: 'Pod', apiVersion: 'v1', metadata: { name: pod, namespace }, spec: { ...podSpec('debug', true), hostPID: true } };
        return finish(event({ requestURI: `/api/v1/namespaces/${namespace}/pods?fieldManager=kubectl-run`, verb: 'create', objectRef: objectRef(t, true), requestObject }, a, 'ResponseComplete', 'Request'), 201, a);
      }
      default: {
        const anonymous: Actor = { user: { username: 'system:anonymous', groups: ['system:unauthenticated'] }, userAgent: 'python-requests/2.31.0', sourceIP: '198.51.100.23', reason: 'RBAC: allowed by ClusterRoleBinding "anonymous-view" of ClusterRole "view" to User "system:anonymous"' };
        const t: Target = { resource: 'pods', apiVersion: 'v1', namespace, path: '' };
        return finish(event({ requestURI: `/api/v1/namespaces/${namespace}/pods?limit=500`, verb: 'list', objectRef: objectRef(t, false) }, anonymous), 200, anonymous);
      }
    }
  };

  const counts: AuditMixCounts = { events: 0, earlyStages: 0, reads: 0, writes: 0, secretReads: 0, attacks: 0 };
  const fd = openSync(file, 'w');
  let lines: string[] = [];
  try {
    for (let i = 0; i < total; i++) {
      let e: Obj;
      if (i % attackEvery === attackEvery - 1) {
        e = attack(counts.attacks++);
      } else {
        const r = random();
        if (r < 0.05) {
          e = early();
          counts.earlyStages++;
        } else if (r < 0.898) {
          e = read();
          counts.reads++;
        } else if (r < 0.9985) {
          e = write();
          counts.writes++;
        } else {
          e = secretRead();
          counts.secretReads++;
        }
      }
      counts.events++;
      lines.push(JSON.stringify(e));
      if (lines.length === 10_000) {
        writeSync(fd, lines.join('\n') + '\n');
        lines = [];
      }
    }
    if (lines.length > 0) writeSync(fd, lines.join('\n') + '\n');
  } finally {
    closeSync(fd);
  }
  return counts;
}

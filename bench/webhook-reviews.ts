/**
 * AdmissionReview bodies for the webhook benchmark, as the API server sends them for
 * `kubectl apply` of Pods and Deployments: a mix of well-configured workloads and ones that
 * fail checks (privileged, root, latest tag, no limits), so both the allow and the deny paths run.
 */
import { seededRandom } from './seeded-random.js';

type Obj = Record<string, unknown>;

function container(random: () => number, bad: boolean): Obj {
  const name = `app-${Math.floor(random() * 1000)}`;
  return {
    name,
    image: bad ? 'nginx:latest' : `111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/${name}@sha256:${'ab12'.repeat(16)}`,
    ports: [{ containerPort: 8080, protocol: 'TCP' }],
    env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'PORT', value: '8080' }],
    resources: bad ? {} : { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    securityContext: bad
      ? { privileged: random() < 0.5, runAsUser: 0 }
      : { runAsNonRoot: true, runAsUser: 10001, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
    livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
    readinessProbe: { httpGet: { path: '/readyz', port: 8080 } },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
  };
}

function podSpec(random: () => number, bad: boolean): Obj {
  return {
    serviceAccountName: 'shop',
    automountServiceAccountToken: false,
    securityContext: bad ? {} : { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [container(random, bad), ...(random() < 0.3 ? [container(random, false)] : [])],
    restartPolicy: 'Always',
    dnsPolicy: 'ClusterFirst',
    terminationGracePeriodSeconds: 30,
    schedulerName: 'default-scheduler',
  };
}

function review(uid: string, kind: 'Pod' | 'Deployment', object: Obj): string {
  const isPod = kind === 'Pod';
  const metadata = object.metadata as Obj;
  const gvk = isPod ? { group: '', version: 'v1', kind } : { group: 'apps', version: 'v1', kind };
  const gvr = isPod ? { group: '', version: 'v1', resource: 'pods' } : { group: 'apps', version: 'v1', resource: 'deployments' };
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: gvk,
      resource: gvr,
      requestKind: gvk,
      requestResource: gvr,
      name: metadata.name,
      namespace: metadata.namespace,
      operation: 'CREATE',
      userInfo: { username: 'arn:aws:sts::111122223333:assumed-role/Deployer/ci', uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLE', groups: ['system:authenticated'] },
      object,
      oldObject: null,
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions', fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' },
    },
  });
}

/** `count` reviews, about a quarter of them failing checks; the same seed gives the same bodies. */
export function benchmarkReviews(count = 200, seed = 7): { uid: string; body: string }[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const uid = `b3f1c2d4-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const bad = random() < 0.25;
    const name = `web-${i}`;
    const labels = { app: name, 'app.kubernetes.io/part-of': 'shop' };
    if (random() < 0.5) {
      return { uid, body: review(uid, 'Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: `${name}-7d9c5b6f4-x2kqp`, namespace: 'shop', labels }, spec: podSpec(random, bad) }) };
    }
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'shop', labels, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
      spec: { replicas: 3, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec(random, bad) }, strategy: { type: 'RollingUpdate' }, revisionHistoryLimit: 10 },
    };
    return { uid, body: review(uid, 'Deployment', deployment) };
  });
}

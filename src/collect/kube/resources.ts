/**
 * What the collector lists: every kind a check reads. Built-in kinds are tried in the versions
 * given (newest stable first); add-on kinds (CRDs) in their group's preferred version first.
 * A kind the cluster does not serve is skipped without a word; the checks that need it decide
 * from the CRD list whether its absence means something.
 */
export interface ResourceSpec {
  /** API group; `''` is the core group. */
  group: string;
  plural: string;
  /** Versions to try, in order. Empty: the group's preferred version, then the others it serves. */
  versions: readonly string[];
  /** Listed as PartialObjectMetadata: only metadata crosses the wire (Secrets). */
  metadataOnly?: boolean;
}

const core = (plural: string, extra: Partial<ResourceSpec> = {}): ResourceSpec => ({ group: '', plural, versions: ['v1'], ...extra });
const builtIn = (group: string, versions: readonly string[], plurals: readonly string[]): ResourceSpec[] =>
  plurals.map((plural) => ({ group, plural, versions }));
const addOn = (group: string, plurals: readonly string[]): ResourceSpec[] => plurals.map((plural) => ({ group, plural, versions: [] }));

export const RESOURCES: readonly ResourceSpec[] = [
  core('namespaces'),
  core('nodes'),
  core('pods'),
  core('services'),
  core('serviceaccounts'),
  core('configmaps'),
  core('secrets', { metadataOnly: true }),
  core('persistentvolumes'),
  core('persistentvolumeclaims'),
  core('resourcequotas'),
  core('limitranges'),
  core('replicationcontrollers'),
  ...builtIn('apps', ['v1'], ['deployments', 'daemonsets', 'statefulsets', 'replicasets']),
  ...builtIn('batch', ['v1'], ['jobs', 'cronjobs']),
  ...builtIn('rbac.authorization.k8s.io', ['v1'], ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings']),
  ...builtIn('networking.k8s.io', ['v1'], ['networkpolicies', 'ingresses', 'ingressclasses']),
  ...builtIn('policy', ['v1'], ['poddisruptionbudgets']),
  ...builtIn('admissionregistration.k8s.io', ['v1'], ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations']),
  // ValidatingAdmissionPolicy is GA from 1.30; older clusters serve it in v1beta1 only.
  ...builtIn('admissionregistration.k8s.io', ['v1', 'v1beta1'], ['validatingadmissionpolicies', 'validatingadmissionpolicybindings']),
  ...builtIn('storage.k8s.io', ['v1'], ['storageclasses', 'csidrivers']),
  ...builtIn('apiextensions.k8s.io', ['v1'], ['customresourcedefinitions']),
  ...builtIn('scheduling.k8s.io', ['v1'], ['priorityclasses']),
  ...builtIn('node.k8s.io', ['v1'], ['runtimeclasses']),
  ...addOn('velero.io', ['schedules', 'backups', 'backupstoragelocations']),
  ...addOn('cilium.io', ['ciliumnetworkpolicies', 'ciliumclusterwidenetworkpolicies']),
  ...addOn('crd.projectcalico.org', ['networkpolicies', 'globalnetworkpolicies', 'networksets', 'globalnetworksets']),
  ...addOn('projectcalico.org', ['networkpolicies', 'globalnetworkpolicies', 'networksets', 'globalnetworksets']),
  ...addOn('kyverno.io', ['clusterpolicies', 'policies']),
  ...addOn('policies.kyverno.io', ['validatingpolicies']),
  ...addOn('templates.gatekeeper.sh', ['constrainttemplates']),
  ...addOn('policies.kubewarden.io', ['clusteradmissionpolicies']),
  ...addOn('external-secrets.io', ['externalsecrets', 'clusterexternalsecrets', 'secretstores', 'clustersecretstores']),
  ...addOn('secrets-store.csi.x-k8s.io', ['secretproviderclasses']),
  ...addOn('security.istio.io', ['peerauthentications']),
  ...addOn('appmesh.k8s.aws', ['meshes', 'virtualnodes']),
  ...addOn('elbv2.k8s.aws', ['ingressclassparams', 'targetgroupbindings']),
];

/**
 * Secret types listed one field selector at a time, since a metadata-only list does not carry
 * `type`. A Secret of another type keeps no `type` field in the snapshot.
 */
export const SECRET_TYPES: readonly string[] = [
  'Opaque',
  'kubernetes.io/service-account-token',
  'helm.sh/release.v1',
  'kubernetes.io/tls',
  'kubernetes.io/dockerconfigjson',
  'kubernetes.io/dockercfg',
  'kubernetes.io/basic-auth',
  'kubernetes.io/ssh-auth',
  'bootstrap.kubernetes.io/token',
];

/** How errors and checks name a resource: `v1/pods` for the core group, else `group/version/plural`. */
export function resourceName(group: string, version: string, plural: string): string {
  return group === '' ? `${version}/${plural}` : `${group}/${version}/${plural}`;
}

export function groupVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** The URL path of a group version: `/api/v1` or `/apis/apps/v1`. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

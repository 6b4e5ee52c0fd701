/**
 * Resource names as RBAC rules spell them (lower-case plurals), from the ways people type them
 * to `kubectl auth can-i`: short names (`po`, `deploy`), singulars (`secret`), kinds
 * (`ClusterRoleBinding`). A rule for `secrets` never matches a request for `Secret`, so a
 * question asked the other way would silently answer "nobody".
 */

/** The short names kubectl knows for built-in resources. */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  cm: 'configmaps',
  cj: 'cronjobs',
  crd: 'customresourcedefinitions',
  crds: 'customresourcedefinitions',
  csr: 'certificatesigningrequests',
  deploy: 'deployments',
  ds: 'daemonsets',
  ep: 'endpoints',
  ev: 'events',
  hpa: 'horizontalpodautoscalers',
  ing: 'ingresses',
  limits: 'limitranges',
  netpol: 'networkpolicies',
  no: 'nodes',
  ns: 'namespaces',
  pc: 'priorityclasses',
  pdb: 'poddisruptionbudgets',
  po: 'pods',
  pv: 'persistentvolumes',
  pvc: 'persistentvolumeclaims',
  quota: 'resourcequotas',
  rc: 'replicationcontrollers',
  rs: 'replicasets',
  sa: 'serviceaccounts',
  sc: 'storageclasses',
  sts: 'statefulsets',
  svc: 'services',
};

/** Built-in resources whose singular (or kind, lower-cased) people type. */
const PLURALS: readonly string[] = [
  ...new Set(Object.values(SHORT_NAMES)),
  'secrets',
  'jobs',
  'roles',
  'rolebindings',
  'clusterroles',
  'clusterrolebindings',
  'mutatingwebhookconfigurations',
  'validatingwebhookconfigurations',
  'validatingadmissionpolicies',
  'validatingadmissionpolicybindings',
  'leases',
  'endpointslices',
  'ingressclasses',
  'runtimeclasses',
  'csidrivers',
  'csinodes',
  'volumeattachments',
  'podtemplates',
  'controllerrevisions',
  'tokenreviews',
  'subjectaccessreviews',
  'selfsubjectaccessreviews',
  'localsubjectaccessreviews',
  'users',
  'groups',
  'userextras',
  'uids',
  'signers',
];

function singularOf(plural: string): string {
  if (plural.endsWith('ies')) return `${plural.slice(0, -3)}y`;
  if (/(ss|x|ch|sh)es$/.test(plural)) return plural.slice(0, -2);
  return plural.endsWith('s') ? plural.slice(0, -1) : plural;
}

const BY_SINGULAR = new Map(PLURALS.map((plural) => [singularOf(plural), plural]));
const KNOWN = new Set(PLURALS);

export interface CanonicalResource {
  resource: string;
  /** How the name was read, when it was not already the rule spelling. */
  readAs?: string;
}

export function canonicalResource(name: string): CanonicalResource {
  if (name === '*' || name.startsWith('/')) return { resource: name };
  const lower = name.toLowerCase();
  const resource = KNOWN.has(lower) ? lower : (SHORT_NAMES[lower] ?? BY_SINGULAR.get(lower) ?? lower);
  return resource === name ? { resource } : { resource, readAs: `"${name}" read as "${resource}"` };
}

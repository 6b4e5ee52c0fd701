/**
 * One model for the three policy engines a cluster may enforce: Kubernetes NetworkPolicy,
 * Cilium (CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy) and Calico (NetworkPolicy,
 * GlobalNetworkPolicy). Each policy becomes parts (Cilium's `specs[]` has several), and each
 * part knows which directions it isolates and which pods it selects.
 */
import type { EvidencePath, K8sObject, ResourceRef } from '../../model/index.js';
import {
  apiGroupOf,
  refOf,
  selectorMatches,
  isRecord,
  type InventoryView,
  type LabelSelector,
} from '../../inventory/index.js';
import { parseCalicoSelector, type CalicoSelector } from './calico-selector.js';

export type Direction = 'Ingress' | 'Egress';
export const DIRECTIONS: readonly Direction[] = ['Ingress', 'Egress'];
export type PolicyEngine = 'kubernetes' | 'cilium' | 'calico';

/** What a policy selector sees of a pod. */
export interface PodEndpoint {
  namespace: string;
  labels: Readonly<Record<string, string>>;
  namespaceLabels: Readonly<Record<string, string>>;
  serviceAccount: string;
  serviceAccountLabels: Readonly<Record<string, string>>;
}

export interface PolicyPart {
  /** Where the selector is, for evidence. */
  selectorPath: EvidencePath;
  /** Where this part's rules are (`spec`, or `specs[i]` for Cilium). */
  specPath: EvidencePath;
  directions: ReadonlySet<Direction>;
  selects(endpoint: PodEndpoint): boolean;
  /** Selects every pod of the namespace, present and future, whatever its labels. */
  selectsWholeNamespace(namespace: string, namespaceLabels: Readonly<Record<string, string>>): boolean;
}

export interface PolicyModel {
  object: K8sObject;
  resource: ResourceRef;
  engine: PolicyEngine;
  /** `NetworkPolicy shop/deny-all`, `Calico GlobalNetworkPolicy default-deny`, … */
  label: string;
  /** Namespace of a namespaced policy; undefined for cluster-wide ones. */
  namespace: string | undefined;
  parts: PolicyPart[];
  /** Union of the parts' directions. */
  directions: ReadonlySet<Direction>;
  /** Why the selector cannot be evaluated; such a policy is treated as selecting nothing. */
  unsupported?: string;
  /** Applies to host endpoints only (Cilium nodeSelector, Calico preDNAT/doNotTrack). */
  hostOnly: boolean;
}

export const METADATA_NAME_LABEL = 'kubernetes.io/metadata.name';


function nonEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

function selectorKeys(selector: LabelSelector): string[] {
  return [
    ...Object.keys(selector.matchLabels ?? {}),
    ...(selector.matchExpressions ?? []).map((requirement) => requirement.key ?? ''),
  ];
}

/** Namespaced policies only ever select pods of their own namespace. */
function withinNamespace(namespace: string | undefined, part: PolicyPart): PolicyPart {
  if (namespace === undefined) return part;
  return {
    ...part,
    selects: (endpoint) => endpoint.namespace === namespace && part.selects(endpoint),
    selectsWholeNamespace: (ns, labels) => ns === namespace && part.selectsWholeNamespace(ns, labels),
  };
}

// ---------------------------------------------------------------- Kubernetes NetworkPolicy

/** `policyTypes` as the API server defaults it: Ingress always, Egress when egress rules exist. */
export function kubernetesPolicyTypes(spec: Record<string, unknown>): Set<Direction> {
  const declared = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  if (declared.length > 0) {
    return new Set(declared.filter((type): type is Direction => type === 'Ingress' || type === 'Egress'));
  }
  const types = new Set<Direction>(['Ingress']);
  if (nonEmptyArray(spec.egress)) types.add('Egress');
  return types;
}

function kubernetesModel(object: K8sObject): PolicyModel {
  const spec = isRecord(object.spec) ? object.spec : {};
  const namespace = object.metadata?.namespace ?? 'default';
  // The API requires podSelector; a manifest without one means the same as `{}`.
  const selector = (isRecord(spec.podSelector) ? spec.podSelector : {}) as LabelSelector;
  const directions = kubernetesPolicyTypes(spec);
  const part = withinNamespace(namespace, {
    selectorPath: ['spec', 'podSelector'],
    specPath: ['spec'],
    directions,
    selects: (endpoint) => selectorMatches(selector, endpoint.labels),
    selectsWholeNamespace: () => selectorKeys(selector).length === 0,
  });
  return {
    object,
    resource: refOf(object),
    engine: 'kubernetes',
    label: `NetworkPolicy ${namespace}/${object.metadata?.name ?? ''}`,
    namespace,
    parts: [part],
    directions,
    hostOnly: false,
  };
}

// ---------------------------------------------------------------- Cilium

const CILIUM_NAMESPACE = 'io.kubernetes.pod.namespace';
const CILIUM_NAMESPACE_LABELS = 'io.cilium.k8s.namespace.labels.';
const CILIUM_SERVICE_ACCOUNT = 'io.cilium.k8s.policy.serviceaccount';

/** The labels Cilium gives a pod's endpoint (source prefixes stripped). */
export function ciliumEndpointLabels(endpoint: PodEndpoint): Record<string, string> {
  const labels: Record<string, string> = { ...endpoint.labels };
  labels[CILIUM_NAMESPACE] = endpoint.namespace;
  labels[CILIUM_SERVICE_ACCOUNT] = endpoint.serviceAccount;
  labels['io.cilium.k8s.policy.cluster'] = 'default';
  for (const [key, value] of Object.entries(endpoint.namespaceLabels)) {
    labels[`${CILIUM_NAMESPACE_LABELS}${key}`] = value;
  }
  return labels;
}

function isCiliumNamespaceKey(key: string): boolean {
  return key === CILIUM_NAMESPACE || key.startsWith(CILIUM_NAMESPACE_LABELS);
}

/**
 * Cilium selector keys may carry a source (`k8s:app`, `any:app`); pods only have `k8s` labels.
 * Other sources (`reserved:`, `cidr:`) select entities this model does not represent.
 */
export function normalizeCiliumSelector(raw: unknown): { selector: LabelSelector } | { unsupported: string } {
  if (!isRecord(raw)) return { selector: {} };
  const strip = (key: string): string | undefined => {
    const match = /^([a-z0-9-]+):(.*)$/.exec(key);
    if (!match) return key;
    return match[1] === 'k8s' || match[1] === 'any' ? match[2] : undefined;
  };
  const matchLabels: Record<string, string> = {};
  for (const [key, value] of Object.entries(isRecord(raw.matchLabels) ? raw.matchLabels : {})) {
    const stripped = strip(key);
    if (stripped === undefined) return { unsupported: `label source in "${key}" is not a pod label` };
    matchLabels[stripped] = String(value);
  }
  const matchExpressions: NonNullable<LabelSelector['matchExpressions']> = [];
  for (const requirement of Array.isArray(raw.matchExpressions) ? raw.matchExpressions : []) {
    if (!isRecord(requirement)) continue;
    const key = typeof requirement.key === 'string' ? requirement.key : '';
    const stripped = strip(key);
    if (stripped === undefined) return { unsupported: `label source in "${key}" is not a pod label` };
    matchExpressions.push({
      key: stripped,
      operator: typeof requirement.operator === 'string' ? requirement.operator : '',
      values: Array.isArray(requirement.values) ? requirement.values.map(String) : [],
    });
  }
  return { selector: { matchLabels, matchExpressions } };
}

function ciliumDirections(rule: Record<string, unknown>): Set<Direction> {
  const defaultDeny = isRecord(rule.enableDefaultDeny) ? rule.enableDefaultDeny : {};
  const directions = new Set<Direction>();
  // Go decodes `ingress: []` as absent, so only a non-empty list isolates a direction.
  if ((nonEmptyArray(rule.ingress) || nonEmptyArray(rule.ingressDeny)) && defaultDeny.ingress !== false) {
    directions.add('Ingress');
  }
  if ((nonEmptyArray(rule.egress) || nonEmptyArray(rule.egressDeny)) && defaultDeny.egress !== false) {
    directions.add('Egress');
  }
  return directions;
}

function ciliumModel(object: K8sObject, clusterWide: boolean): PolicyModel {
  const namespace = clusterWide ? undefined : (object.metadata?.namespace ?? 'default');
  const rules: Array<{ rule: Record<string, unknown>; path: EvidencePath }> = [];
  if (isRecord(object.spec)) rules.push({ rule: object.spec, path: ['spec'] });
  if (Array.isArray(object.specs)) {
    object.specs.forEach((rule: unknown, index) => {
      if (isRecord(rule)) rules.push({ rule, path: ['specs', index] });
    });
  }
  const parts: PolicyPart[] = [];
  let unsupported: string | undefined;
  let hostRules = 0;
  for (const { rule, path } of rules) {
    if (rule.nodeSelector !== undefined && rule.endpointSelector === undefined) {
      hostRules += 1;
      continue;
    }
    if (!isRecord(rule.endpointSelector)) {
      unsupported ??= `${formatRulePath(path)} has no endpointSelector`;
      continue;
    }
    const normalized = normalizeCiliumSelector(rule.endpointSelector);
    if ('unsupported' in normalized) {
      unsupported ??= normalized.unsupported;
      continue;
    }
    const { selector } = normalized;
    const keys = selectorKeys(selector);
    parts.push(
      withinNamespace(namespace, {
        selectorPath: [...path, 'endpointSelector'],
        specPath: path,
        directions: ciliumDirections(rule),
        selects: (endpoint) => selectorMatches(selector, ciliumEndpointLabels(endpoint)),
        selectsWholeNamespace: (ns, namespaceLabels) =>
          keys.every(isCiliumNamespaceKey) &&
          selectorMatches(selector, ciliumEndpointLabels(probeEndpoint(ns, namespaceLabels))),
      }),
    );
  }
  const kind = clusterWide ? 'CiliumClusterwideNetworkPolicy' : 'CiliumNetworkPolicy';
  const name = object.metadata?.name ?? '';
  const model: PolicyModel = {
    object,
    resource: refOf(object),
    engine: 'cilium',
    label: namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`,
    namespace,
    parts,
    directions: unionDirections(parts),
    hostOnly: rules.length > 0 && hostRules === rules.length,
  };
  if (unsupported) model.unsupported = unsupported;
  return model;
}

function formatRulePath(path: EvidencePath): string {
  return path.length === 1 ? String(path[0]) : `${String(path[0])}[${String(path[1])}]`;
}

// ---------------------------------------------------------------- Calico

const CALICO_NAMESPACE = 'projectcalico.org/namespace';
const CALICO_SERVICE_ACCOUNT = 'projectcalico.org/serviceaccount';
const CALICO_NAME = 'projectcalico.org/name';

/** The labels Calico gives a pod's workload endpoint. */
export function calicoEndpointLabels(endpoint: PodEndpoint): Record<string, string> {
  const labels: Record<string, string> = { ...endpoint.labels };
  labels[CALICO_NAMESPACE] = endpoint.namespace;
  labels['projectcalico.org/orchestrator'] = 'k8s';
  labels[CALICO_SERVICE_ACCOUNT] = endpoint.serviceAccount;
  for (const [key, value] of Object.entries(endpoint.namespaceLabels)) labels[`pcns.${key}`] = value;
  labels[`pcns.${CALICO_NAME}`] = endpoint.namespace;
  for (const [key, value] of Object.entries(endpoint.serviceAccountLabels)) labels[`pcsa.${key}`] = value;
  labels[`pcsa.${CALICO_NAME}`] = endpoint.serviceAccount;
  return labels;
}

function isCalicoNamespaceKey(key: string): boolean {
  return key === CALICO_NAMESPACE || key === 'projectcalico.org/orchestrator' || key.startsWith('pcns.');
}

const SELECT_ALL: CalicoSelector = { source: 'all()', keys: [], matches: () => true };

/** Calico's default `types`: Egress only when egress rules exist; Ingress unless only egress does. */
export function calicoPolicyTypes(spec: Record<string, unknown>): Set<Direction> {
  const declared = Array.isArray(spec.types) ? spec.types : [];
  if (declared.length > 0) {
    return new Set(declared.filter((type): type is Direction => type === 'Ingress' || type === 'Egress'));
  }
  const ingress = nonEmptyArray(spec.ingress);
  const egress = nonEmptyArray(spec.egress);
  const types = new Set<Direction>();
  if (ingress || !egress) types.add('Ingress');
  if (egress) types.add('Egress');
  return types;
}

function calicoModel(object: K8sObject, global: boolean): PolicyModel {
  const spec = isRecord(object.spec) ? object.spec : {};
  const namespace = global ? undefined : (object.metadata?.namespace ?? 'default');
  const kind = global ? 'GlobalNetworkPolicy' : 'NetworkPolicy';
  const name = object.metadata?.name ?? '';
  const directions = calicoPolicyTypes(spec);
  const model: PolicyModel = {
    object,
    resource: refOf(object),
    engine: 'calico',
    label: namespace ? `Calico ${kind} ${namespace}/${name}` : `Calico ${kind} ${name}`,
    namespace,
    parts: [],
    directions,
    hostOnly: spec.doNotTrack === true || spec.preDNAT === true,
  };
  const parse = (field: string): CalicoSelector | undefined => {
    const value = spec[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      model.unsupported ??= `${field} is not a selector expression`;
      return undefined;
    }
    const parsed = parseCalicoSelector(value);
    if (!parsed.ok) {
      model.unsupported ??= `${field} "${value}" is not supported (${parsed.error})`;
      return undefined;
    }
    return parsed.selector;
  };
  const endpointSelector = parse('selector') ?? SELECT_ALL;
  const namespaceSelector = global ? parse('namespaceSelector') : undefined;
  const serviceAccountSelector = parse('serviceAccountSelector');
  if (model.unsupported || model.hostOnly) return model;
  const serviceAccountMatches = (endpoint: PodEndpoint): boolean =>
    !serviceAccountSelector ||
    serviceAccountSelector.matches({ ...endpoint.serviceAccountLabels, [CALICO_NAME]: endpoint.serviceAccount });
  const namespaceMatches = (ns: string, labels: Readonly<Record<string, string>>): boolean =>
    !namespaceSelector || namespaceSelector.matches({ ...labels, [CALICO_NAME]: ns });
  const selectorPath: EvidencePath = spec.selector === undefined ? ['spec'] : ['spec', 'selector'];
  model.parts.push(
    withinNamespace(namespace, {
      selectorPath,
      specPath: ['spec'],
      directions,
      selects: (endpoint) =>
        namespaceMatches(endpoint.namespace, endpoint.namespaceLabels) &&
        serviceAccountMatches(endpoint) &&
        endpointSelector.matches(calicoEndpointLabels(endpoint)),
      selectsWholeNamespace: (ns, namespaceLabels) =>
        namespaceMatches(ns, namespaceLabels) &&
        (!serviceAccountSelector || serviceAccountSelector.keys.length === 0) &&
        endpointSelector.keys.every(isCalicoNamespaceKey) &&
        endpointSelector.matches(calicoEndpointLabels(probeEndpoint(ns, namespaceLabels))),
    }),
  );
  return model;
}

// ---------------------------------------------------------------- all policies

/** A pod with no labels of its own: what a namespace-wide selector must still select. */
function probeEndpoint(namespace: string, namespaceLabels: Readonly<Record<string, string>>): PodEndpoint {
  return { namespace, labels: {}, namespaceLabels, serviceAccount: '', serviceAccountLabels: {} };
}

function unionDirections(parts: readonly PolicyPart[]): Set<Direction> {
  const union = new Set<Direction>();
  for (const part of parts) for (const direction of part.directions) union.add(direction);
  return union;
}

const CALICO_GROUPS = ['projectcalico.org', 'crd.projectcalico.org'];

/**
 * Calico policies, once each: a cluster read may return both the `projectcalico.org` view and
 * the `crd.projectcalico.org` storage of one policy (stored with a `default.` tier prefix).
 */
function calicoObjects(inventory: InventoryView, kind: string): K8sObject[] {
  const seen = new Set<string>();
  const result: K8sObject[] = [];
  for (const group of CALICO_GROUPS) {
    for (const object of inventory.ofKindInGroup(kind, group)) {
      const name = (object.metadata?.name ?? '').replace(/^default\./, '');
      const key = `${object.metadata?.namespace ?? ''}/${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      result.push(object);
    }
  }
  return result;
}

/** Every network policy of every engine in the inventory. */
export function policyModels(inventory: InventoryView): PolicyModel[] {
  const models: PolicyModel[] = [];
  for (const object of inventory.ofKind('NetworkPolicy')) {
    if (apiGroupOf(object) === 'networking.k8s.io') models.push(kubernetesModel(object));
  }
  for (const object of inventory.ofKindInGroup('CiliumNetworkPolicy', 'cilium.io')) {
    models.push(ciliumModel(object, false));
  }
  for (const object of inventory.ofKindInGroup('CiliumClusterwideNetworkPolicy', 'cilium.io')) {
    models.push(ciliumModel(object, true));
  }
  for (const object of calicoObjects(inventory, 'NetworkPolicy')) models.push(calicoModel(object, false));
  for (const object of calicoObjects(inventory, 'GlobalNetworkPolicy')) models.push(calicoModel(object, true));
  return models;
}

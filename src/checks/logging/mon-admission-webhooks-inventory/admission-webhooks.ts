/**
 * Reading admission webhook configurations: which webhooks, what they intercept, where they
 * send requests and how they fail. Shared by the webhook inventory and sc-webhook-fail-open.
 */
import type { EvidencePath, K8sObject } from '../../../model/index.js';
import { refOf, type InventoryView, type LabelSelector, type LabelSelectorRequirement } from '../../../inventory/index.js';
import type { Target } from '../../../model/index.js';

export const WEBHOOK_KINDS = ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'] as const;
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface WebhookRule {
  operations: string[];
  apiGroups: string[];
  resources: string[];
  scope: string | undefined;
}

export interface Webhook {
  configuration: K8sObject;
  index: number;
  name: string;
  path: EvidencePath;
  raw: Record<string, unknown>;
  rules: WebhookRule[];
  namespaceSelector: LabelSelector | undefined;
  objectSelector: LabelSelector | undefined;
}

export type ClientTarget =
  | { type: 'service'; namespace: string; name: string; port: number; path: string }
  | { type: 'url'; url: string; host: string }
  | { type: 'none' };

export interface ConfigurationTarget extends Target {
  object: K8sObject;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function configurationTargets(inventory: InventoryView): ConfigurationTarget[] {
  return WEBHOOK_KINDS.flatMap((kind) =>
    inventory.ofKindInGroup(kind, 'admissionregistration.k8s.io').map((object) => ({ resource: refOf(object), object })),
  );
}

export function webhooksOf(configuration: K8sObject): Webhook[] {
  const list = Array.isArray(configuration.webhooks) ? (configuration.webhooks as unknown[]) : [];
  const webhooks: Webhook[] = [];
  list.forEach((item, index) => {
    const raw = record(item);
    if (!raw) return;
    const rules = (Array.isArray(raw.rules) ? raw.rules : []).map((rule) => {
      const fields = record(rule) ?? {};
      return {
        operations: strings(fields.operations),
        apiGroups: strings(fields.apiGroups),
        resources: strings(fields.resources),
        scope: typeof fields.scope === 'string' ? fields.scope : undefined,
      };
    });
    webhooks.push({
      configuration,
      index,
      name: typeof raw.name === 'string' ? raw.name : `webhooks[${index}]`,
      path: ['webhooks', index],
      raw,
      rules,
      namespaceSelector: record(raw.namespaceSelector),
      objectSelector: record(raw.objectSelector),
    });
  });
  return webhooks;
}

/** `admissionregistration.k8s.io/v1` defaults to Fail; the removed v1beta1 defaulted to Ignore. */
export function failurePolicyOf(webhook: Webhook): { policy: string; explicit: boolean } {
  const value = webhook.raw.failurePolicy;
  if (typeof value === 'string') return { policy: value, explicit: true };
  const beta = webhook.configuration.apiVersion === 'admissionregistration.k8s.io/v1beta1';
  return { policy: beta ? 'Ignore' : 'Fail', explicit: false };
}

export function clientTarget(webhook: Webhook): ClientTarget {
  const config = record(webhook.raw.clientConfig) ?? {};
  const service = record(config.service);
  if (service) {
    return {
      type: 'service',
      namespace: typeof service.namespace === 'string' ? service.namespace : '',
      name: typeof service.name === 'string' ? service.name : '',
      port: typeof service.port === 'number' ? service.port : 443,
      path: typeof service.path === 'string' ? service.path : '',
    };
  }
  if (typeof config.url === 'string') {
    let host = '';
    try {
      host = new URL(config.url).hostname.replace(/^\[|\]$/g, '');
    } catch {
      host = '';
    }
    return { type: 'url', url: config.url, host };
  }
  return { type: 'none' };
}

/**
 * Where a URL webhook sends admission requests. Loopback means the API server's own host (EKS
 * runs its pod-identity webhook that way); `*.svc` names are cluster Services; anything else is
 * reached over the network outside the cluster.
 */
export function urlLocation(host: string): 'control-plane' | 'cluster-service' | 'external' {
  const lower = host.toLowerCase();
  if (lower === 'localhost' || lower === '::1' || /^127\.\d+\.\d+\.\d+$/.test(lower)) return 'control-plane';
  if (/\.svc(\.cluster\.local)?\.?$/.test(lower)) return 'cluster-service';
  return 'external';
}

function resourceName(group: string, resource: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}

export function describeRules(rules: readonly WebhookRule[]): string {
  if (rules.length === 0) return 'none';
  const text = rules
    .map((rule) => {
      const groups = rule.apiGroups.length > 0 ? rule.apiGroups : [''];
      const resources = groups.flatMap((group) => rule.resources.map((resource) => resourceName(group, resource)));
      const scope = rule.scope && rule.scope !== '*' ? ` (${rule.scope})` : '';
      return `${rule.operations.join(',') || 'no operations'} ${resources.join(', ') || 'no resources'}${scope}`;
    })
    .join('; ');
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

function describeRequirement(requirement: LabelSelectorRequirement): string {
  const key = requirement.key ?? '';
  const values = (requirement.values ?? []).join(',');
  switch (requirement.operator) {
    case 'In':
      return `${key} in (${values})`;
    case 'NotIn':
      return `${key} notin (${values})`;
    case 'Exists':
      return key;
    case 'DoesNotExist':
      return `!${key}`;
    default:
      return `${key} ${requirement.operator ?? '?'} (${values})`;
  }
}

/** kubectl-style selector text; a missing or empty selector selects everything. */
export function describeSelector(selector: LabelSelector | undefined): string {
  const parts = [
    ...Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`),
    ...(selector?.matchExpressions ?? []).map(describeRequirement),
  ];
  return parts.length === 0 ? 'all' : parts.join(', ');
}

const POD_OPERATIONS = new Set(['CREATE', 'UPDATE', '*']);

/** Whether the rules intercept creating or updating pods (core group, `pods` or `*`). */
export function coversPods(rules: readonly WebhookRule[]): boolean {
  return rules.some(
    (rule) =>
      rule.operations.some((operation) => POD_OPERATIONS.has(operation)) &&
      (rule.apiGroups.includes('') || rule.apiGroups.includes('*')) &&
      rule.resources.some((resource) => resource === 'pods' || resource === '*' || resource === '*/*'),
  );
}

/** The autoscaling/v1 Scale the `scale` subresource serves for a workload. */
import type { K8sObject } from '../../../src/model/index.js';
import { isMap } from './patches.js';

export function scaleOf(object: K8sObject): K8sObject {
  const spec = (isMap(object.spec) ? object.spec : {}) as { replicas?: number; selector?: unknown };
  const observed = (isMap(object.status) ? object.status : {}) as { replicas?: number };
  const metadata = object.metadata ?? {};
  const selector = isMap(spec.selector) ? selectorString(spec.selector) : undefined;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace,
      uid: metadata.uid,
      resourceVersion: metadata.resourceVersion,
      creationTimestamp: metadata.creationTimestamp,
    },
    // An unset spec.replicas is defaulted to 1 by the API server for these kinds.
    spec: { replicas: spec.replicas ?? 1 },
    status: { replicas: observed.replicas ?? 0, ...(selector ? { selector } : {}) },
  };
}

/** A LabelSelector in its string form (`app=api,tier in (web,api)`), or undefined when it cannot be parsed. */
export function selectorString(selector: Record<string, unknown>): string | undefined {
  const terms: string[] = [];
  const matchLabels = selector.matchLabels ?? {};
  if (!isMap(matchLabels)) return undefined;
  for (const [key, value] of Object.entries(matchLabels)) {
    if (typeof value !== 'string') return undefined;
    terms.push(`${key}=${value}`);
  }
  const expressions = selector.matchExpressions ?? [];
  if (!Array.isArray(expressions)) return undefined;
  for (const expression of expressions as unknown[]) {
    if (!isMap(expression) || typeof expression.key !== 'string') return undefined;
    const values = Array.isArray(expression.values) ? (expression.values as unknown[]).map(String) : [];
    switch (expression.operator) {
      case 'In':
        terms.push(`${expression.key} in (${values.join(',')})`);
        break;
      case 'NotIn':
        terms.push(`${expression.key} notin (${values.join(',')})`);
        break;
      case 'Exists':
        terms.push(expression.key);
        break;
      case 'DoesNotExist':
        terms.push(`!${expression.key}`);
        break;
      default:
        return undefined;
    }
  }
  return terms.join(',');
}

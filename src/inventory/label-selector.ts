/** Kubernetes label selectors (metav1.LabelSelector and the map form of Service selectors). */

export interface LabelSelectorRequirement {
  key?: string;
  operator?: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/**
 * Whether a LabelSelector selects the labels. An empty selector (`{}`) selects everything;
 * a missing selector is the caller's decision (for NetworkPolicy it also selects everything).
 * An unknown operator selects nothing, as the API server would reject it.
 */
export function selectorMatches(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (have[key] !== value) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const key = requirement.key ?? '';
    const values = requirement.values ?? [];
    const present = Object.prototype.hasOwnProperty.call(have, key);
    switch (requirement.operator) {
      case 'In':
        if (!present || !values.includes(have[key] as string)) return false;
        break;
      case 'NotIn':
        if (present && values.includes(have[key] as string)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Service-style selector: a plain map; an empty or missing one selects no pods. */
export function mapSelectorMatches(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  const have = labels ?? {};
  return Object.entries(selector).every(([key, value]) => have[key] === value);
}

export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return (
    !selector ||
    (Object.keys(selector.matchLabels ?? {}).length === 0 &&
      (selector.matchExpressions ?? []).length === 0)
  );
}

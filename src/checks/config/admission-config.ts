import type { EvidencePath } from '../../model/index.js';
import {
  ADMISSION_CONFIG_MODES,
  defaultAdmissionConfig,
  type AdmissionConfig,
  type AdmissionConfigMode,
  type AdmissionNamespaceRule,
} from './config-types.js';
import { readImageGateConfig } from './image-gate-config.js';
import { describeValue, type Validator } from './validator.js';

const ADMISSION_KEYS = ['mode', 'checks', 'namespaces', 'excludeNamespaces', 'excludeNamespaceLabels', 'minSeverity', 'images'] as const;
const NAMESPACE_RULE_KEYS = ['match', 'mode', 'checks'] as const;
const PATH = ['admission'];

/**
 * Reads the `admission:` section of `.eksguard.yaml` over its defaults. `remember` records where
 * check ids sit, so ids that name no check are reported at their line once the checks are known.
 */
export function readAdmissionConfig(
  validator: Validator,
  value: unknown,
  remember: (path: EvidencePath) => void,
): AdmissionConfig | undefined {
  const map = validator.map(value, PATH);
  if (!map) return undefined;
  validator.knownKeys(map, PATH, ADMISSION_KEYS);
  const config = defaultAdmissionConfig();
  const mode = readMode(validator, map.mode, [...PATH, 'mode']);
  if (mode) config.mode = mode;
  config.checks = readCheckModes(validator, map.checks, [...PATH, 'checks'], remember);
  config.namespaces = readNamespaceRules(validator, map.namespaces, remember);
  config.excludeNamespaces = validator.stringList(map.excludeNamespaces, [...PATH, 'excludeNamespaces']) ?? [];
  config.excludeNamespaceLabels = readLabels(validator, map.excludeNamespaceLabels, [...PATH, 'excludeNamespaceLabels']);
  const minSeverity = validator.severity(map.minSeverity, [...PATH, 'minSeverity']);
  if (minSeverity) config.minSeverity = minSeverity;
  const images = readImageGateConfig(validator, map.images, [...PATH, 'images'], remember);
  if (images) config.images = images;
  return config;
}

function readMode(validator: Validator, value: unknown, path: EvidencePath): AdmissionConfigMode | undefined {
  if (value === undefined) return undefined;
  if ((ADMISSION_CONFIG_MODES as readonly unknown[]).includes(value)) return value as AdmissionConfigMode;
  validator.fail(path, `must be one of ${ADMISSION_CONFIG_MODES.join(', ')}, not ${describeValue(value)}`);
  return undefined;
}

function readCheckModes(
  validator: Validator,
  value: unknown,
  path: EvidencePath,
  remember: (path: EvidencePath) => void,
): Record<string, AdmissionConfigMode> {
  const modes: Record<string, AdmissionConfigMode> = {};
  for (const [id, mode] of Object.entries(validator.map(value, path) ?? {})) {
    const parsed = readMode(validator, mode, [...path, id]);
    if (!parsed) continue;
    modes[id] = parsed;
    remember([...path, id]);
  }
  return modes;
}

function readNamespaceRules(
  validator: Validator,
  value: unknown,
  remember: (path: EvidencePath) => void,
): AdmissionNamespaceRule[] {
  const path = [...PATH, 'namespaces'];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    validator.fail(path, `must be a list of namespace rules, not ${describeValue(value)}`);
    return [];
  }
  const rules: AdmissionNamespaceRule[] = [];
  value.forEach((item: unknown, index) => {
    const rulePath = [...path, index];
    const map = validator.map(item, rulePath);
    if (!map) return;
    const before = validator.errors.length;
    validator.knownKeys(map, rulePath, NAMESPACE_RULE_KEYS);
    validator.required(map, rulePath, 'match', 'the namespace names or globs this rule applies to');
    const match = validator.stringList(map.match, [...rulePath, 'match']);
    if (match && match.length === 0) validator.fail([...rulePath, 'match'], 'must name at least one namespace or glob');
    const mode = readMode(validator, map.mode, [...rulePath, 'mode']);
    const checks = readCheckModes(validator, map.checks, [...rulePath, 'checks'], remember);
    if (map.mode === undefined && map.checks === undefined) {
      validator.fail(rulePath, 'needs `mode`, `checks` or both: a rule that changes nothing is a mistake');
    }
    // A half-valid rule must not apply: it could relax namespaces its author did not mean.
    if (validator.errors.length > before || !match) return;
    const rule: AdmissionNamespaceRule = { match, checks, index };
    if (mode) rule.mode = mode;
    rules.push(rule);
  });
  return rules;
}

function readLabels(validator: Validator, value: unknown, path: EvidencePath): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, labelValue] of Object.entries(validator.map(value, path) ?? {})) {
    // YAML reads `disabled: true` as a boolean; label values are always strings.
    if (typeof labelValue === 'string' || typeof labelValue === 'number' || typeof labelValue === 'boolean') {
      labels[key] = String(labelValue);
    } else {
      validator.fail([...path, key], `must be a label value (string), not ${describeValue(labelValue)}`);
    }
  }
  return labels;
}

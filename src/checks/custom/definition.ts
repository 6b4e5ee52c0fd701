import type { Severity } from '../../model/index.js';
import { isWorkloadKind } from '../../inventory/index.js';
import { Validator, describeValue } from '../config/validator.js';
import type { ConfigError, YamlDocument } from '../config/yaml-source.js';

export const API_VERSION = 'eksguard.dev/v1';
export const KIND = 'CustomCheck';
/** Custom ids carry a prefix so they can never collide with a built-in check, now or later. */
export const CUSTOM_ID = /^custom-[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface CustomMatch {
  /** Kinds to evaluate; with `workloads`, only pod templates of these kinds. */
  kinds?: string[];
  /** Evaluate every pod template (one per controller), with `podSpec` and `podMetadata`. */
  workloads: boolean;
  namespaces?: string[];
  excludeNamespaces?: string[];
}

export interface CustomValidation {
  expression: string;
  message: string;
  /** Evidence path as written (`metadata.labels`, `container.securityContext.privileged`). */
  path?: string;
}

/** A custom check as written in YAML, validated but not compiled. */
export interface CustomCheckDefinition {
  id: string;
  title: string;
  severity: Severity;
  description: string;
  remediation: string;
  links?: string[];
  options?: Record<string, unknown>;
  match: CustomMatch;
  /** `container`: run the validations once per container, with `container` bound. */
  forEach?: 'container';
  validations: CustomValidation[];
}

const TOP_LEVEL = [
  'apiVersion',
  'kind',
  'id',
  'title',
  'severity',
  'description',
  'remediation',
  'links',
  'options',
  'match',
  'forEach',
  'validations',
] as const;
const MATCH_KEYS = ['kinds', 'workloads', 'namespaces', 'excludeNamespaces'] as const;
const VALIDATION_KEYS = ['expression', 'message', 'path'] as const;

/** Reads one YAML document as a custom check definition; nothing is returned if it has errors. */
export function readDefinition(document: YamlDocument): { definition?: CustomCheckDefinition; errors: ConfigError[] } {
  const v = new Validator(document);
  const root = v.map(document.value(), []);
  if (!root) return { errors: v.errors };
  v.knownKeys(root, [], TOP_LEVEL);
  if (root.apiVersion !== API_VERSION) v.fail(['apiVersion'], `must be ${API_VERSION}, not ${describeValue(root.apiVersion)}`);
  if (root.kind !== KIND) v.fail(['kind'], `must be ${KIND}, not ${describeValue(root.kind)}`);

  for (const key of ['id', 'title', 'severity', 'remediation', 'match', 'validations'] as const) v.required(root, [], key);
  const id = v.string(root.id, ['id']);
  if (id !== undefined && !CUSTOM_ID.test(id)) {
    v.fail(['id'], 'must start with "custom-" and use lowercase letters, digits and dashes (custom-team-label)');
  }
  const title = v.string(root.title, ['title']);
  const severity = v.severity(root.severity, ['severity']);
  const description = v.string(root.description, ['description']);
  const remediation = v.string(root.remediation, ['remediation']);
  const links = v.stringList(root.links, ['links']);
  const options = v.map(root.options, ['options']);
  const match = readMatch(v, root.match);
  let forEach: 'container' | undefined;
  if (root.forEach !== undefined) {
    if (root.forEach === 'container') forEach = 'container';
    else v.fail(['forEach'], `must be container, not ${describeValue(root.forEach)}`);
  }
  if (forEach && match && !match.workloads) {
    v.fail(['forEach'], 'needs match.workloads: true (containers exist only in pod templates)');
  }
  const validations = readValidations(v, root.validations);

  if (v.errors.length > 0 || !id || !title || !severity || !remediation || !match || !validations) {
    return { errors: v.errors };
  }
  const definition: CustomCheckDefinition = {
    id,
    title,
    severity,
    description: description ?? title,
    remediation,
    match,
    validations,
  };
  if (links) definition.links = links;
  if (options) definition.options = options;
  if (forEach) definition.forEach = forEach;
  return { definition, errors: [] };
}

function readMatch(v: Validator, value: unknown): CustomMatch | undefined {
  const map = v.map(value, ['match']);
  if (!map) return undefined;
  v.knownKeys(map, ['match'], MATCH_KEYS);
  const kinds = v.stringList(map.kinds, ['match', 'kinds']);
  const workloads = v.boolean(map.workloads, ['match', 'workloads']) ?? false;
  const match: CustomMatch = { workloads };
  kinds?.forEach((kind, index) => {
    if (!/^[A-Z][A-Za-z0-9]*$/.test(kind)) v.fail(['match', 'kinds', index], `"${kind}" is not a Kubernetes kind (Deployment, Service, ...)`);
    else if (workloads && !isWorkloadKind(kind)) v.fail(['match', 'kinds', index], `"${kind}" has no pod template; drop it or workloads: true`);
  });
  if (kinds && kinds.length > 0) match.kinds = kinds;
  if (!workloads && !match.kinds) v.fail(['match'], 'must name kinds or set workloads: true');
  const namespaces = v.stringList(map.namespaces, ['match', 'namespaces']);
  if (namespaces) match.namespaces = namespaces;
  const exclude = v.stringList(map.excludeNamespaces, ['match', 'excludeNamespaces']);
  if (exclude) match.excludeNamespaces = exclude;
  return match;
}

function readValidations(v: Validator, value: unknown): CustomValidation[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    v.fail(['validations'], 'must be a list of at least one validation');
    return undefined;
  }
  const validations: CustomValidation[] = [];
  value.forEach((item: unknown, index) => {
    const path = ['validations', index];
    const map = v.map(item, path);
    if (!map) return;
    v.knownKeys(map, path, VALIDATION_KEYS);
    v.required(map, path, 'expression', 'a CEL expression that is true when the object complies');
    v.required(map, path, 'message', 'the finding text when the expression is false');
    const expression = v.string(map.expression, [...path, 'expression']);
    const message = v.string(map.message, [...path, 'message']);
    const evidence = v.string(map.path, [...path, 'path']);
    if (!expression || !message) return;
    const validation: CustomValidation = { expression, message };
    if (evidence) validation.path = evidence;
    validations.push(validation);
  });
  return validations;
}

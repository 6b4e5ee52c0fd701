import { FAILSAFE_SCHEMA, Type, types } from 'js-yaml';

/**
 * YAML as kubectl reads it. Kubernetes decodes manifests with go-yaml v2 (through
 * sigs.k8s.io/yaml), which follows YAML 1.1 for booleans (`yes`, `on`, `y` …) and applies merge
 * keys (`<<: *defaults`). Reading them any other way would let `privileged: yes` or a merged
 * `securityContext` slip past the checks while the cluster applies them.
 */
const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);

const yaml11Boolean = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && (TRUE.has(data) || FALSE.has(data)),
  construct: (data: string) => TRUE.has(data),
  predicate: (object: unknown) => typeof object === 'boolean',
  represent: (object: unknown) => String(object),
});

export const KUBERNETES_YAML_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [types.null, yaml11Boolean, types.int, types.float, types.merge],
});

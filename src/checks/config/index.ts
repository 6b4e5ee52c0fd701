export { buildPolicy, type BuiltPolicy, type PolicyOptions } from './build-policy.js';
export {
  ADMISSION_CONFIG_MODES,
  defaultAdmissionConfig,
  defaultConfig,
  type AdmissionConfig,
  type AdmissionConfigMode,
  type AdmissionNamespaceRule,
  type ConfigException,
  type EksguardConfig,
  type FailOn,
  type ResourceSelector,
} from './config-types.js';
export { EKS_BASELINE, baselineCheckIds, type BaselineException } from './eks-baseline.js';
export { compileGlob, compileGlobs, isGlob } from './glob.js';
export { parseConfig, readConfigFile } from './parse-config.js';
export { identitiesOf, labelsOf, type Identity } from './resource-selector.js';
export { selectChecks, type Selection, type SelectionOverrides } from './select-checks.js';
export { validateConfigAgainst, type KnownCheck } from './validate-against.js';
export { formatConfigError, parseYaml, parseYamlStream, YamlDocument, type ConfigError, type SourcePosition } from './yaml-source.js';

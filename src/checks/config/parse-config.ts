import { readFileSync } from 'node:fs';
import type { EvidencePath, Severity } from '../../model/index.js';
import { SEVERITIES } from '../../model/index.js';
import { formatPath } from '../../inventory/evidence-path.js';
import {
  defaultConfig,
  type ConfigException,
  type EksguardConfig,
  type FailOn,
  type ResourceSelector,
} from './config-types.js';
import { readAdmissionConfig } from './admission-config.js';
import { Validator, describeValue } from './validator.js';
import { parseYaml, type ConfigError, type SourcePosition, type YamlDocument } from './yaml-source.js';

const TOP_LEVEL = ['checks', 'baseline', 'exceptions', 'customChecks', 'failOn', 'admission'] as const;
const CHECKS_KEYS = ['enable', 'disable', 'severity', 'options'] as const;
const EXCEPTION_KEYS = ['checks', 'resources', 'reason', 'expires'] as const;
const SELECTOR_KEYS = ['kind', 'namespace', 'name', 'labels', 'container'] as const;

/**
 * Reads `.eksguard.yaml`. Always returns a usable configuration: the valid parts of the file
 * over the defaults. Any error means the caller should stop (exit 2) rather than scan with a
 * configuration the user did not write.
 */
export function parseConfig(text: string, file: string): { config: EksguardConfig; errors: ConfigError[] } {
  const { document, errors: syntaxErrors } = parseYaml(text, file);
  const config = defaultConfig(file);
  if (syntaxErrors.length > 0) return { config, errors: syntaxErrors };
  const reader = new ConfigReader(document, config);
  reader.read(document.value());
  return { config, errors: reader.errors };
}

/** Reads and parses a configuration file; a file that cannot be read is one error. */
export function readConfigFile(file: string): { config: EksguardConfig; errors: ConfigError[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { config: defaultConfig(file), errors: [{ file, path: '', message: `cannot read: ${reason}` }] };
  }
  return parseConfig(text, file);
}

class ConfigReader extends Validator {
  private readonly positions = new Map<string, SourcePosition>();

  constructor(
    document: YamlDocument,
    private readonly config: EksguardConfig,
  ) {
    super(document);
    this.config.positions = this.positions;
  }

  read(value: unknown): void {
    if (value === null || value === undefined) return; // an empty file is the defaults
    const root = this.map(value, []);
    if (!root) return;
    this.knownKeys(root, [], TOP_LEVEL);
    this.readChecks(root.checks);
    const baseline = this.boolean(root.baseline, ['baseline']);
    if (baseline !== undefined) this.config.baseline = baseline;
    this.readExceptions(root.exceptions);
    this.config.customChecks = this.stringList(root.customChecks, ['customChecks']) ?? [];
    const failOn = this.failOn(root.failOn);
    if (failOn) this.config.failOn = failOn;
    const admission = readAdmissionConfig(this, root.admission, (path) => this.remember(path));
    if (admission) this.config.admission = admission;
  }

  private remember(path: EvidencePath): void {
    this.positions.set(formatPath(path), this.document.positionOf(path));
  }

  private idList(value: unknown, path: EvidencePath): string[] | undefined {
    const list = this.stringList(value, path);
    list?.forEach((_, index) => this.remember([...path, index]));
    return list;
  }

  private readChecks(value: unknown): void {
    const checks = this.map(value, ['checks']);
    if (!checks) return;
    this.knownKeys(checks, ['checks'], CHECKS_KEYS);
    const enable = this.idList(checks.enable, ['checks', 'enable']);
    if (enable) this.config.checks.enable = enable;
    this.config.checks.disable = this.idList(checks.disable, ['checks', 'disable']) ?? [];

    const severity = this.map(checks.severity, ['checks', 'severity']) ?? {};
    for (const [id, level] of Object.entries(severity)) {
      const parsed: Severity | undefined = this.severity(level, ['checks', 'severity', id]);
      if (!parsed) continue;
      this.config.checks.severity[id] = parsed;
      this.remember(['checks', 'severity', id]);
    }

    const options = this.map(checks.options, ['checks', 'options']) ?? {};
    for (const [id, perCheck] of Object.entries(options)) {
      const path = ['checks', 'options', id];
      const map = this.map(perCheck, path);
      if (!map) continue;
      this.config.checks.options[id] = map;
      this.remember(path);
      for (const key of Object.keys(map)) this.remember([...path, key]);
    }
  }

  private readExceptions(value: unknown): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) {
      this.fail(['exceptions'], `must be a list of exceptions, not ${describeValue(value)}`);
      return;
    }
    value.forEach((item: unknown, index) => {
      const exception = this.readException(item, ['exceptions', index]);
      if (exception) this.config.exceptions.push(exception);
    });
  }

  private readException(value: unknown, path: EvidencePath): ConfigException | undefined {
    const map = this.map(value, path);
    if (!map) return undefined;
    const before = this.errors.length;
    this.knownKeys(map, path, EXCEPTION_KEYS);
    this.required(map, path, 'checks', 'the check ids (or globs, "*" for all) this exception waives');
    this.required(map, path, 'reason', 'say why the finding is acceptable; it is shown with every waived finding');
    const checks = this.idList(map.checks, [...path, 'checks']);
    if (checks && checks.length === 0) this.fail([...path, 'checks'], 'must name at least one check id or glob');
    const reason = this.string(map.reason, [...path, 'reason']);
    const expires = this.date(map.expires, [...path, 'expires']);
    const resources = this.readSelector(map.resources, [...path, 'resources']);
    // A half-valid exception must not apply: it could waive more than its author meant.
    if (this.errors.length > before || !checks || !reason) return undefined;
    const exception: ConfigException = { checks, reason, index: Number(path[1]) };
    if (resources) exception.resources = resources;
    if (expires) exception.expires = expires;
    return exception;
  }

  private readSelector(value: unknown, path: EvidencePath): ResourceSelector | undefined {
    const map = this.map(value, path);
    if (!map) return undefined;
    this.knownKeys(map, path, SELECTOR_KEYS);
    const selector: ResourceSelector = {};
    for (const key of ['kind', 'namespace', 'name', 'container'] as const) {
      const text = this.string(map[key], [...path, key]);
      if (text !== undefined) selector[key] = text;
    }
    const labels = this.map(map.labels, [...path, 'labels']);
    if (labels) {
      selector.labels = {};
      for (const [key, labelValue] of Object.entries(labels)) {
        // YAML reads `tier: 1` or `enabled: true` as non-strings; label values are always strings.
        if (typeof labelValue === 'string' || typeof labelValue === 'number' || typeof labelValue === 'boolean') {
          selector.labels[key] = String(labelValue);
        } else {
          this.fail([...path, 'labels', key], `must be a label value (string), not ${describeValue(labelValue)}`);
        }
      }
    }
    return selector;
  }

  private failOn(value: unknown): FailOn | undefined {
    if (value === undefined) return undefined;
    if (value === 'none' || SEVERITIES.includes(value as Severity)) return value as FailOn;
    this.fail(['failOn'], `must be one of ${SEVERITIES.join(', ')}, none; not ${describeValue(value)}`);
    return undefined;
  }
}

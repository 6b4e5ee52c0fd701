import type { ContainerList, EvidencePath, PathSegment } from '../../model/index.js';
import { getIn, refOf, type ContainerRef, type InventoryView, type Workload } from '../../inventory/index.js';
import { defineCheck, type AnyCheck } from '../define-check.js';
import type { ObjectTarget } from '../targets.js';
import { compileGlobs, type Matcher } from '../config/glob.js';
import type { ConfigError, YamlDocument } from '../config/yaml-source.js';
import { celErrorText, compileExpression, isCompileProblem, toCel, type CelMode, type CompiledExpression } from './cel.js';
import type { CustomCheckDefinition, CustomMatch } from './definition.js';
import { parseEvidencePath, type EvidenceTemplate } from './evidence-template.js';

/** Placeholders a custom message may use. */
export const MESSAGE_PLACEHOLDERS = ['kind', 'namespace', 'name', 'container'] as const;

interface CompiledValidation {
  messageId: string;
  expression: CompiledExpression;
  evidence: EvidenceTemplate | undefined;
  /** `file:line` of the expression, for runtime errors. */
  where: string;
  label: string;
}

type CustomTarget = ObjectTarget | Workload;

const CONTAINER_TYPES: Record<ContainerList, string> = {
  containers: 'container',
  initContainers: 'initContainer',
  ephemeralContainers: 'ephemeralContainer',
};

/**
 * Turns a definition into a real check (area `custom`), so the engine, reporters, exceptions
 * and severity overrides treat it like a built-in one. Every expression is compiled here, once.
 */
export function buildCustomCheck(
  definition: CustomCheckDefinition,
  document: YamlDocument,
): { check?: AnyCheck; errors: ConfigError[] } {
  const mode: CelMode = definition.forEach === 'container' ? 'container' : definition.match.workloads ? 'workload' : 'object';
  const { validations, messages, errors } = compileValidations(definition, document, mode);
  if (errors.length > 0) return { errors };

  const inScope = scopeOf(definition.match);
  const check = defineCheck<CustomTarget, string>({
    id: definition.id,
    title: definition.title,
    severity: definition.severity,
    area: 'custom',
    description: definition.description,
    remediation: definition.remediation,
    messages,
    ...(definition.links ? { links: definition.links } : {}),
    ...(definition.options ? { options: definition.options } : {}),
    targets: (inventory) => targetsOf(inventory, definition.match, inScope),
    evaluate(target, context) {
      const object = toCel(target.object) as Record<string, unknown>;
      const variables: Record<string, unknown> = { object, options: toCel(context.options) };
      const workload = 'podSpecPath' in target ? target : undefined;
      if (workload) {
        variables.podSpec = getIn(object, workload.podSpecPath) ?? {};
        variables.podMetadata = getIn(object, workload.podMetadataPath) ?? {};
      }
      const data = {
        kind: target.resource.kind,
        namespace: target.resource.namespace ?? '',
        name: target.resource.name,
        container: '',
      };
      const run = (ref: ContainerRef | undefined): void => {
        for (const validation of validations) {
          if (evaluate(validation, variables)) continue;
          const path = evidencePath(validation.evidence, workload, ref);
          context.fail(
            validation.messageId,
            ref ? { ...data, container: ref.name } : data,
            { ...(ref ? { container: ref.name } : {}), ...(path ? { path } : {}) },
          );
        }
      };
      if (mode !== 'container' || !workload) {
        run(undefined);
        return;
      }
      for (const ref of workload.containers) {
        variables.container = getIn(object, ref.path) ?? {};
        variables.containerType = CONTAINER_TYPES[ref.list];
        run(ref);
      }
    },
  });
  return { check, errors: [] };
}

function compileValidations(
  definition: CustomCheckDefinition,
  document: YamlDocument,
  mode: CelMode,
): { validations: CompiledValidation[]; messages: Record<string, string>; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  const validations: CompiledValidation[] = [];
  const messages: Record<string, string> = {};
  definition.validations.forEach((validation, index) => {
    const at = ['validations', index];
    const compiled = compileExpression(validation.expression, mode);
    if (isCompileProblem(compiled)) {
      const position = document.positionInString([...at, 'expression'], compiled.offset);
      errors.push({ file: document.file, ...position, path: `validations[${index}].expression`, message: compiled.message });
      return;
    }
    let evidence: EvidenceTemplate | undefined;
    if (validation.path !== undefined) {
      const parsed = parseEvidencePath(validation.path);
      const problem = typeof parsed === 'string' ? parsed : rootProblem(parsed, mode);
      if (problem !== undefined || typeof parsed === 'string') {
        errors.push(document.error([...at, 'path'], problem ?? 'invalid path'));
        return;
      }
      evidence = parsed;
    }
    errors.push(...placeholderProblems(validation.message, mode).map((problem) => document.error([...at, 'message'], problem)));
    const messageId = `v${index}`;
    messages[messageId] = validation.message;
    const { line } = document.positionOf([...at, 'expression']);
    validations.push({ messageId, expression: compiled, evidence, where: `${document.file}:${line}`, label: `validations[${index}]` });
  });
  return { validations, messages, errors };
}

function placeholderProblems(message: string, mode: CelMode): string[] {
  const problems: string[] = [];
  for (const [, placeholder = ''] of message.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
    if (!(MESSAGE_PLACEHOLDERS as readonly string[]).includes(placeholder)) {
      const known = MESSAGE_PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ');
      problems.push(`unknown placeholder {{${placeholder}}}; use ${known}`);
    } else if (placeholder === 'container' && mode !== 'container') {
      problems.push('{{container}} needs forEach: container');
    }
  }
  return problems;
}

function evaluate(validation: CompiledValidation, variables: Record<string, unknown>): boolean {
  let result: unknown;
  try {
    result = validation.expression.evaluate(variables);
  } catch (error) {
    throw new Error(`${validation.where}: ${validation.label}.expression: ${celErrorText(error)}`, { cause: error });
  }
  if (typeof result !== 'boolean') {
    throw new Error(`${validation.where}: ${validation.label}.expression returned ${typeof result}, not a bool`);
  }
  return result;
}

function rootProblem(template: EvidenceTemplate, mode: CelMode): string | undefined {
  if (template.root === 'container' && mode !== 'container') return 'a container path needs forEach: container';
  if ((template.root === 'podSpec' || template.root === 'podMetadata') && mode === 'object') {
    return `a ${template.root} path needs match.workloads: true`;
  }
  return undefined;
}

/** The evidence path from the object root; without a template, the container (if any). */
function evidencePath(
  template: EvidenceTemplate | undefined,
  workload: Workload | undefined,
  ref: ContainerRef | undefined,
): EvidencePath | undefined {
  if (!template) return ref?.path;
  let base: readonly PathSegment[] = [];
  const root = template.root ?? (ref ? 'container' : 'object');
  if (root === 'container' && ref) base = ref.path;
  else if (root === 'podSpec' && workload) base = workload.podSpecPath;
  else if (root === 'podMetadata' && workload) base = workload.podMetadataPath;
  return [...base, ...template.segments];
}

function scopeOf(match: CustomMatch): (namespace: string | undefined) => boolean {
  const include: Matcher | undefined = match.namespaces ? compileGlobs(match.namespaces) : undefined;
  const exclude = compileGlobs(match.excludeNamespaces ?? []);
  return (namespace) => {
    if (include && (namespace === undefined || !include(namespace))) return false;
    return namespace === undefined || !exclude(namespace);
  };
}

function targetsOf(
  inventory: InventoryView,
  match: CustomMatch,
  inScope: (namespace: string | undefined) => boolean,
): CustomTarget[] {
  if (match.workloads) {
    const kinds = match.kinds ? new Set(match.kinds) : undefined;
    return inventory
      .workloads()
      .filter((workload) => (!kinds || kinds.has(workload.object.kind ?? '')) && inScope(workload.namespace));
  }
  const targets: ObjectTarget[] = [];
  for (const kind of match.kinds ?? []) {
    for (const object of inventory.ofKind(kind)) {
      if (inScope(object.metadata?.namespace)) targets.push({ resource: refOf(object), object });
    }
  }
  return targets;
}

/**
 * Attack paths in SARIF: a finding on a path carries the path as a code flow, one thread flow
 * whose locations are the path's nodes in order, each with the step that reaches it. SARIF
 * viewers (and GitHub's "show paths") walk them like a data flow.
 */
import type { AttackPath, AttackPathStep, CheckResult, GraphNodeRef, Location, ResourceRef } from '../model/index.js';
import { artifactOf } from './artifact-location.js';
import { evidenceText, nodeLabel, stepText } from './attack-paths.js';
import { resourcePath } from './resource-label.js';
import { physicalOf, type PhysicalLocation } from './sarif-locations.js';
import type { SarifMessage } from './sarif-rules.js';

/** Enough for any viewer; the result's properties list every path it is on. */
export const MAX_CODE_FLOWS = 10;

interface ThreadFlowLocation {
  location: {
    /** Only for nodes a scanned file is known to declare. */
    physicalLocation?: PhysicalLocation;
    logicalLocations: Array<{ name: string; fullyQualifiedName: string; kind: string }>;
    message: SarifMessage;
  };
  executionOrder: number;
  importance?: 'essential';
}

export interface SarifCodeFlow {
  message: SarifMessage;
  threadFlows: Array<{ locations: ThreadFlowLocation[] }>;
  properties: { attackPathId: string; query: string; severity: string; score: number };
}

function key(ref: Pick<ResourceRef, 'kind' | 'namespace' | 'name'>): string {
  return `${ref.kind}\u0000${ref.namespace ?? ''}\u0000${ref.name}`;
}

/**
 * Where each scanned object is declared, as far as the results tell: the earliest line any
 * result on it points at (the object's own first lines come before its fields).
 */
export function declaredLocations(results: readonly CheckResult[]): Map<string, Location> {
  const where = new Map<string, Location>();
  for (const entry of results) {
    if (!entry.location) continue;
    const known = where.get(key(entry.resource));
    if (!known || (entry.location.file === known.file && entry.location.line < known.line)) where.set(key(entry.resource), entry.location);
  }
  return where;
}

export interface CodeFlowContext {
  paths: ReadonlyMap<string, AttackPath>;
  declared: ReadonlyMap<string, Location>;
}

/**
 * The code flows of one located finding: its paths, highest score first, at most
 * MAX_CODE_FLOWS. A node gets a physical location only when a result of the scan places it in
 * a file; the others (the Internet, IAM roles, objects read from a cluster, and objects no
 * recorded result is on) have the logical location and the message alone. Pointing them at
 * some other file (the finding's own, say) would send a reader to the wrong object: SARIF
 * allows a thread-flow location without a physical one, unlike a result's own location.
 */
export function codeFlowsOf(entry: CheckResult, context: CodeFlowContext): SarifCodeFlow[] {
  const paths = (entry.attackPathIds ?? [])
    .map((id) => context.paths.get(id))
    .filter((path): path is AttackPath => path !== undefined && path.steps.length > 0)
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, MAX_CODE_FLOWS);
  return paths.map((path) => {
    const physical = (node: GraphNodeRef): PhysicalLocation | undefined => {
      const declared = context.declared.get(key(node));
      return declared && physicalOf(artifactOf(declared));
    };
    const first = path.steps[0]!;
    const locations: ThreadFlowLocation[] = [
      threadLocation(first.from, physical(first.from), `Start: ${nodeLabel(first.from)}`, 1),
      ...path.steps.map((step, index) => {
        const location = threadLocation(step.to, physical(step.to), stepMessage(step), index + 2);
        // The steps this very finding enables are the ones fixing it would cut.
        if (step.checkIds?.includes(entry.checkId)) location.importance = 'essential';
        return location;
      }),
    ];
    return {
      message: { text: `${path.title} (${path.severity}, score ${Math.round(path.score)})` },
      threadFlows: [{ locations }],
      properties: { attackPathId: path.id, query: path.query, severity: path.severity, score: path.score },
    };
  });
}

function stepMessage(step: AttackPathStep): string {
  const evidence = step.evidence.map(evidenceText);
  const checks = step.checkIds && step.checkIds.length > 0 ? [`enabled by ${step.checkIds.join(', ')}`] : [];
  return [stepText(step), ...evidence, ...checks].join('; ');
}

function threadLocation(node: GraphNodeRef, physicalLocation: PhysicalLocation | undefined, text: string, order: number): ThreadFlowLocation {
  return {
    location: {
      ...(physicalLocation && { physicalLocation }),
      logicalLocations: [{ name: node.name, fullyQualifiedName: resourcePath(node), kind: 'resource' }],
      message: { text },
    },
    executionOrder: order,
  };
}

/**
 * Pod-to-pod reachability between workloads under Kubernetes NetworkPolicy, answered per pair
 * of equivalence classes (see classes.ts) and memoised: the first `reachableFrom` of a class
 * costs one verdict per class, later calls for any workload of that class only list members.
 */
import type { InventoryView, Workload } from '../../inventory/index.js';
import { classVerdict, restrictPorts, type ClassVerdict } from './class-verdict.js';
import { reachClasses, type ReachClass, type ReachClasses, type WorkloadFacts } from './classes.js';
import { EvidenceWriter } from './evidence.js';
import type { PortSet } from './port-set.js';
import type { ReachVerdict } from './verdict.js';

export interface ReachableWorkload {
  workload: Workload;
  verdict: ReachVerdict;
}

const UNKNOWN: ReachVerdict = { reachable: false, evidence: [], enabledBy: [] };

/** What one source class reaches: computed in one pass over the classes, then kept. */
interface ClassRow {
  targets: Array<{ target: ReachClass; verdict: ClassVerdict }>;
  /** Target class id → verdict, for reachable targets only (unreachable ones are not kept). */
  reachable: Map<number, ClassVerdict>;
}

export class NetworkReachability {
  private readonly rows = new Map<ReachClass, ClassRow>();
  private readonly writer: EvidenceWriter;
  private computed = 0;

  private constructor(
    inventory: InventoryView,
    private readonly classes: ReachClasses,
  ) {
    this.writer = new EvidenceWriter(inventory);
  }

  /** One instance per inventory (cached on the view); builds the classes. */
  static of(inventory: InventoryView): NetworkReachability {
    return inventory.cached('graph:network-reachability', () => new NetworkReachability(inventory, reachClasses(inventory)));
  }

  get classCount(): number {
    return this.classes.classes.length;
  }

  /** Class-pair verdicts evaluated for `reachableFrom` so far (each pair at most once). */
  get verdictsComputed(): number {
    return this.computed;
  }

  /** The class a workload belongs to (same class, same verdicts), for callers that group. */
  classOf(workload: Workload): ReachClass | undefined {
    return this.classes.facts(workload)?.reachClass;
  }

  private row(source: ReachClass): ClassRow {
    let row = this.rows.get(source);
    if (!row) {
      row = { targets: [], reachable: new Map() };
      for (const target of this.classes.classes) {
        const verdict = classVerdict(source, target, true);
        this.computed++;
        if (!verdict.reachable) continue;
        row.targets.push({ target, verdict });
        row.reachable.set(target.id, verdict);
      }
      this.rows.set(source, row);
    }
    return row;
  }

  /**
   * Whether the pods of `from` may open a connection to the pods of `to`, and why; with
   * `ports`, only a connection to one of those ports counts (a Service's target ports).
   */
  reach(from: Workload, to: Workload, ports?: PortSet): ReachVerdict {
    const source = this.classes.facts(from);
    const target = this.classes.facts(to);
    if (!source || !target) return UNKNOWN;
    // A single pair costs one class verdict; a known row answers reachable pairs from memory.
    const known = this.rows.get(source.reachClass)?.reachable.get(target.reachClass.id);
    const verdict = known ?? classVerdict(source.reachClass, target.reachClass);
    if (!verdict.reachable) return this.writer.blocked(source, target, verdict);
    if (!ports) return this.writer.allowed(source, target, verdict);
    const onPorts = restrictPorts(verdict, ports);
    return onPorts.reachable ? this.writer.allowed(source, target, onPorts) : this.writer.blockedOnPorts(source, target, verdict, ports);
  }

  /**
   * Every other workload the pods of `from` may open connections to, without the evidence:
   * a search lists thousands and keeps a few, whose verdicts `reach` then gives from memory.
   */
  reachableWorkloads(from: Workload): Workload[] {
    const source = this.classes.facts(from);
    if (!source) return [];
    const found: Workload[] = [];
    for (const { target } of this.row(source.reachClass).targets) {
      for (const workload of target.members) if (workload !== from) found.push(workload);
    }
    return found;
  }

  /** Every other workload the pods of `from` may open connections to. */
  reachableFrom(from: Workload): ReachableWorkload[] {
    const source = this.classes.facts(from);
    if (!source) return [];
    const found: ReachableWorkload[] = [];
    for (const { target, verdict } of this.row(source.reachClass).targets) {
      for (const workload of target.members) {
        if (workload === from) continue;
        const facts = this.classes.facts(workload) as WorkloadFacts;
        found.push({ workload, verdict: this.writer.allowed(source, facts, verdict) });
      }
    }
    return found;
  }
}

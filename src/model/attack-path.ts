import type { Severity } from './severity.js';

/** A node of the security graph as reports show it. */
export interface GraphNodeRef {
  /** Kubernetes kind, or `Internet`, `IAMRole`, `AWSPrincipal`, `AWSPermission`, `ClusterAdmin`, … */
  kind: string;
  namespace?: string;
  name: string;
}

/** Why an edge exists: the object and field that create it. */
export interface StepEvidence {
  resource: GraphNodeRef;
  /** Dotted path in that object (`spec.template.spec.containers[0].securityContext.privileged`). */
  path?: string;
  detail: string;
}

export interface AttackPathStep {
  from: GraphNodeRef;
  edge: string;
  to: GraphNodeRef;
  evidence: StepEvidence[];
  /** Ids of the checks whose findings create this step (fix one to break the path). */
  checkIds?: string[];
}

/** A chain of edges from an attacker's foothold to something worth having. */
export interface AttackPath {
  /** Stable across scans of the same inventory: query id and a hash of the node ids. */
  id: string;
  query: string;
  title: string;
  severity: Severity;
  /** 0–100; higher first. */
  score: number;
  steps: AttackPathStep[];
}

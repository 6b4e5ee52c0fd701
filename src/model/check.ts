import type { EvidencePath, K8sObject, ResourceRef } from './kubernetes.js';
import type { Severity } from './severity.js';

export const AREAS = [
  'cluster',
  'nodes',
  'network',
  'identity',
  'rbac',
  'workload',
  'pod-security',
  'tenancy',
  'secrets',
  'logging',
  'recovery',
  'supply-chain',
  'encryption',
  'custom',
] as const;
export type Area = (typeof AREAS)[number];

/** One RFC 6902 operation; `path` is a JSON Pointer into the object the finding is about. */
export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

/**
 * A fix for a finding. `patch` is safe to apply as is; `suggestion` needs a human to choose
 * values (for example which user id to run as) before it is applied.
 */
export interface Fix {
  kind: 'patch' | 'suggestion';
  description: string;
  operations: JsonPatchOperation[];
  /**
   * The object the operations apply to when it is not the finding's resource (an RBAC finding
   * names a subject; its fix edits the binding).
   */
  target?: ResourceRef;
}

/** What a check is, apart from how it decides. */
export interface CheckMeta<MessageId extends string = string> {
  id: string;
  title: string;
  severity: Severity;
  area: Area;
  description: string;
  remediation: string;
  /** Finding text by id, with `{{placeholder}}`s filled from the data a check reports. */
  messages: Record<MessageId, string>;
  /** Anchors and further reading (URLs). Framework controls are kept in src/frameworks. */
  links?: string[];
  /** Options this check accepts from `.eksguard.yaml`, with their defaults. */
  options?: Record<string, unknown>;
  /**
   * Data beyond Kubernetes objects the check needs: AWS API data, kubelet configurations, or
   * image scan results. `scan manifests` has none, so it leaves these checks out unless named
   * with --checks.
   */
  needs?: readonly DataSource[];
  /**
   * Decided by the one object alone (no other object, no AWS or kubelet data): safe to run on
   * an AdmissionReview, whose request carries nothing but that object.
   */
  admission?: true;
  /**
   * Its results are evidence for a compliance framework, repeating what other checks already
   * report: they decide the framework's controls, and are listed only in scans narrowed to a
   * framework that names the check (`--framework pss`).
   */
  evidenceOnly?: true;
}

/**
 * `aws`: AWS API data; `kubelet`: the nodes' kubelet configurations (--kubelet-config);
 * `images`: image scan results (`scan cluster --scan-images`, or a snapshot collected with it).
 */
export type DataSource = 'aws' | 'kubelet' | 'images';

/** What every target hands the engine: what the finding names, and where to point. */
export interface Target {
  resource: ResourceRef;
  /** The object whose origin locates findings (and that fixes patch). */
  object?: K8sObject;
}

export interface FailOptions {
  container?: string;
  /** Evidence path into `object` (or into the target's object). */
  path?: EvidencePath;
  /** Locate the finding in this object instead of the target's (e.g. the granting binding). */
  object?: K8sObject;
  fix?: Fix;
  /** Raise or lower the severity of this one finding (e.g. memory limits are worse than CPU). */
  severity?: Severity;
}

export interface CheckReporter<MessageId extends string> {
  fail(messageId: MessageId, data?: Record<string, string | number>, options?: FailOptions): void;
  /** Record why this target could not be decided. */
  notEvaluated(reason: string, options?: Pick<FailOptions, 'container' | 'path' | 'object'>): void;
}

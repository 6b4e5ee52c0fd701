import type { Severity } from './severity.js';

/** Where detection events come from. */
export const DETECTION_SOURCES = ['k8s-audit', 'cloudtrail'] as const;
export type DetectionSource = (typeof DETECTION_SOURCES)[number];

/** MITRE ATT&CK reference of a detection rule (`technique` is the id, e.g. `T1609`). */
export interface MitreRef {
  tactic: string;
  technique: string;
}

/** Who acted: a Kubernetes user or an AWS principal. */
export interface AlertSubject {
  /** Kubernetes username, or the AWS principal ARN (principal id when there is no ARN). */
  name: string;
  /** AWS identity type (`AssumedRole`, `IAMUser`, …); absent for Kubernetes users. */
  type?: string;
  groups?: string[];
  accountId?: string;
  sourceIPs?: string[];
  userAgent?: string;
  /** The Kubernetes user the request impersonated, when it did. */
  impersonated?: string;
}

/** What was acted on: a Kubernetes resource or an AWS resource. */
export interface AlertObject {
  /** Kubernetes resource (`pods`) or AWS service (`eks.amazonaws.com`). */
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  arn?: string;
}

/** One detection: a rule matched one event. */
export interface Alert {
  ruleId: string;
  title: string;
  severity: Severity;
  mitre: MitreRef;
  source: DetectionSource;
  /** The rule's output template, rendered for the event. */
  output: string;
  /** When the event happened (RFC 3339, as the event gives it; '' when it gives none). */
  time: string;
  subject: AlertSubject;
  object: AlertObject;
  /** The audit ID or the CloudTrail event id ('' when the event has none). */
  eventId: string;
  /** For a threshold rule: how many events in which window, per which key; the other fields describe the event that crossed it. */
  threshold?: AlertThreshold;
  /** Posture context of the subject and object, when detection ran with a snapshot. */
  posture?: AlertPosture;
}

/** What the cluster's posture says about the identity and object of an alert. */
export interface AlertPosture {
  /** Graph nodes the alert was matched to (`ServiceAccount payments/api`, `IAMRole arn:…`). */
  matched: string[];
  /** Workloads involved: the pod's controller, or the workloads running as the service account. */
  workloads: string[];
  /** True when one of those workloads is reachable from the Internet. */
  exposed: boolean;
  /** IAM roles the subject or object can act as. */
  iamRoles: string[];
  /** AWS permission classes reachable (`admin`, `s3-read`, …). */
  awsPermissions: string[];
  /** True when cluster-admin is reachable from the subject or object. */
  clusterAdmin: boolean;
  /** Attack paths through the subject or object, highest score first (at most 5). */
  attackPaths: Array<{ id: string; title: string; severity: Severity }>;
  /** Open (failed, not waived) findings on the matched objects, most severe first (at most 10). */
  findings: Array<{ checkId: string; severity: Severity; resource: string }>;
  findingsTotal: number;
  /** The rule's severity, when the alert's was raised because the subject sits on an attack path. */
  severityRaisedFrom?: Severity;
}

/** The window a threshold rule fired on. */
export interface AlertThreshold {
  count: number;
  windowSeconds: number;
  /** Key fields and their values (e.g. `{ "user.username": "alice" }`). */
  key: Record<string, string>;
  /** When the first counted event happened (RFC 3339). */
  since: string;
}

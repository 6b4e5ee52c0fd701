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
}

import type { CheckResult, ExpiredException, InputError } from '../model/index.js';
import { artifactOf, type Artifact } from './artifact-location.js';
import { resourceLabel } from './resource-label.js';
import { physicalOf, propertiesOf, type PhysicalLocation } from './sarif-locations.js';
import { ruleIndex, type RuleTable, type SarifLevel, type SarifMessage } from './sarif-rules.js';

interface DescriptorReference {
  id: string;
  index: number;
}

export interface SarifNotification {
  level: SarifLevel;
  message: SarifMessage;
  locations?: Array<{ physicalLocation: PhysicalLocation }>;
  descriptor: DescriptorReference;
  associatedRule?: DescriptorReference;
  properties?: Record<string, unknown>;
}

/**
 * What the run reports besides results, each with a stable id consumers can filter on. Code
 * scanning rejects a whole file when one result lacks a file location, and it has no notion of
 * "not evaluated": such outcomes are notifications, not alerts.
 */
export const NOTIFICATIONS = [
  { id: 'input-error', level: 'error', text: 'An input file could not be read; its resources were not scanned.' },
  { id: 'check-error', level: 'error', text: 'A check failed to run on a resource; the resource is not known to pass.' },
  {
    id: 'finding-without-location',
    level: 'warning',
    text: 'A finding about a resource that no scanned file declares (a cluster or AWS resource, or a namespace the manifests only imply).',
  },
  { id: 'not-evaluated', level: 'note', text: 'A check could not decide for a resource because data it needs is missing.' },
  { id: 'exception-expired', level: 'warning', text: 'An exception has expired; the findings it covered count again.' },
] as const;
export type NotificationId = (typeof NOTIFICATIONS)[number]['id'];

/** The `tool.driver.notifications` descriptors the notifications refer to by index. */
export function notificationDescriptors(): Array<Record<string, unknown>> {
  return NOTIFICATIONS.map(({ id, level, text }) => ({ id, shortDescription: { text }, defaultConfiguration: { level } }));
}

/** A fail without a file, a not-evaluated result or a check error. */
export function resultNotification(entry: CheckResult, table: RuleTable): SarifNotification {
  const id: NotificationId =
    entry.status === 'error' ? 'check-error' : entry.status === 'fail' ? 'finding-without-location' : 'not-evaluated';
  const subject = resourceLabel(entry.resource) + (entry.container !== undefined ? ` container "${entry.container}"` : '');
  const text =
    entry.status === 'fail'
      ? `${entry.checkId} (${entry.severity}) on ${subject}: ${entry.message}` +
        (entry.waived ? ` (waived: ${entry.waived.reason})` : '')
      : entry.status === 'error'
        ? `${entry.checkId} failed on ${subject}: ${entry.message}`
        : `${entry.checkId} not evaluated for ${subject}: ${entry.message}`;
  const properties: Record<string, unknown> = { status: entry.status, ...propertiesOf(entry) };
  properties.fingerprint = entry.fingerprint;
  if (entry.waived) properties.waived = entry.waived;
  return {
    // A waived finding does not call for action, whichever way it is reported.
    level: entry.waived ? 'note' : levelOf(id),
    message: { text },
    ...(entry.location && { locations: [{ physicalLocation: physicalOf(artifactOf(entry.location)) }] }),
    descriptor: descriptorOf(id),
    associatedRule: { id: entry.checkId, index: ruleIndex(entry.checkId, table) },
    properties,
  };
}

export function inputErrorNotification(error: InputError): SarifNotification {
  const artifact: Artifact = { file: error.file };
  if (error.line !== undefined) artifact.line = error.line;
  return {
    level: 'error',
    message: { text: `${error.file}${error.line !== undefined ? `:${error.line}` : ''}: ${error.message}` },
    locations: [{ physicalLocation: physicalOf(artifact) }],
    descriptor: descriptorOf('input-error'),
  };
}

export function expiredNotification(expired: ExpiredException, table: RuleTable): SarifNotification {
  const index = table.indexOf.get(expired.checkId);
  return {
    level: levelOf('exception-expired'),
    message: {
      text: `Exception for ${expired.checkId} expired on ${expired.expires} (${expired.source}): ${expired.reason}`,
    },
    // The built-in baseline lives in eksguard itself, not in a file of the repository.
    ...(expired.source !== 'baseline' && { locations: [{ physicalLocation: physicalOf({ file: expired.source }) }] }),
    descriptor: descriptorOf('exception-expired'),
    ...(index !== undefined && { associatedRule: { id: expired.checkId, index } }),
    properties: { ...expired },
  };
}

function descriptorOf(id: NotificationId): DescriptorReference {
  return { id, index: NOTIFICATIONS.findIndex((descriptor) => descriptor.id === id) };
}

function levelOf(id: NotificationId): SarifLevel {
  return NOTIFICATIONS.find((descriptor) => descriptor.id === id)?.level ?? 'note';
}

import type { FindingRow, GraphNodeRef } from '../api/types.js';

/** `Kind namespace/name`, as plain text (React escapes it). */
export function resourceText(resource: FindingRow['resource'] | GraphNodeRef): string {
  return `${resource.kind} ${resource.namespace ? `${resource.namespace}/` : ''}${resource.name}`;
}

export function ResourceName(props: { resource: FindingRow['resource'] | GraphNodeRef }) {
  return <span className="resource">{resourceText(props.resource)}</span>;
}

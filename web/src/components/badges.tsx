import type { ControlStatus, Severity, Status } from '../api/types.js';

export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export function SeverityBadge(props: { severity: Severity }) {
  return <span className={`badge sev-${props.severity}`}>{props.severity}</span>;
}

export function StatusBadge(props: { status: Status | ControlStatus }) {
  return <span className={`badge status-${props.status}`}>{props.status}</span>;
}

/** Counts per severity, worst first, as a row of badges. */
export function SeverityCounts(props: { counts: Record<Severity, number> }) {
  return (
    <span className="severity-counts">
      {SEVERITY_ORDER.map((severity) => (
        <span key={severity} className={`count sev-${severity}`} title={severity}>
          {props.counts[severity] ?? 0}
        </span>
      ))}
    </span>
  );
}

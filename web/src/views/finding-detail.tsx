import { useApi } from '../api/client.js';
import type { FindingAnswer } from '../api/types.js';
import { SeverityBadge, StatusBadge } from '../components/badges.js';
import { Link } from '../components/link.js';
import { Loaded } from '../components/load-state.js';
import { ResourceName } from '../components/resource-name.js';
import { href } from '../router.js';

export function FindingDetailPanel(props: { scanId: number; fingerprint: string; onClose: () => void }) {
  const detail = useApi<FindingAnswer>(`/api/scans/${props.scanId}/findings/${encodeURIComponent(props.fingerprint)}`);
  return (
    <aside className="detail" aria-label="Finding detail">
      <button type="button" className="close" onClick={props.onClose} aria-label="Close detail">
        ×
      </button>
      <Loaded load={detail} what="finding">
        {(finding) => <Detail scanId={props.scanId} finding={finding} />}
      </Loaded>
    </aside>
  );
}

function Detail({ scanId, finding }: { scanId: number; finding: FindingAnswer }) {
  return (
    <div className="detail-body">
      <h2 className="wrap">{finding.title}</h2>
      <p>
        <SeverityBadge severity={finding.severity} /> <StatusBadge status={finding.status} /> <span className="muted">{finding.checkId}</span>
        {finding.isNew && <span className="badge new">new</span>}
      </p>
      <dl>
        <dt>Message</dt>
        <dd className="wrap">{finding.message}</dd>
        <dt>Resource</dt>
        <dd className="wrap">
          <ResourceName resource={finding.resource} />
          {finding.container && <span className="muted"> container {finding.container}</span>}
        </dd>
        {finding.path && (
          <>
            <dt>Evidence path</dt>
            <dd className="wrap">
              <code>{finding.path}</code>
            </dd>
          </>
        )}
        {finding.location && (
          <>
            <dt>Location</dt>
            <dd className="wrap">
              <code>
                {finding.location.file}:{finding.location.line}
              </code>
              {finding.location.helmSource && <span className="muted"> from {finding.location.helmSource}</span>}
            </dd>
          </>
        )}
        <dt>Remediation</dt>
        <dd className="wrap remediation">{finding.remediation || 'No remediation recorded.'}</dd>
        {finding.fix && (
          <>
            <dt>{finding.fix.kind === 'patch' ? 'Fix (JSON patch)' : 'Suggested change (JSON patch, review first)'}</dt>
            <dd>
              <p className="wrap">{finding.fix.description}</p>
              <pre className="patch">{JSON.stringify(finding.fix.operations, null, 2)}</pre>
            </dd>
          </>
        )}
        {finding.waiver && (
          <>
            <dt>Waiver</dt>
            <dd className="wrap">
              {finding.waiver.reason} <span className="muted">({finding.waiver.source}{finding.waiver.expires ? `, expires ${finding.waiver.expires}` : ''})</span>
            </dd>
          </>
        )}
        {finding.refs && Object.keys(finding.refs).length > 0 && (
          <>
            <dt>Framework references</dt>
            <dd>
              <ul className="plain">
                {Object.entries(finding.refs).map(([framework, ids]) => (
                  <li key={framework} className="wrap">
                    <Link to={href('/compliance', { scan: scanId, framework })}>{framework}</Link>: {ids.join(', ')}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {finding.attackPathIds && finding.attackPathIds.length > 0 && (
          <>
            <dt>On attack paths</dt>
            <dd>
              <ul className="plain">
                {finding.attackPathIds.map((id) => (
                  <li key={id} className="wrap">
                    <Link to={href('/paths', { scan: scanId, path: id })}>{id}</Link>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <dt>First seen</dt>
        <dd>{finding.firstSeenScanId === scanId ? 'in this scan' : <Link to={href('/findings', { scan: finding.firstSeenScanId, finding: finding.fingerprint })}>{`scan #${finding.firstSeenScanId}`}</Link>}</dd>
      </dl>
    </div>
  );
}

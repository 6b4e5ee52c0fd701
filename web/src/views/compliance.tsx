import { useApi } from '../api/client.js';
import type { ComplianceAnswer, ComplianceReport } from '../api/types.js';
import type { ViewProps } from '../app.js';
import { StatusBadge } from '../components/badges.js';
import { Link } from '../components/link.js';
import { Empty, Loaded } from '../components/load-state.js';
import { ScoreBar } from '../components/score-bar.js';
import { href, useLocation, useQueryUpdate } from '../router.js';

export function ComplianceView({ scan }: ViewProps) {
  const compliance = useApi<ComplianceAnswer>(`/api/scans/${scan.id}/compliance`);
  return (
    <section className="view compliance">
      <h1>Compliance</h1>
      <Loaded load={compliance} what="compliance">
        {(data) => (data.frameworks.length === 0 ? <Empty>No framework results stored for this scan.</Empty> : <Frameworks frameworks={data.frameworks} scanId={scan.id} />)}
      </Loaded>
    </section>
  );
}

function Frameworks(props: { frameworks: ComplianceReport[]; scanId: number }) {
  const { query } = useLocation();
  const update = useQueryUpdate();
  const chosen = props.frameworks.find((framework) => framework.framework === query.get('framework')) ?? props.frameworks[0]!;
  const status = query.get('control-status') ?? '';
  const controls = status ? chosen.controls.filter((control) => control.status === status) : chosen.controls;
  return (
    <>
      <div className="toolbar">
        <label>
          Framework{' '}
          <select aria-label="Framework" value={chosen.framework} onChange={(event) => update({ framework: event.target.value })}>
            {props.frameworks.map((framework) => (
              <option key={framework.framework} value={framework.framework}>
                {framework.title} {framework.version}
              </option>
            ))}
          </select>
        </label>
        <ScoreBar score={chosen.score} label={`${chosen.title} score`} />
        <label>
          Status{' '}
          <select aria-label="Control status" value={status} onChange={(event) => update({ 'control-status': event.target.value })}>
            <option value="">all ({chosen.controls.length})</option>
            {Object.entries(chosen.counts).map(([name, count]) => (
              <option key={name} value={name}>
                {name} ({count})
              </option>
            ))}
          </select>
        </label>
      </div>
      <table className="controls-table">
        <colgroup>
          <col className="c-id" />
          <col />
          <col className="c-status" />
          <col className="c-num" />
          <col className="c-checks" />
          <col className="c-reason" />
        </colgroup>
        <thead>
          <tr>
            <th>Control</th>
            <th>Title</th>
            <th>Status</th>
            <th>Failures</th>
            <th>Checks</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {controls.map((control) => (
            <tr key={control.id} data-control={control.id}>
              <td className="wrap">{control.id}</td>
              <td className="wrap">{control.title}</td>
              <td>
                <StatusBadge status={control.status} />
              </td>
              <td className="num">
                {control.failures > 0 ? (
                  <Link className="failures-link" to={href('/findings', { scan: props.scanId, check: control.checkIds.join(','), status: 'fail', waived: 'false' })}>
                    {control.failures}
                  </Link>
                ) : (
                  control.failures
                )}
              </td>
              <td className="wrap">
                {control.checkIds.map((checkId) => (
                  <Link key={checkId} className="check-link" to={href('/findings', { scan: props.scanId, check: checkId })}>
                    {checkId}
                  </Link>
                ))}
              </td>
              <td className="wrap muted">{control.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

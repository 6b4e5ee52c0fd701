import { useApi } from '../api/client.js';
import type { OverviewAnswer } from '../api/types.js';
import type { ViewProps } from '../app.js';
import { SEVERITY_ORDER, SeverityBadge } from '../components/badges.js';
import { Link } from '../components/link.js';
import { Loaded } from '../components/load-state.js';
import { ScoreBar } from '../components/score-bar.js';
import { TrendChart } from '../components/trend-chart.js';
import { scanLabel } from '../components/scan-picker.js';
import { href } from '../router.js';

export function OverviewView({ scan }: ViewProps) {
  const overview = useApi<OverviewAnswer>(`/api/overview?scan=${scan.id}`);
  return (
    <section className="view overview">
      <h1>Overview</h1>
      <Loaded load={overview} what="overview">
        {(data) => <Overview data={data} />}
      </Loaded>
    </section>
  );
}

function Overview({ data }: { data: OverviewAnswer }) {
  const { scan, previous } = data;
  const areas = Object.entries(data.areas).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return (
    <div className="overview-grid">
      <div className="card posture">
        <h2>Posture score</h2>
        <p className="big-score" data-testid="posture-score">{scan.score === null ? 'n/a' : `${scan.score}%`}</p>
        <p className="muted wrap">{scanLabel(scan)}</p>
        <p>
          {scan.summary.resources} resources · {scan.summary.checks} checks · {scan.attackPaths} attack paths · {scan.summary.waived} waived
        </p>
      </div>
      <div className="card changes">
        <h2>Since previous scan</h2>
        {previous ? (
          <>
            <p className="muted wrap">{scanLabel(previous)}</p>
            <p>
              <Link to={href('/findings', { scan: scan.id, change: 'new' })}>{plural(data.newFailures, 'new failure')}</Link> ·{' '}
              <Link to={href('/diff', { scan: scan.id, from: previous.id, to: scan.id })}>{data.fixedFailures} fixed</Link>
            </p>
          </>
        ) : (
          <p className="muted">First scan of this cluster or target: {plural(data.newFailures, 'failure')}, nothing to compare with.</p>
        )}
      </div>
      <div className="card severities">
        <h2>Unwaived failures</h2>
        <ul className="plain">
          {SEVERITY_ORDER.map((severity) => (
            <li key={severity}>
              <Link to={href('/findings', { scan: scan.id, severity, status: 'fail', waived: 'false' })}>
                <SeverityBadge severity={severity} />
                {scan.failures[severity] ?? 0}
              </Link>
            </li>
          ))}
        </ul>
      </div>
      <div className="card wide">
        <h2>Trend</h2>
        {data.trend.length > 1 ? <TrendChart points={data.trend} /> : <p className="muted">One scan so far: the trend starts with the next one.</p>}
      </div>
      <div className="card">
        <h2>Areas</h2>
        {areas.length === 0 ? (
          <p className="muted">No unwaived failures.</p>
        ) : (
          <table className="compact">
            <tbody>
              {areas.map(([area, count]) => (
                <tr key={area}>
                  <td className="wrap">
                    <Link to={href('/findings', { scan: scan.id, area, status: 'fail', waived: 'false' })}>{area}</Link>
                  </td>
                  <td className="num">{count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="card span-2">
        <h2>Compliance</h2>
        {data.compliance.length === 0 ? (
          <p className="muted">No framework results stored for this scan.</p>
        ) : (
          <table className="compact">
            <tbody>
              {data.compliance.map((framework) => (
                <tr key={framework.framework}>
                  <td className="wrap">
                    <Link to={href('/compliance', { scan: scan.id, framework: framework.framework })}>{framework.title}</Link>
                    <span className="muted"> {framework.version}</span>
                  </td>
                  <td className="bar-cell">
                    <ScoreBar score={framework.score} label={`${framework.title} score`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

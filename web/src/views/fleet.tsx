import { useApi } from '../api/client.js';
import type { ClusterSummary, FleetAnswer } from '../api/types.js';
import { SEVERITY_ORDER, SeverityBadge, SeverityCounts } from '../components/badges.js';
import { Link } from '../components/link.js';
import { Empty, Loaded } from '../components/load-state.js';
import { formatTime } from '../components/scan-picker.js';
import { ScoreBar } from '../components/score-bar.js';
import { TrendChart } from '../components/trend-chart.js';
import { href } from '../router.js';

/** Every cluster (or manifest target) at once: totals, the worst ones, the checks most of them fail, and where each is heading. */
export function FleetView() {
  const fleet = useApi<FleetAnswer>('/api/fleet');
  return (
    <section className="view fleet">
      <h1>Fleet</h1>
      <Loaded load={fleet} what="fleet">
        {(data) => <Fleet data={data} />}
      </Loaded>
    </section>
  );
}

function Fleet({ data }: { data: FleetAnswer }) {
  const total = SEVERITY_ORDER.reduce((sum, severity) => sum + (data.failures[severity] ?? 0), 0);
  return (
    <div className="overview-grid">
      <div className="card" data-testid="fleet-totals">
        <h2>Clusters and targets</h2>
        <p className="big-score">{data.groups}</p>
        <p>
          {plural(data.groups, 'cluster or target', 'clusters or targets')} · {plural(data.scans, 'scan', 'scans')} recorded
        </p>
      </div>
      <div className="card span-2">
        <h2>Unwaived failures in the newest scans</h2>
        <p className="big-score">{total}</p>
        <ul className="plain inline">
          {SEVERITY_ORDER.map((severity) => (
            <li key={severity}>
              <SeverityBadge severity={severity} />
              {data.failures[severity] ?? 0}
            </li>
          ))}
        </ul>
      </div>
      <div className="card wide">
        <h2>Worst clusters</h2>
        <WorstTable clusters={data.worst} />
      </div>
      <div className="card wide">
        <h2>Most common findings</h2>
        <CommonTable data={data} />
      </div>
      <div className="card wide">
        <h2>Trend of the worst</h2>
        <div className="small-multiples" data-testid="fleet-trends">
          {data.trends.map((trend) => {
            const latest = trend.points[trend.points.length - 1];
            return (
              <div key={trend.groupKey} className="multiple">
                <h3 className="wrap">
                  {latest ? (
                    <Link to={href('/', { scan: latest.id })}>
                      <span className="data">{trend.label}</span>
                    </Link>
                  ) : (
                    <span className="data">{trend.label}</span>
                  )}
                </h3>
                {trend.points.length > 1 ? <TrendChart points={trend.points} /> : <p className="muted">One scan so far.</p>}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function WorstTable({ clusters }: { clusters: ClusterSummary[] }) {
  if (clusters.length === 0) return <Empty>No scans recorded yet.</Empty>;
  return (
    <table className="fleet-table" data-testid="worst-clusters">
      <thead>
        <tr>
          <th>Cluster or target</th>
          <th className="c-account wide-only">Account</th>
          <th className="c-region wide-only">Region</th>
          <th className="c-counts">Unwaived failures</th>
          <th className="c-score">Score</th>
          <th className="c-time wide-only">Last scan</th>
          <th className="c-num num wide-only">Scans</th>
        </tr>
      </thead>
      <tbody>
        {clusters.map((cluster) => (
          <tr key={cluster.groupKey} data-group={cluster.groupKey}>
            <td>
              <div className="clip">
                <Link to={href('/', { scan: cluster.latest.id })} className="cluster-link">
                  <span className="data">{cluster.label}</span>
                </Link>
                <span className="muted"> · {cluster.sourceType}</span>
              </div>
            </td>
            <td className="data wide-only">{cluster.accountId ?? '—'}</td>
            <td className="data wide-only">{cluster.region ?? '—'}</td>
            <td>
              <SeverityCounts counts={cluster.latest.failures} />
            </td>
            <td>
              <ScoreBar score={cluster.latest.score} label={`Score of ${cluster.label}`} />
            </td>
            <td className="wide-only">
              #{cluster.latest.id} · {formatTime(cluster.latest.startedAt)}
            </td>
            <td className="num wide-only">{cluster.scans}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CommonTable({ data }: { data: FleetAnswer }) {
  if (data.commonFindings.length === 0) return <p className="muted">No unwaived failures in any cluster's newest scan.</p>;
  return (
    <table className="fleet-table" data-testid="common-findings">
      <thead>
        <tr>
          <th>Check</th>
          <th className="c-sev">Severity</th>
          <th className="c-num num">Clusters</th>
          <th className="c-num num">Failures</th>
          <th className="c-where">Worst cluster failing it</th>
        </tr>
      </thead>
      <tbody>
        {data.commonFindings.map((finding) => (
          <tr key={finding.checkId} data-check={finding.checkId}>
            <td>
              <div className="clip">
                <code>{finding.checkId}</code> <span className="muted">{finding.title}</span>
              </div>
            </td>
            <td>
              <SeverityBadge severity={finding.severity} />
            </td>
            <td className="num">
              {finding.clusters} of {data.groups}
            </td>
            <td className="num">{finding.failures}</td>
            <td>
              <div className="clip">
                {finding.example ? (
                  <Link to={href('/findings', { scan: finding.example.scanId, check: finding.checkId, status: 'fail', waived: 'false' })} className="explore-link">
                    <span className="data">{finding.example.label}</span>
                  </Link>
                ) : (
                  <span className="muted">no longer failing</span>
                )}
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

import { useApi } from '../api/client.js';
import type { AttackPath, PathsAnswer } from '../api/types.js';
import type { ViewProps } from '../app.js';
import { SeverityBadge } from '../components/badges.js';
import { Link } from '../components/link.js';
import { Empty, Loaded } from '../components/load-state.js';
import { PathGraph } from '../components/path-graph.js';
import { ResourceName } from '../components/resource-name.js';
import { href, useLocation } from '../router.js';

export function PathsView({ scan }: ViewProps) {
  const paths = useApi<PathsAnswer>(`/api/scans/${scan.id}/paths`);
  const { query } = useLocation();
  return (
    <section className="view paths">
      <h1>Attack paths</h1>
      <Loaded load={paths} what="attack paths">
        {(data) =>
          data.paths.length === 0 ? (
            <Empty>No attack paths in this scan (none found, or the graph was not built for this input).</Empty>
          ) : (
            <Paths paths={data.paths} selectedId={query.get('path')} scanId={scan.id} />
          )
        }
      </Loaded>
    </section>
  );
}

function Paths(props: { paths: AttackPath[]; selectedId: string | null; scanId: number }) {
  const ranked = [...props.paths].sort((a, b) => b.score - a.score);
  const selected = ranked.find((path) => path.id === props.selectedId);
  return (
    <div className="paths-layout">
      <ol className="path-list" aria-label="Attack paths, highest score first">
        {ranked.map((path) => (
          <li key={path.id} className={path === selected ? 'selected' : undefined}>
            <Link to={href('/paths', { scan: props.scanId, path: path.id })}>
              <span className="score-pill">{path.score}</span> <SeverityBadge severity={path.severity} /> <span className="wrap">{path.title}</span>
            </Link>
          </li>
        ))}
      </ol>
      {selected ? <PathDetail path={selected} scanId={props.scanId} /> : <p className="muted">Choose a path to draw it.</p>}
    </div>
  );
}

function PathDetail(props: { path: AttackPath; scanId: number }) {
  const { path } = props;
  return (
    <div className="path-detail">
      <h2 className="wrap">{path.title}</h2>
      <p className="muted wrap">
        {path.query} · score {path.score} · {path.steps.length} steps
      </p>
      <div className="path-panes">
        <PathGraph path={path} />
        <ol className="steps" data-testid="path-steps">
          {path.steps.map((step, index) => (
            <li key={index} className="step wrap">
              <ResourceName resource={step.from} /> <span className="edge">—{step.edge}→</span> <ResourceName resource={step.to} />
              {step.evidence.length > 0 && (
                <ul className="evidence">
                  {step.evidence.map((evidence, evidenceIndex) => (
                    <li key={evidenceIndex} className="wrap">
                      <span className="data">{evidence.detail}</span> <span className="muted">
                        (<ResourceName resource={evidence.resource} />
                        {evidence.path ? ` ${evidence.path}` : ''})
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              {step.checkIds && step.checkIds.length > 0 && (
                <p className="step-checks">
                  Break it:{' '}
                  {step.checkIds.map((checkId) => (
                    <Link key={checkId} className="check-link" to={href('/findings', { scan: props.scanId, check: checkId })}>
                      {checkId}
                    </Link>
                  ))}
                </p>
              )}
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}

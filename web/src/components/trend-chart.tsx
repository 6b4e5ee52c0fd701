import type { TrendPoint } from '../api/types.js';
import { formatTime } from './scan-picker.js';

const WIDTH = 560;
const HEIGHT = 160;
const PAD = 28;

/** Posture score (0–100) and unwaived failures over the scans of one cluster or target, oldest first. */
export function TrendChart(props: { points: TrendPoint[] }) {
  const { points } = props;
  if (points.length === 0) return null;
  const x = (index: number): number => (points.length === 1 ? WIDTH / 2 : PAD + (index * (WIDTH - 2 * PAD)) / (points.length - 1));
  const y = (value: number, max: number): number => HEIGHT - PAD - (value / (max || 1)) * (HEIGHT - 2 * PAD);
  const maxFailures = Math.max(...points.map((point) => point.total));
  const scored = points.map((point, index) => ({ point, index })).filter(({ point }) => point.score !== null);
  const line = (coords: [number, number][]): string => coords.map(([cx, cy]) => `${cx.toFixed(1)},${cy.toFixed(1)}`).join(' ');
  return (
    <figure className="trend">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Trend over ${points.length} scans`}>
        <line className="axis" x1={PAD} y1={HEIGHT - PAD} x2={WIDTH - PAD} y2={HEIGHT - PAD} />
        <text className="axis-label" x={4} y={PAD}>100%</text>
        <text className="axis-label" x={4} y={HEIGHT - PAD}>0</text>
        <polyline className="failures-line" points={line(points.map((point, index) => [x(index), y(point.total, maxFailures)]))} />
        <polyline className="score-line" points={line(scored.map(({ point, index }) => [x(index), y(point.score ?? 0, 100)]))} />
        {scored.map(({ point, index }) => (
          <circle key={point.id} className="score-dot" cx={x(index)} cy={y(point.score ?? 0, 100)} r={3.5}>
            <title>{`#${point.id} ${formatTime(point.startedAt)}: score ${point.score}%, ${point.total} failures`}</title>
          </circle>
        ))}
        <text className="axis-label" x={PAD} y={HEIGHT - 8}>{formatTime(points[0]!.startedAt)}</text>
        <text className="axis-label end" x={WIDTH - PAD} y={HEIGHT - 8}>{formatTime(points[points.length - 1]!.startedAt)}</text>
      </svg>
      <figcaption>
        <span className="key score">posture score</span> <span className="key failures">unwaived failures (max {maxFailures})</span>
      </figcaption>
    </figure>
  );
}

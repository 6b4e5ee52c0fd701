/** A 0–100 bar; `null` (nothing decided) draws empty and says so. */
export function ScoreBar(props: { score: number | null; label: string }) {
  const value = props.score ?? 0;
  return (
    <span className="score-bar" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} aria-label={props.label}>
      <svg viewBox="0 0 100 8" preserveAspectRatio="none">
        <rect className="track" x={0} y={0} width={100} height={8} />
        <rect className={value >= 80 ? 'fill good' : value >= 50 ? 'fill fair' : 'fill poor'} x={0} y={0} width={value} height={8} />
      </svg>
      <span className="score-text">{props.score === null ? 'n/a' : `${props.score}%`}</span>
    </span>
  );
}

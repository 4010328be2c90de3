// A small line of scores over time (the score's trend, the account's health trend): the shape at a
// glance, its meaning in the label and in the text the caller puts beside it.
export function Sparkline({ points, label, width = 96, height = 28 }: { points: { score: number }[]; label: string; width?: number; height?: number }) {
  if (points.length < 2) return null;
  const max = Math.max(...points.map((p) => p.score), 1);
  const min = Math.min(...points.map((p) => p.score), 0);
  const span = max - min || 1;
  const d = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${((i / (points.length - 1)) * width).toFixed(1)},${(height - ((p.score - min) / span) * height).toFixed(1)}`)
    .join(' ');
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} className="shrink-0 overflow-visible">
      <path d={d} fill="none" stroke="#0f766e" strokeWidth="2" strokeLinejoin="round" />
    </svg>
  );
}

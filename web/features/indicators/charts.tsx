/**
 * Small SVG charts (no chart library: the dashboard stays light on slow connections). Each chart has a
 * text alternative; the tables next to them carry the same numbers for screen readers and print.
 */
type Point = { label: string; value: number | null };

const W = 640;
const H = 200;
const PAD = { l: 44, r: 12, t: 12, b: 28 };

/** A chart's series, its target line if the indicator has one, and its text alternative. */
type ChartProps = { points: Point[]; target?: number | undefined; label: string };

/** The top of the value axis: 100 for percentages, else a little above the largest value. */
function scaleMax(points: Point[], target?: number) {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  const max = Math.max(1, ...values, target ?? 0);
  return max <= 100 && max > 10 ? 100 : Math.ceil(max * 1.1);
}

export function LineChart({ points, target, label }: ChartProps) {
  const max = scaleMax(points, target);
  const x = (i: number) => PAD.l + (points.length <= 1 ? 0 : (i * (W - PAD.l - PAD.r)) / (points.length - 1));
  const y = (v: number) => PAD.t + (H - PAD.t - PAD.b) * (1 - v / max);
  const segments: string[] = [];
  let current = '';
  points.forEach((p, i) => {
    if (p.value === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`;
  });
  if (current) segments.push(current);
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line className="chart__grid" x1={PAD.l} x2={W - PAD.r} y1={y(max * f)} y2={y(max * f)} />
          <text className="chart__axis" x={PAD.l - 6} y={y(max * f) + 4} textAnchor="end">
            {Math.round(max * f)}
          </text>
        </g>
      ))}
      {target !== undefined ? (
        <line className="chart__target" x1={PAD.l} x2={W - PAD.r} y1={y(target)} y2={y(target)} />
      ) : null}
      {segments.map((d) => (
        <path key={d} className="chart__line" d={d} />
      ))}
      {points.map((p, i) =>
        p.value === null ? null : (
          <circle key={p.label} className="chart__dot" cx={x(i)} cy={y(p.value)} r={3} />
        ),
      )}
      {points.map((p, i) =>
        i % Math.ceil(points.length / 12) === 0 ? (
          <text key={`l${p.label}`} className="chart__axis" x={x(i)} y={H - 8} textAnchor="middle">
            {p.label}
          </text>
        ) : null,
      )}
    </svg>
  );
}

export function BarChart({ points, target, label }: ChartProps) {
  const max = scaleMax(points, target);
  const rowH = 22;
  const height = Math.max(40, points.length * rowH + 10);
  const labelW = 200;
  const x = (v: number) => labelW + ((W - labelW - 60) * v) / max;
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${height}`} role="img" aria-label={label}>
      {points.map((p, i) => (
        <g key={p.label}>
          <text className="chart__axis" x={labelW - 6} y={i * rowH + 16} textAnchor="end">
            {p.label.length > 30 ? `${p.label.slice(0, 29)}…` : p.label}
          </text>
          {p.value !== null ? (
            <>
              <rect
                className="chart__bar"
                x={labelW}
                y={i * rowH + 4}
                width={Math.max(1, x(p.value) - labelW)}
                height={rowH - 8}
              />
              <text className="chart__axis" x={x(p.value) + 4} y={i * rowH + 16}>
                {Math.round(p.value * 10) / 10}
              </text>
            </>
          ) : null}
        </g>
      ))}
      {target !== undefined ? (
        <line className="chart__target" x1={x(target)} x2={x(target)} y1={0} y2={height} />
      ) : null}
    </svg>
  );
}

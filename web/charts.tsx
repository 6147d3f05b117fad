// Charts drawn on the server as inline SVG: the screens' CSP allows no script or style from anywhere else,
// and an SVG needs neither. Each chart scales to its box's width (viewBox) and keeps its proportions.

import type { Child } from 'hono/jsx';
import { t } from './i18n/index.js';

const INK = '#1c2430';
const MUTED = '#6b7687';
const GRID = '#e4e8ee';
const LINE = '#1d64d8';
const TARGET = '#b26a00';
const GOOD = '#1e7f4f';
const BAD = '#c0392b';

/** A round upper bound for an axis: 1, 2, 2.5, 5 × 10^n. */
export function niceMax(n: number): number {
  if (!(n > 0)) return 1;
  const exp = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 2.5, 5, 10]) if (n <= step * exp) return step * exp;
  return 10 * exp;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** A chart's frame: an image of the given drawing size, titled by its label for a screen reader. */
const Chart = ({
  width,
  height,
  label,
  kind,
  kpi,
  children,
}: {
  width: number;
  height: number;
  label: string;
  kind: 'trend' | 'bars';
  kpi?: string;
  children: Child;
}) => (
  <svg
    viewBox={`0 0 ${width} ${height}`}
    width="100%"
    role="img"
    aria-label={label}
    data-chart={kind}
    data-kpi={kpi}
    style="display:block;max-width:100%;height:auto"
  >
    <title>{label}</title>
    {children}
  </svg>
);

export interface TrendPoint {
  label: string;
  value: number | null;
}

/**
 * One line of values over time against a dashed target line. A point with no value (nothing to measure in
 * that period) leaves a gap; each point is green or red against the target.
 */
export function TrendChart({
  points,
  target,
  meets,
  format,
  label,
  kpi,
  cap,
}: {
  points: TrendPoint[];
  target: number | null;
  /** Whether a value is on the good side of the target. */
  meets?: (value: number) => boolean;
  format: (value: number) => string;
  label: string;
  kpi?: string;
  /** The axis stops here when every value and the target fit under it (100 % for a share, 5 for a score). */
  cap?: number;
}) {
  const W = 300;
  const H = 96;
  const left = 6;
  const right = 6;
  const top = 12;
  const bottom = 16;
  const values = points.flatMap((p) => (p.value === null ? [] : [p.value]));
  const highest = Math.max(...values, target ?? 0);
  const max = cap !== undefined && highest <= cap ? Math.min(niceMax(highest * 1.1), cap) : niceMax(highest * 1.1);
  const x = (i: number) => left + (points.length <= 1 ? (W - left - right) / 2 : (i * (W - left - right)) / (points.length - 1));
  const y = (v: number) => top + (H - top - bottom) * (1 - Math.min(Math.max(v / max, 0), 1));
  // Unbroken runs of points with values.
  const runs: { i: number; v: number }[][] = [];
  let run: { i: number; v: number }[] = [];
  points.forEach((p, i) => {
    if (p.value === null) {
      if (run.length) runs.push(run);
      run = [];
    } else run.push({ i, v: p.value });
  });
  if (run.length) runs.push(run);
  const first = points[0]?.label ?? '';
  const last = points[points.length - 1]?.label ?? '';
  return (
    <Chart width={W} height={H} label={label} kind="trend" kpi={kpi}>
      <line x1={left} x2={W - right} y1={y(0)} y2={y(0)} stroke={GRID} stroke-width="1" />
      <line x1={left} x2={W - right} y1={y(max)} y2={y(max)} stroke={GRID} stroke-width="1" />
      <text x={W - right} y={y(max) - 3} font-size="9" fill={MUTED} text-anchor="end">
        {format(max)}
      </text>
      {target !== null ? (
        <g data-target={String(target)}>
          <line
            x1={left}
            x2={W - right}
            y1={r1(y(target))}
            y2={r1(y(target))}
            stroke={TARGET}
            stroke-width="1.5"
            stroke-dasharray="5 4"
          />
          <text x={left} y={r1(y(target)) - 3} font-size="9" fill={TARGET}>
            {t('kpis.chartTarget', { value: format(target) })}
          </text>
        </g>
      ) : null}
      {runs.map((r) =>
        r.length > 1 ? (
          <polyline
            points={r.map((p) => `${r1(x(p.i))},${r1(y(p.v))}`).join(' ')}
            fill="none"
            stroke={LINE}
            stroke-width="2"
            stroke-linejoin="round"
          />
        ) : null,
      )}
      {points.map((p, i) =>
        p.value === null ? null : (
          <circle
            cx={r1(x(i))}
            cy={r1(y(p.value))}
            r="3.2"
            fill={meets ? (meets(p.value) ? GOOD : BAD) : LINE}
            stroke="#fff"
            stroke-width="1"
            data-point={p.label}
            data-value={String(p.value)}
          >
            <title>{`${p.label}: ${format(p.value)}`}</title>
          </circle>
        ),
      )}
      <text x={left} y={H - 3} font-size="9" fill={MUTED}>
        {first}
      </text>
      <text x={W - right} y={H - 3} font-size="9" fill={MUTED} text-anchor="end">
        {last}
      </text>
    </Chart>
  );
}

export interface Bar {
  label: string;
  value: number;
  /** Printed after the value, e.g. how many cases it averages. */
  note?: string;
}

/** Horizontal bars, one row each, with the value printed at the end of the bar. */
export function BarChart({ bars, format, label }: { bars: Bar[]; format: (value: number) => string; label: string }) {
  const W = 640;
  const row = 26;
  const labelW = 150;
  const valueW = 150;
  const H = Math.max(bars.length, 1) * row + 4;
  const max = niceMax(Math.max(...bars.map((b) => b.value), 0));
  const width = (v: number) => r1(Math.max((v / max) * (W - labelW - valueW), v > 0 ? 2 : 0));
  return (
    <Chart width={W} height={H} label={label} kind="bars">
      {bars.map((b, i) => {
        const y = i * row + 4;
        return (
          <g data-bar={b.label} data-value={String(b.value)}>
            <text x={labelW - 8} y={y + row / 2 + 2} font-size="12" fill={INK} text-anchor="end">
              {b.label}
            </text>
            <rect x={labelW} y={y + 3} width={W - labelW - valueW} height={row - 8} fill="#f3f5f8" rx="3" />
            <rect x={labelW} y={y + 3} width={width(b.value)} height={row - 8} fill="#5b8def" rx="3">
              <title>{`${b.label}: ${format(b.value)}${b.note ? ` (${b.note})` : ''}`}</title>
            </rect>
            <text x={labelW + width(b.value) + 6} y={y + row / 2 + 2} font-size="12" fill={INK}>
              {format(b.value)}
              {b.note ? (
                <tspan fill={MUTED} font-size="11">
                  {` · ${b.note}`}
                </tspan>
              ) : null}
            </text>
          </g>
        );
      })}
    </Chart>
  );
}

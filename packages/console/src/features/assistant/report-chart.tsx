import type { AssistantReport } from '@topay-support/protocol';
import type { ReportTranslate } from './report-messages.js';

const SERIES = [
  { key: 'conversations', label: 'chart.conversations' },
  { key: 'resolvedByAssistant', label: 'chart.resolved' },
  { key: 'handedOff', label: 'chart.handedOff' },
] as const;

// A fixed drawing width, scaled to the page by CSS (text keeps its shape); the days share it.
const WIDTH = 720;
const PLOT = 120;
const TOP = 14;
const HEIGHT = TOP + PLOT + 22;

/**
 * The per-day chart in plain SVG (no chart library): three bars a day, scaled to the busiest day.
 * The drawing is hidden from screen readers; the same numbers follow as a table they read instead.
 */
export function DayChart({ days, st }: { days: AssistantReport['days']; st: ReportTranslate }) {
  const max = Math.max(1, ...days.map((day) => day.conversations));
  const slot = WIDTH / Math.max(days.length, 1);
  const bar = (slot * 0.8) / SERIES.length;
  // Day labels at the ends and about every week between (none crowding the last): more would overlap.
  const every = Math.max(1, Math.ceil(days.length / 8));
  return (
    <figure class="report-chart">
      <figcaption class="report-chart__legend">
        {SERIES.map((series) => (
          <span key={series.key} class={`report-chart__key report-chart__key--${series.key}`}>
            {st(series.label)}
          </span>
        ))}
      </figcaption>
      <svg class="report-chart__svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true" focusable="false">
        <line class="report-chart__axis" x1={0} x2={WIDTH} y1={TOP + PLOT} y2={TOP + PLOT} />
        <text class="report-chart__max" x={2} y={TOP - 3}>
          {max}
        </text>
        {days.map((day, index) => (
          <g key={day.day}>
            {SERIES.map((series, s) => {
              const height = (day[series.key] / max) * PLOT;
              return (
                <rect
                  key={series.key}
                  class={`report-chart__bar report-chart__bar--${series.key}`}
                  x={index * slot + slot * 0.1 + s * bar}
                  y={TOP + PLOT - height}
                  width={Math.max(bar - 0.5, 0.5)}
                  height={height}
                />
              );
            })}
            {index === days.length - 1 ? (
              <text class="report-chart__day" x={WIDTH} y={HEIGHT - 6} text-anchor="end">
                {day.day.slice(5)}
              </text>
            ) : index % every === 0 && days.length - 1 - index >= every ? (
              <text class="report-chart__day" x={index * slot + slot * 0.1} y={HEIGHT - 6}>
                {day.day.slice(5)}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <table class="visually-hidden">
        <caption>{st('chart.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{st('chart.day')}</th>
            {SERIES.map((series) => (
              <th key={series.key} scope="col">
                {st(series.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.day}>
              <th scope="row">{day.day}</th>
              {SERIES.map((series) => (
                <td key={series.key}>{day[series.key]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

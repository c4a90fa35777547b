import { useId } from 'react';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatUtc } from '../../components/data/time.js';
import { type ChartSeries, hourLabel } from './usage-data.js';

// Distinct, each at least 3:1 against white (WCAG 1.4.11 non-text contrast).
const COLOURS = ['#0b57a4', '#b3590b', '#176b2c', '#7b3fa0', '#a4161a', '#00677a', '#5c5f00', '#8a3b5c'];
const RESLOT_COLOUR = '#1b1f24';

/**
 * Quantity per dimension over time (stacked bars per UTC hour), late re-slots marked as points at the
 * hour that expired. A named figure; the same numbers as a table for readers who cannot see it.
 */
export function UsageChart({ series, credits }: { series: ChartSeries; credits: Map<string, string> }) {
  const captionId = useId();
  const data = series.points.map((point) => {
    const row: Record<string, string | number | undefined> = {
      label: hourLabel(point.time),
      reslotted: point.reslotted ? Number(point.reslotted) : undefined,
    };
    series.dimensions.forEach((dimension, i) => {
      row[`d${i}`] = point.quantities[dimension] ?? 0;
    });
    return row;
  });
  const title = 'Quantity per dimension and hour (UTC)';
  return (
    <figure aria-labelledby={captionId} className="usage-figure">
      <figcaption id={captionId}>
        <strong>{title}</strong>
        {series.points.some((point) => point.reslotted) && (
          <span>. Black points: quantity that expired in that hour and was re-slotted into a later one.</span>
        )}
        {credits.size > 0 && (
          <span>
            . Credits held: {[...credits].map(([dimension, credit]) => `${dimension} ${credit}`).join(', ')}{' '}
            (over-reported by lowered bills, not charted).
          </span>
        )}
      </figcaption>
      {data.length === 0 ? (
        <p>No usage events with an hour to chart.</p>
      ) : (
        <div className="usage-chart">
          <ResponsiveContainer width="100%" height={320}>
            <ComposedChart data={data} title={title} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" />
              <YAxis allowDecimals />
              <Tooltip />
              <Legend />
              {series.dimensions.map((dimension, i) => (
                <Bar
                  key={dimension}
                  dataKey={`d${i}`}
                  name={dimension}
                  stackId="usage"
                  fill={COLOURS[i % COLOURS.length]}
                  isAnimationActive={false}
                />
              ))}
              {series.points.some((point) => point.reslotted) && (
                <Scatter
                  dataKey="reslotted"
                  name="Expired, re-slotted later"
                  fill={RESLOT_COLOUR}
                  shape="diamond"
                  isAnimationActive={false}
                />
              )}
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      )}
      <details>
        <summary>The chart's numbers as a table</summary>
        <table aria-label="Quantity per dimension and hour">
          <thead>
            <tr>
              <th scope="col">Hour</th>
              {series.dimensions.map((dimension) => (
                <th scope="col" className="num" key={dimension}>
                  {dimension}
                </th>
              ))}
              <th scope="col" className="num">
                Expired, re-slotted later
              </th>
            </tr>
          </thead>
          <tbody>
            {series.points.map((point) => (
              <tr key={point.time}>
                <td>{formatUtc(point.time)}</td>
                {series.dimensions.map((dimension) => (
                  <td className="num" key={dimension}>
                    {point.exact[dimension] ?? '0'}
                  </td>
                ))}
                <td className="num">{point.reslotted || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

import { PRIORITIES, STATS_DAYS, type SlaAttainment, type SlaStats } from '@relaydesk/shared';
import { format, parseISO } from 'date-fns';
import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { priorityLabel } from '../../lib/labels.js';

// DaisyUI's theme colours as CSS variables, so the charts follow the light and dark themes.
const FIRST_RESPONSE_COLOR = 'var(--color-info)';
const RESOLUTION_COLOR = 'var(--color-success)';
const TOOLTIP_STYLE = {
  backgroundColor: 'var(--color-base-100)',
  border: '1px solid var(--color-base-300)',
  color: 'var(--color-base-content)',
};
const AXIS = { stroke: 'currentColor', fontSize: 12 } as const;
const GRID = 'var(--color-base-300)';
/** Moderators shown in the attainment chart: the busiest ones. */
const MODERATORS_SHOWN = 10;

/** A share as a whole percentage, or null while nothing was decided. */
const percent = (a: SlaAttainment) => (a.rate === null ? null : Math.round(a.rate * 100));

/** `met / (met + breached)` over several rows. */
function overall(rows: SlaAttainment[]): SlaAttainment {
  const met = rows.reduce((sum, r) => sum + r.met, 0);
  const breached = rows.reduce((sum, r) => sum + r.breached, 0);
  return { met, breached, rate: met + breached === 0 ? null : met / (met + breached) };
}

/** Minutes as people read them: "45 s", "12 min", "3.5 h", "2.1 d". */
export function formatDuration(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 1) return `${Math.round(minutes * 60)} s`;
  if (minutes < 60) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 1440).toFixed(1)} d`;
}

function Card({ title, description, children, table }: { title: string; description: string; children: ReactNode; table: ReactNode }) {
  return (
    <section className="card bg-base-100 shadow-xs" aria-label={title}>
      <div className="card-body gap-2 p-4">
        <h2 className="card-title text-base">{title}</h2>
        <p className="text-xs opacity-70">{description}</p>
        <div className="h-64 w-full" aria-hidden="true">
          {children}
        </div>
        {/* The same figures as text, for screen readers and for reading exact numbers. */}
        <div className="sr-only">{table}</div>
      </div>
    </section>
  );
}

function AttainmentTable({ caption, rows }: { caption: string; rows: Array<{ name: string; firstResponse: SlaAttainment; resolution: SlaAttainment }> }) {
  const cell = (a: SlaAttainment) => (a.rate === null ? 'no decided tickets' : `${percent(a)}% (${a.met} met, ${a.breached} breached)`);
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">First response</th>
          <th scope="col">Resolution</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name}>
            <th scope="row">{r.name}</th>
            <td>{cell(r.firstResponse)}</td>
            <td>{cell(r.resolution)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AttainmentChart({ rows }: { rows: Array<{ name: string; firstResponse: SlaAttainment; resolution: SlaAttainment }> }) {
  const data = rows.map((r) => ({ name: r.name, firstResponse: percent(r.firstResponse), resolution: percent(r.resolution) }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data}>
        <CartesianGrid strokeDasharray="3 3" stroke={GRID} />
        <XAxis dataKey="name" {...AXIS} />
        <YAxis domain={[0, 100]} unit="%" {...AXIS} />
        <Tooltip contentStyle={TOOLTIP_STYLE} cursor={{ fill: 'var(--color-base-200)' }} formatter={(v) => `${String(v)}%`} />
        <Legend />
        <Bar isAnimationActive={false} dataKey="firstResponse" name="First response met" fill={FIRST_RESPONSE_COLOR} />
        <Bar isAnimationActive={false} dataKey="resolution" name="Resolution met" fill={RESOLUTION_COLOR} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Service-level figures: attainment by priority and by moderator, breaches per day, median times. */
export function SlaFigures({ sla }: { sla: SlaStats }) {
  const byPriority = PRIORITIES.map((p) => ({ name: priorityLabel(p), ...sla.attainment.byPriority[p] }));
  const byModerator = sla.attainment.byModerator.slice(0, MODERATORS_SHOWN).map((m) => ({ ...m, name: m.name.split(' ')[0] ?? m.name }));
  const firstResponse = overall(byPriority.map((r) => r.firstResponse));
  const resolution = overall(byPriority.map((r) => r.resolution));
  const breaches = sla.breachesPerDay.map((d) => ({ day: format(parseISO(d.date), 'd MMM'), firstResponse: d.firstResponse, resolution: d.resolution }));
  const shown = (a: SlaAttainment) => (a.rate === null ? '—' : `${percent(a)}%`);
  return (
    <>
      <h2 className="mt-2 text-xl font-semibold">Service levels</h2>
      <div className="stats stats-vertical w-full bg-base-100 shadow-xs sm:stats-horizontal" data-testid="sla-totals">
        <div className="stat">
          <div className="stat-title">First response in time</div>
          <div className="stat-value">{shown(firstResponse)}</div>
          <div className="stat-desc">{firstResponse.breached} breached</div>
        </div>
        <div className="stat">
          <div className="stat-title">Resolved in time</div>
          <div className="stat-value">{shown(resolution)}</div>
          <div className="stat-desc">{resolution.breached} breached</div>
        </div>
        <div className="stat">
          <div className="stat-title">Median first response</div>
          <div className="stat-value">{formatDuration(sla.medianFirstResponseMinutes)}</div>
        </div>
        <div className="stat">
          <div className="stat-title">Median resolution</div>
          <div className="stat-value">{formatDuration(sla.medianResolutionMinutes)}</div>
        </div>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <Card
          title="SLA attainment by priority"
          description={`Share of tickets filed in the last ${STATS_DAYS} days whose clock stopped within its target.`}
          table={<AttainmentTable caption="SLA attainment by priority" rows={byPriority} />}
        >
          <AttainmentChart rows={byPriority} />
        </Card>
        <Card
          title="SLA attainment by moderator"
          description="The same share per assignee, busiest first."
          table={<AttainmentTable caption="SLA attainment by moderator" rows={byModerator} />}
        >
          {byModerator.length > 0 ? <AttainmentChart rows={byModerator} /> : <p className="text-sm opacity-70">No assigned ticket has met or missed a target yet.</p>}
        </Card>
      </div>
      <Card
        title="SLA breaches per day"
        description="Clocks that passed their target, by the day (UTC) they passed it."
        table={
          <table>
            <caption>SLA breaches per day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">First response</th>
                <th scope="col">Resolution</th>
              </tr>
            </thead>
            <tbody>
              {breaches.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{d.day}</th>
                  <td>{d.firstResponse}</td>
                  <td>{d.resolution}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={breaches}>
            <CartesianGrid strokeDasharray="3 3" stroke={GRID} />
            <XAxis dataKey="day" {...AXIS} />
            <YAxis allowDecimals={false} {...AXIS} />
            <Tooltip contentStyle={TOOLTIP_STYLE} cursor={{ fill: 'var(--color-base-200)' }} />
            <Legend />
            <Bar isAnimationActive={false} stackId="breaches" dataKey="firstResponse" name="First response" fill="var(--color-warning)" />
            <Bar isAnimationActive={false} stackId="breaches" dataKey="resolution" name="Resolution" fill="var(--color-error)" />
          </BarChart>
        </ResponsiveContainer>
      </Card>
    </>
  );
}

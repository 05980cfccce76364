import { PRIORITIES, STATS_DAYS, TICKET_STATUSES, type DashboardStats } from '@relaydesk/shared';
import { format, parseISO } from 'date-fns';
import type { ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useDashboardStats } from '../../api/stats.js';
import { ErrorState, LoadingState } from '../../components/QueryStates.js';
import { priorityLabel, statusLabel } from '../../lib/labels.js';
import { SlaFigures } from './SlaFigures.js';

// DaisyUI's theme colours as CSS variables, so charts follow the light and dark themes.
const STATUS_COLORS = ['var(--color-neutral)', 'var(--color-info)', 'var(--color-success)'];
const PRIORITY_COLORS = ['var(--color-base-300)', 'var(--color-primary)', 'var(--color-warning)', 'var(--color-error)'];
const TOOLTIP_STYLE = {
  backgroundColor: 'var(--color-base-100)',
  border: '1px solid var(--color-base-300)',
  color: 'var(--color-base-content)',
};
const AXIS = { stroke: 'currentColor', fontSize: 12 } as const;

/** What the dashboard draws. */
interface DashboardFigures {
  byStatus: Array<{ name: string; value: number }>;
  byPriority: Array<{ name: string; value: number }>;
  total: number;
  open: number;
  completed: number;
  unassigned: number;
  daily: Array<{ day: string; created: number; completed: number }>;
  moderators: Array<{ name: string; active: number; resolved: number; hours: number }>;
}

/** Turns `GET /api/stats` into the figures the charts draw. */
function figuresFromStats(stats: DashboardStats): DashboardFigures {
  const { byStatus, byPriority } = stats.totals;
  return {
    byStatus: TICKET_STATUSES.map((s) => ({ name: statusLabel(s), value: byStatus[s] ?? 0 })),
    byPriority: PRIORITIES.map((p) => ({ name: priorityLabel(p), value: byPriority[p] ?? 0 })),
    total: stats.totals.tickets,
    open: (byStatus.todo ?? 0) + (byStatus.in_progress ?? 0),
    completed: byStatus.completed ?? 0,
    unassigned: stats.totals.unassigned,
    daily: stats.daily.map((d) => ({ day: format(parseISO(d.date), 'd MMM'), created: d.created, completed: d.completed })),
    moderators: stats.moderators.map((m) => ({
      name: firstName(m.name),
      active: m.activeTickets,
      resolved: m.totalResolved,
      hours: m.avgResolutionHours,
    })),
  };
}

const firstName = (name: string) => name.split(' ')[0] ?? name;

/** Numbers for admins, from the statistics endpoint. */
export function AnalyticsScene() {
  const stats = useDashboardStats();
  return (
    <section aria-labelledby="analytics-title" className="flex flex-col gap-4">
      <h1 id="analytics-title" className="text-2xl font-semibold">
        Analytics
      </h1>
      {stats.isPending ? (
        <LoadingState label="Loading figures…" />
      ) : stats.isError ? (
        <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <>
          <Dashboard figures={figuresFromStats(stats.data)} />
          <SlaFigures sla={stats.data.sla} />
          <p className="text-xs opacity-70">Figures as of {format(parseISO(stats.data.generatedAt), 'd MMM yyyy, HH:mm')}.</p>
        </>
      )}
    </section>
  );
}

function ChartCard({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <section className="card bg-base-100 shadow-xs" aria-label={title}>
      <div className="card-body gap-2 p-4">
        <h2 className="card-title text-base">{title}</h2>
        {description && <p className="text-xs opacity-70">{description}</p>}
        <div className="h-64 w-full">{children}</div>
      </div>
    </section>
  );
}

function Dashboard({ figures }: { figures: DashboardFigures }) {
  const percentDone = figures.total > 0 ? Math.round((figures.completed / figures.total) * 100) : 0;
  return (
    <>
      <div className="stats stats-vertical w-full bg-base-100 shadow-xs sm:stats-horizontal" data-testid="analytics-totals">
        <div className="stat">
          <div className="stat-title">Tickets</div>
          <div className="stat-value">{figures.total}</div>
        </div>
        <div className="stat">
          <div className="stat-title">Open</div>
          <div className="stat-value">{figures.open}</div>
          <div className="stat-desc">to do or in progress</div>
        </div>
        <div className="stat">
          <div className="stat-title">Completed</div>
          <div className="stat-value">{figures.completed}</div>
          <div className="stat-desc">{figures.total > 0 ? `${percentDone}% of all` : ' '}</div>
        </div>
        <div className="stat">
          <div className="stat-title">Unassigned</div>
          <div className="stat-value">{figures.unassigned}</div>
          <div className="stat-desc">waiting for a moderator</div>
        </div>
      </div>

      <ChartCard title={`Last ${STATS_DAYS} days`} description="Tickets filed and completed per day (UTC).">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={figures.daily}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--color-base-300)" />
            <XAxis dataKey="day" {...AXIS} />
            <YAxis allowDecimals={false} {...AXIS} />
            <Tooltip contentStyle={TOOLTIP_STYLE} />
            <Legend />
            <Line isAnimationActive={false} type="monotone" dataKey="created" name="Filed" stroke="var(--color-primary)" strokeWidth={2} dot={false} />
            <Line isAnimationActive={false} type="monotone" dataKey="completed" name="Completed" stroke="var(--color-success)" strokeWidth={2} dot={false} />
          </LineChart>
        </ResponsiveContainer>
      </ChartCard>

      <div className="grid gap-4 md:grid-cols-2">
        <ChartCard title="Tickets by status">
          <ResponsiveContainer width="100%" height="100%">
            <PieChart>
              <Pie isAnimationActive={false} data={figures.byStatus} dataKey="value" nameKey="name" innerRadius="45%" outerRadius="80%" paddingAngle={2}>
                {figures.byStatus.map((entry, i) => (
                  <Cell key={entry.name} fill={STATUS_COLORS[i]} />
                ))}
              </Pie>
              <Tooltip contentStyle={TOOLTIP_STYLE} />
              <Legend />
            </PieChart>
          </ResponsiveContainer>
        </ChartCard>
        <ChartCard title="Tickets by priority">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={figures.byPriority}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--color-base-300)" />
              <XAxis dataKey="name" {...AXIS} />
              <YAxis allowDecimals={false} {...AXIS} />
              <Tooltip contentStyle={TOOLTIP_STYLE} cursor={{ fill: 'var(--color-base-200)' }} />
              <Bar isAnimationActive={false} dataKey="value" name="Tickets">
                {figures.byPriority.map((entry, i) => (
                  <Cell key={entry.name} fill={PRIORITY_COLORS[i]} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
        <ChartCard title="Moderator workload" description="Open tickets now and tickets resolved so far, per moderator.">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={figures.moderators}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--color-base-300)" />
              <XAxis dataKey="name" {...AXIS} />
              <YAxis allowDecimals={false} {...AXIS} />
              <Tooltip contentStyle={TOOLTIP_STYLE} cursor={{ fill: 'var(--color-base-200)' }} />
              <Legend />
              <Bar isAnimationActive={false} dataKey="active" name="Active" fill="var(--color-warning)" />
              <Bar isAnimationActive={false} dataKey="resolved" name="Resolved" fill="var(--color-success)" />
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
        <ChartCard title="Average resolution time" description="Hours from filing to completion, per moderator.">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={figures.moderators}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--color-base-300)" />
              <XAxis dataKey="name" {...AXIS} />
              <YAxis {...AXIS} unit=" h" />
              <Tooltip contentStyle={TOOLTIP_STYLE} cursor={{ fill: 'var(--color-base-200)' }} />
              <Bar isAnimationActive={false} dataKey="hours" name="Hours" fill="var(--color-primary)" />
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
      </div>
    </>
  );
}

import type { BusinessHours } from '@relaydesk/shared';
import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** How many days a computation may walk before giving up: ten years of calendar. */
const MAX_DAYS = 3_660;

/** The working window of one calendar day in the policy's zone, or null on a day off. */
interface Window {
  opens: number;
  closes: number;
}

/** `yyyy-MM-dd` of the calendar day after `day`. */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

function windowOf(day: string, hours: BusinessHours): Window | null {
  const isoWeekday = new Date(`${day}T12:00:00Z`).getUTCDay() || 7;
  if (!hours.weekdays.includes(isoWeekday)) return null;
  return {
    opens: fromZonedTime(`${day}T${hours.opensAt}:00`, hours.timeZone).getTime(),
    closes: fromZonedTime(`${day}T${hours.closesAt}:00`, hours.timeZone).getTime(),
  };
}

/**
 * The moment `minutes` of working time after `start`: plain minutes around the
 * clock (`hours` null), or counted only inside business hours, skipping nights and
 * days off in the policy's time zone.
 */
export function addWorkingMinutes(start: Date, minutes: number, hours: BusinessHours | null): Date {
  let remaining = Math.max(0, minutes) * MINUTE_MS;
  if (!hours) return new Date(start.getTime() + remaining);
  let at = start.getTime();
  let day = formatInTimeZone(start, hours.timeZone, 'yyyy-MM-dd');
  for (let i = 0; i < MAX_DAYS; i += 1, day = nextDay(day)) {
    const window = windowOf(day, hours);
    if (!window || at >= window.closes) continue;
    const from = Math.max(at, window.opens);
    if (from + remaining <= window.closes) return new Date(from + remaining);
    remaining -= window.closes - from;
    at = window.closes;
  }
  throw new RangeError('business hours leave no working time within ten years');
}

/** Working minutes from `from` to `to` (zero if `to` is not later), under the same rules as `addWorkingMinutes`. */
export function workingMinutesBetween(from: Date, to: Date, hours: BusinessHours | null): number {
  if (to.getTime() <= from.getTime()) return 0;
  if (!hours) return (to.getTime() - from.getTime()) / MINUTE_MS;
  let total = 0;
  let day = formatInTimeZone(from, hours.timeZone, 'yyyy-MM-dd');
  for (let i = 0; i < MAX_DAYS; i += 1, day = nextDay(day)) {
    // A zone is at most a day away from UTC: past this, no window reaches back before `to`.
    if (Date.parse(`${day}T00:00:00Z`) > to.getTime() + DAY_MS) break;
    const window = windowOf(day, hours);
    if (!window) continue;
    const start = Math.max(from.getTime(), window.opens);
    const end = Math.min(to.getTime(), window.closes);
    if (end > start) total += end - start;
  }
  return total / MINUTE_MS;
}

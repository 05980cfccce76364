import { useEffect, useState } from 'react';

/**
 * The current time, renewed every `intervalMs` while `active` (a countdown on
 * screen); frozen otherwise, so a page with nothing counting does not re-render.
 */
export function useNow(intervalMs: number, active = true): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!active) return;
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}

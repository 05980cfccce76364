import { useSyncExternalStore } from 'react';

/**
 * One clock for every live countdown on the page: a single interval, started by the
 * first component that reads it and stopped with the last, however many rows show
 * a countdown. Ticks each second, aligned to the wall clock's seconds.
 */
const TICK_MS = 1000;
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function tick() {
  now = Date.now();
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(tick, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** How many components are reading the shared clock (for tests of its single interval). */
export const sharedClockReaders = () => listeners.size;

/** The current time in milliseconds, re-rendering the caller each second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}

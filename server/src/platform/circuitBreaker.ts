/**
 * Stops calling a dependency that keeps failing, so an outage costs one quick
 * refusal per call instead of a full timeout-and-retry cycle each time.
 *
 * Closed: calls go through; `threshold` consecutive failures open the breaker.
 * Open: calls are refused until `cooldownMs` has passed.
 * Half-open: one trial call goes through; its success closes the breaker, its
 * failure opens it for another cool-down.
 *
 * State is per process: each server process learns about an outage on its own,
 * which costs at most `threshold` failed calls per process.
 */
export interface CircuitBreaker {
  /** Whether a call may be made now; in half-open state only the first caller gets `true`. */
  allowRequest(): boolean;
  recordSuccess(): void;
  recordFailure(): void;
  state(): CircuitState;
}

/** Closed: calls go through. Open: refused. Half-open: one trial call allowed. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Tuning of a breaker; the defaults suit a hosted API called per ticket. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker. */
  threshold?: number;
  /** How long the breaker stays open before letting a trial call through. */
  cooldownMs?: number;
  now?: () => number;
  /** Told about every change of state, e.g. to log an outage once. */
  onStateChange?: (state: CircuitState) => void;
}

/** A breaker in the closed state; see `CircuitBreaker` for the states and transitions. */
export function createCircuitBreaker({
  threshold = 5,
  cooldownMs = 30_000,
  now = Date.now,
  onStateChange,
}: CircuitBreakerOptions = {}): CircuitBreaker {
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError('threshold must be a whole number of at least 1');
  let failures = 0;
  let openedAt: number | null = null;
  let trialInFlight = false;

  const current = (): CircuitState => {
    if (openedAt === null) return 'closed';
    return now() - openedAt >= cooldownMs ? 'half-open' : 'open';
  };
  const change = (before: CircuitState) => {
    const after = current();
    if (after !== before) onStateChange?.(after);
  };

  return {
    allowRequest() {
      const state = current();
      if (state === 'closed') return true;
      if (state === 'open') return false;
      if (trialInFlight) return false;
      trialInFlight = true;
      return true;
    },
    recordSuccess() {
      const before = current();
      failures = 0;
      openedAt = null;
      trialInFlight = false;
      change(before);
    },
    recordFailure() {
      const before = current();
      failures += 1;
      trialInFlight = false;
      if (before === 'half-open' || failures >= threshold) openedAt = now();
      // Re-opening from half-open restarts the cool-down; report it as a change.
      if (before === 'half-open') onStateChange?.('open');
      else change(before);
    },
    state: current,
  };
}

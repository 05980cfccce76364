import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, type CircuitState } from './circuitBreaker.js';

function clockedBreaker(threshold = 3, cooldownMs = 1_000) {
  const clock = { now: 0 };
  const changes: CircuitState[] = [];
  const breaker = createCircuitBreaker({ threshold, cooldownMs, now: () => clock.now, onStateChange: (s) => changes.push(s) });
  return { breaker, clock, changes };
}

describe('createCircuitBreaker', () => {
  it('opens after the threshold of consecutive failures and refuses calls during the cool-down', () => {
    const { breaker, clock, changes } = clockedBreaker();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.allowRequest()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state()).toBe('open');
    expect(breaker.allowRequest()).toBe(false);
    clock.now = 999;
    expect(breaker.allowRequest()).toBe(false);
    expect(changes).toEqual(['open']);
  });

  it('counts only consecutive failures', () => {
    const { breaker } = clockedBreaker();
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state()).toBe('closed');
  });

  it('lets one trial call through after the cool-down; success closes, failure re-opens', () => {
    const { breaker, clock } = clockedBreaker(1, 1_000);
    breaker.recordFailure();
    clock.now = 1_000;
    expect(breaker.state()).toBe('half-open');
    expect(breaker.allowRequest()).toBe(true);
    expect(breaker.allowRequest()).toBe(false);
    breaker.recordFailure();
    expect(breaker.state()).toBe('open');
    clock.now = 1_500;
    expect(breaker.allowRequest()).toBe(false);
    clock.now = 2_000;
    expect(breaker.allowRequest()).toBe(true);
    breaker.recordSuccess();
    expect(breaker.state()).toBe('closed');
    expect(breaker.allowRequest()).toBe(true);
  });
});

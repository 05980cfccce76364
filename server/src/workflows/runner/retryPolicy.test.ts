import { describe, expect, it } from 'vitest';
import { errors } from '../../platform/errors.js';
import { toWorkflowError } from '../errors.js';
import { backoffDelay, decideAfterFailedAttempt, isOutOfAttempts, leaseExpiredError } from './retryPolicy.js';

const timings = { baseMs: 1_000, maxMs: 10_000 };
const noJitter = () => 0.5;

describe('backoffDelay', () => {
  it('waits the base before the second attempt and doubles per attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, timings, noJitter))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('never waits longer than the maximum', () => {
    expect(backoffDelay(5, timings, noJitter)).toBe(10_000);
    expect(backoffDelay(40, timings, noJitter)).toBe(10_000);
  });

  it('treats attempt zero like the first', () => {
    expect(backoffDelay(0, timings, noJitter)).toBe(1_000);
  });

  it('spreads retries by at most 20% either way', () => {
    expect(backoffDelay(2, timings, () => 0)).toBe(1_600);
    expect(backoffDelay(2, timings, () => 0.999_999)).toBe(2_400);
    for (let i = 0; i < 200; i += 1) {
      const delay = backoffDelay(3, timings);
      expect(delay).toBeGreaterThanOrEqual(3_200);
      expect(delay).toBeLessThanOrEqual(4_800);
    }
  });
});

describe('isOutOfAttempts', () => {
  it('is true once the attempts started reach the maximum', () => {
    expect(isOutOfAttempts({ attempts: 2, maxAttempts: 3 })).toBe(false);
    expect(isOutOfAttempts({ attempts: 3, maxAttempts: 3 })).toBe(true);
    expect(isOutOfAttempts({ attempts: 4, maxAttempts: 3 })).toBe(true);
  });
});

describe('decideAfterFailedAttempt', () => {
  it('retries an ordinary error after the backoff for the attempt that failed', () => {
    expect(decideAfterFailedAttempt(new Error('flaky'), { attempts: 2, maxAttempts: 4 }, timings, noJitter)).toEqual({
      kind: 'retry',
      delayMs: 2_000,
    });
  });

  it('sends a run out of attempts to the dead letter', () => {
    expect(decideAfterFailedAttempt(new Error('flaky'), { attempts: 4, maxAttempts: 4 }, timings)).toEqual({ kind: 'dead-letter' });
  });

  it.each([
    ['not found', errors.notFound('ticket')],
    ['validation', errors.validation('bad input')],
  ])('sends a %s error to the dead letter on the first attempt', (_, domainError) => {
    expect(decideAfterFailedAttempt(toWorkflowError(domainError), { attempts: 1, maxAttempts: 11 }, timings)).toEqual({
      kind: 'dead-letter',
    });
  });
});

describe('leaseExpiredError', () => {
  it('names the runner that stopped and the attempt it stopped in', () => {
    expect(leaseExpiredError({ leaseOwner: 'host:42:abc', attempts: 2 })).toEqual({
      name: 'LeaseExpired',
      message: 'the runner host:42:abc stopped during attempt 2',
      code: null,
    });
    expect(leaseExpiredError({ leaseOwner: null, attempts: 1 }).message).toBe('the runner ? stopped during attempt 1');
  });
});

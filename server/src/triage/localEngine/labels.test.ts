import { describe, expect, it } from 'vitest';
import { maxPriority } from './labels.js';

describe('labels', () => {
  it('orders priorities from low to urgent', () => {
    expect(maxPriority('low', 'high')).toBe('high');
    expect(maxPriority('urgent', 'medium')).toBe('urgent');
  });
});

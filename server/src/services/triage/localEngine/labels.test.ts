import { PRIORITIES, TRIAGE_CATEGORIES } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { CATEGORY_LABELS, maxPriority, PRIORITY_LEVELS } from './labels.js';

describe('labels', () => {
  it('mirror the shared priority and category lists exactly', () => {
    expect([...PRIORITY_LEVELS]).toEqual([...PRIORITIES]);
    expect([...CATEGORY_LABELS]).toEqual([...TRIAGE_CATEGORIES]);
  });

  it('orders priorities from low to urgent', () => {
    expect(maxPriority('low', 'high')).toBe('high');
    expect(maxPriority('urgent', 'medium')).toBe('urgent');
  });
});

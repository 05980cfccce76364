import { describe, expect, it } from 'vitest';
import { preferencesUpdateBodySchema } from './preferences.js';

describe('preferencesUpdateBodySchema', () => {
  it('takes notifyByEmail as a boolean', () => {
    expect(preferencesUpdateBodySchema.parse({ notifyByEmail: false })).toEqual({ notifyByEmail: false });
  });

  it('refuses an empty body, a non-boolean and an unknown field', () => {
    expect(preferencesUpdateBodySchema.safeParse({}).success).toBe(false);
    expect(preferencesUpdateBodySchema.safeParse({ notifyByEmail: 'no' }).success).toBe(false);
    expect(preferencesUpdateBodySchema.safeParse({ notifyByEmail: true, theme: 'dark' }).success).toBe(false);
  });
});

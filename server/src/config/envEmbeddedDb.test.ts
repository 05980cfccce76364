import { describe, expect, it } from 'vitest';
import { loadConfig } from './env.js';

const base = { JWT_SECRET: 'x'.repeat(40), DATA_DIR: '.data/test' };

describe('EMBEDDED_DB_ENGINE', () => {
  it('is SQLite unless PostgreSQL is asked for', () => {
    expect(loadConfig(base).embeddedDbEngine).toBe('sqlite');
    expect(loadConfig({ ...base, EMBEDDED_DB_ENGINE: 'postgresql' }).embeddedDbEngine).toBe('postgresql');
  });

  it('refuses an engine it does not know, naming the variable', () => {
    expect(() => loadConfig({ ...base, EMBEDDED_DB_ENGINE: 'mysql' })).toThrow(/EMBEDDED_DB_ENGINE/);
  });
});

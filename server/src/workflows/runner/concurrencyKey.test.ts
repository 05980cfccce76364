import { describe, expect, it } from 'vitest';
import { compileConcurrencyKey } from './concurrencyKey.js';

const event = { name: 'ticket/triaged', data: { ticketId: 'abc', nested: { team: 'billing' }, empty: null } };

describe('compileConcurrencyKey', () => {
  it.each([
    ['"assignment"', 'assignment'],
    ["'assignment'", 'assignment'],
    ['event.data.ticketId', 'abc'],
    ['event.data.nested.team', 'billing'],
    ['event.name', 'ticket/triaged'],
    ['"team-" + event.data.nested.team', 'team-billing'],
    ['event.data.missing', ''],
    ['event.data.empty', ''],
  ])('evaluates %s to %j', (expression, expected) => {
    expect(compileConcurrencyKey(expression)(event)).toBe(expected);
  });

  it.each(['event.data.ticketId == "x"', 'event.user.id', '"unterminated', 'event.data["x"]', ''])('refuses %j', (expression) => {
    expect(() => compileConcurrencyKey(expression)).toThrow(/unsupported/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  describeIssues,
  loginBodySchema,
  modRequestCreateBodySchema,
  commentCreateBodySchema,
  signupBodySchema,
  ticketCreateBodySchema,
  ticketListQuerySchema,
  triageResultSchema,
  userUpdateBodySchema,
} from './index.js';

describe('shared schemas', () => {
  it('normalise emails and reject operator objects', () => {
    expect(loginBodySchema.parse({ email: 'Ann@Example.TEST', password: 'x' }).email).toBe('ann@example.test');
    const result = loginBodySchema.safeParse({ email: { $gt: '' }, password: 'x' });
    expect(result.success).toBe(false);
    expect(describeIssues(result.error!.issues)[0]?.path).toBe('email');
  });

  it('refuse unknown fields so a typo or a privilege field is not silently dropped', () => {
    const result = signupBodySchema.safeParse({ name: 'A', email: 'a@example.test', password: 'long-enough', role: 'admin' });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]?.message).toContain('role');
  });

  it('coerce and bound list queries', () => {
    expect(ticketListQuerySchema.parse({})).toEqual({ page: 1, limit: 20, sort: 'newest' });
    expect(ticketListQuerySchema.parse({ page: '3', limit: '50', status: 'todo' })).toMatchObject({ page: 3, limit: 50, sort: 'newest' });
    expect(ticketListQuerySchema.safeParse({ limit: '1000' }).success).toBe(false);
    expect(ticketListQuerySchema.safeParse({ page: '1.5' }).success).toBe(false);
  });

  it('lower-case and de-duplicate skills', () => {
    expect(modRequestCreateBodySchema.parse({ skills: ['React', ' react ', 'CSS'], motivation: 'I like helping people' }).skills).toEqual([
      'react',
      'css',
    ]);
    expect(userUpdateBodySchema.safeParse({}).success).toBe(false);
  });

  it('accept only well-formed triage results', () => {
    const good = { summary: 'Login fails', priority: 'high', relatedSkills: ['Auth'], helpfulNotes: '', category: 'account' };
    expect(triageResultSchema.parse(good).relatedSkills).toEqual(['auth']);
    expect(triageResultSchema.safeParse({ ...good, priority: 'critical' }).success).toBe(false);
    expect(triageResultSchema.safeParse({ ...good, summary: '' }).success).toBe(false);
  });

  it('refuse NUL characters in text people type, and keep every other character', () => {
    const nul = '\u0000';
    expect(signupBodySchema.safeParse({ name: `Pat${nul}`, email: 'a@example.test', password: 'long-enough' }).success).toBe(false);
    expect(ticketCreateBodySchema.safeParse({ title: `Print${nul}er`, description: 'x' }).success).toBe(false);
    expect(ticketCreateBodySchema.safeParse({ title: 'Printer', description: `x${nul}` }).success).toBe(false);
    expect(commentCreateBodySchema.safeParse({ body: nul }).success).toBe(false);
    expect(ticketListQuerySchema.safeParse({ q: nul }).success).toBe(false);
    expect(modRequestCreateBodySchema.safeParse({ skills: [`net${nul}`], motivation: 'I know networks well' }).success).toBe(false);
    expect(ticketCreateBodySchema.parse({ title: 'Tab\there ✓ ü 🙂', description: 'line\nbreak' }).title).toBe('Tab\there ✓ ü 🙂');
  });
});

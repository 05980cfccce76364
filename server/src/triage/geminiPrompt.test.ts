import { describe, expect, it } from 'vitest';
import { buildTriagePrompt } from './geminiPrompt.js';

describe('buildTriagePrompt', () => {
  it('puts the team’s corrections before the ticket as examples to follow', () => {
    const prompt = buildTriagePrompt({ title: 'Printer', description: 'It is offline.' }, undefined, [
      { title: 'Quokka light amber', description: 'x'.repeat(1_000), priority: 'urgent', category: 'bug' },
    ]);
    expect(prompt.indexOf('How this team triaged')).toBeLessThan(prompt.indexOf('Ticket title:\nPrinter'));
    expect(prompt).toContain('The team set: priority urgent, category bug');
    // Long examples are cut so they cannot crowd out the ticket.
    expect(prompt).not.toContain('x'.repeat(401));
  });

  it('sends the ticket alone when there are no corrections yet', () => {
    expect(buildTriagePrompt({ title: 'Printer', description: 'It is offline.' })).toBe('Ticket title:\nPrinter\n\nTicket description:\nIt is offline.');
  });
});

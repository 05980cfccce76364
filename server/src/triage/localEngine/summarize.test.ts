import { describe, expect, it } from 'vitest';
import { cleanLine, mostInformativeSentence, summarizeTicket, SUMMARY_MAX_LENGTH, truncateAtWord } from './summarize.js';

describe('summarizeTicket', () => {
  it('joins the title with the most informative description sentence', () => {
    const summary = summarizeTicket(
      'Export broken',
      'Hi team,\n\nThe CSV export downloads an empty file since Monday. Thanks!\nRegards, Sam',
    );
    expect(summary).toBe('Export broken — The CSV export downloads an empty file since Monday.');
  });

  it('drops a leading greeting from the chosen sentence', () => {
    expect(summarizeTicket('Cannot log in', 'Hi, since this morning nobody can log in.')).toBe(
      'Cannot log in — Since this morning nobody can log in.',
    );
    expect(mostInformativeSentence('', 'Hello team, the export fails with an error')).toBe('The export fails with an error');
    expect(mostInformativeSentence('', 'Dear RelayDesk team, the export fails')).toBe('The export fails');
    expect(mostInformativeSentence('', 'Hi I cannot login, please help')).toBe('I cannot login, please help');
    expect(mostInformativeSentence('', 'Hiring managers cannot see applicants')).toBe('Hiring managers cannot see applicants');
  });

  it('skips sentences that only repeat the title', () => {
    const sentence = mostInformativeSentence('Login page keeps refreshing', 'Login page keeps refreshing. It loops after SSO redirect.');
    expect(sentence).toBe('It loops after SSO redirect.');
  });

  it('prefers rare words when given term weights', () => {
    const weight = (token: string) => (token === 'kubernet' ? 10 : 1);
    const sentence = mostInformativeSentence('', 'We use the standard plan here. Our Kubernetes cluster runs version 1.29.', weight);
    expect(sentence).toBe('Our Kubernetes cluster runs version 1.29.');
  });

  it('never exceeds the maximum length and cuts at a word boundary', () => {
    const summary = summarizeTicket('Export', `The export fails ${'again and again '.repeat(30)}`);
    expect(Array.from(summary).length).toBeLessThanOrEqual(SUMMARY_MAX_LENGTH);
    expect(summary.endsWith('…')).toBe(true);
    expect(summary).not.toMatch(/wor…$/);
  });

  it('never picks request ids, reference lines, boilerplate or the signature', () => {
    const summary = summarizeTicket(
      'Export problem',
      [
        'Dear Support Team,',
        '',
        'I hope this message finds you well.',
        'Request ID: 8f2c-41ab-9d07',
        'Order #48213',
        'The quarterly CSV export has failed with a timeout since Monday.',
        'Our board meets tomorrow and we cannot produce the figures without it.',
        'Thank you in advance for your help.',
        '',
        'Kind regards,',
        'Sophie Laurent',
        'CFO, Example Ltd - Request 7781 urgent escalation',
      ].join('\n'),
    );
    expect(summary).toContain('CSV export has failed with a timeout');
    expect(summary).toContain('board meets tomorrow');
    expect(summary).not.toMatch(/8f2c|48213|hope|Thank|Sophie|7781/);
    expect(Array.from(summary).length).toBeLessThanOrEqual(SUMMARY_MAX_LENGTH);
  });

  it('leads with the problem rather than the first sentence', () => {
    const summary = summarizeTicket(
      '',
      'We are a team of 12 using the Pro plan since 2021. Since the update, the invoice PDF download fails with an error.',
    );
    expect(summary).toBe('Since the update, the invoice PDF download fails with an error.');
  });

  it('keeps an informative title first and replaces a vague one', () => {
    const description = 'We use the Pro plan. Since the update, the invoice PDF download fails with an error.';
    expect(summarizeTicket('Invoice PDF broken', description)).toBe(
      'Invoice PDF broken — Since the update, the invoice PDF download fails with an error.',
    );
    expect(summarizeTicket('Urgent help!!', description)).toBe('Since the update, the invoice PDF download fails with an error.');
  });

  it('falls back to a fixed sentence when there is nothing readable', () => {
    expect(summarizeTicket('', '')).toMatch(/without a readable/);
    expect(summarizeTicket('\u200b\u0000', '\n\n')).toMatch(/without a readable/);
  });

  it('uses the description alone when the title is empty', () => {
    expect(summarizeTicket('', 'The invoice total is wrong for March.')).toBe('The invoice total is wrong for March.');
  });
});

describe('helpers', () => {
  it('cleanLine removes control and zero-width characters', () => {
    expect(cleanLine('a\u0000b\u200bc \n d')).toBe('a b c d');
  });

  it('truncateAtWord never splits an emoji', () => {
    const text = '😀'.repeat(300);
    const cut = truncateAtWord(text, 10);
    expect(Array.from(cut)).toHaveLength(10);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

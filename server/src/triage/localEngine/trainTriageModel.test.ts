import { triageResultSchema } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { classifyTicketLocally } from './classifyTicketLocally.js';
import { trainTriageModel, type TriageTrainingExample } from './trainTriageModel.js';

const t = (title: string, description: string, priority: TriageTrainingExample['priority'], category: TriageTrainingExample['category']) => ({
  title,
  description,
  priority,
  category,
});

/** A small training set, so these tests train in milliseconds. */
const BASE: TriageTrainingExample[] = [
  t('How do I export reports?', 'Where can I find the export option?', 'low', 'how_to'),
  t('Dark mode please', 'It would be great to have a dark mode.', 'low', 'feature_request'),
  t('Question about invoices', 'Could you tell me where invoices are?', 'low', 'billing'),
  t('Button misaligned', 'Cosmetic: the save button is a few pixels off.', 'low', 'bug'),
  t('Export fails', 'The export fails with an error for me.', 'medium', 'bug'),
  t('Slow dashboard', 'The dashboard is slow this week, we can still work.', 'medium', 'performance'),
  t('Reset link expired', 'My reset link says expired.', 'medium', 'account'),
  t('Sync delayed', 'The calendar sync is delayed by an hour.', 'medium', 'integration'),
  t('Team cannot submit claims', 'Several colleagues cannot submit claims, deadline tomorrow.', 'high', 'bug'),
  t('Charged three times', 'We were charged three times and need the refund today.', 'high', 'billing'),
  t('Admin account hacked', 'Someone logged into our admin account and changed settings.', 'high', 'security'),
  t('Import corrupts data', 'The import corrupted our prices, we need this fixed today.', 'high', 'bug'),
  t('Site down for everyone', 'Nobody can reach the site, every page returns 503.', 'urgent', 'bug'),
  t('Payments failing for all customers', 'All customers cannot pay, we are losing sales.', 'urgent', 'billing'),
  t('All data gone', 'All projects disappeared for the whole company.', 'urgent', 'bug'),
  t('Outage in production', 'Production is down and none of our users can log in.', 'urgent', 'account'),
];

describe('trainTriageModel', () => {
  it('returns a calibrated confidence with every triage', () => {
    const model = trainTriageModel({ examples: BASE });
    const result = model.classify({ title: 'Export fails again', description: 'The export fails with an error.' });
    expect(result.confidence).toBeGreaterThan(0);
    expect(result.confidence).toBeLessThanOrEqual(1);
    const probabilities = [...model.priorityProbabilities({ title: 'x', description: 'y' }).values()];
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it('lets weighted extra examples (team corrections) shift predictions', () => {
    const ticket = { title: 'Zorblax widget misbehaves', description: 'The zorblax widget shows odd colours.' };
    const before = trainTriageModel({ examples: BASE, calibrate: false });
    const correction = { ...ticket, description: 'Zorblax widget issue.', priority: 'high' as const, category: 'bug' as const, weight: 25 };
    const after = trainTriageModel({ examples: BASE, calibrate: false, extraExamples: [correction] });
    const pHigh = (model: typeof before) => model.priorityProbabilities(ticket).get('high') ?? 0;
    expect(pHigh(after)).toBeGreaterThan(pHigh(before) + 0.2);
    expect(after.classify(ticket).priority).toBe('high');
    // The same correction with a negligible weight hardly moves anything.
    const light = trainTriageModel({ examples: BASE, calibrate: false, extraExamples: [{ ...correction, weight: 0.01 }] });
    expect(Math.abs(pHigh(light) - pHigh(before))).toBeLessThan(0.05);
  });

  it('trains the same model from the same examples', () => {
    const ticket = { title: 'Slow reports', description: 'Reports take a minute to load.' };
    expect(trainTriageModel({ examples: BASE }).classify(ticket)).toEqual(trainTriageModel({ examples: BASE }).classify(ticket));
  });

  it('trains on the shipped corpora in about a second of CPU', () => {
    const started = process.cpuUsage();
    trainTriageModel();
    const cpuMs = process.cpuUsage(started).user / 1000;
    expect(cpuMs).toBeLessThan(2_500);
  });
});

describe('the shipped local engine on impact cues', () => {
  const priority = (title: string, description: string) => {
    const result = classifyTicketLocally({ title, description });
    expect(() => triageResultSchema.parse(result)).not.toThrow();
    expect(result.confidence).toBeGreaterThan(0);
    return result.priority;
  };

  it('rates a breach question as low and a confirmed breach as pressing', () => {
    expect(
      priority(
        'Question about data breach notification',
        'Dear Support, could you share your policy on data breach notification and your ISO 27001 certificate for our vendor file? Kind regards',
      ),
    ).toBe('low');
    expect(['high', 'urgent']).toContain(
      priority('Account compromised', 'Someone logged into our admin account from an unknown location and exported customer data.'),
    );
  });

  it('rates downtime, critical issues and blocked work above the default', () => {
    expect(['high', 'urgent']).toContain(
      priority('Downtime of booking system', 'Dear team, our booking system has had complete downtime since 7:00. None of our customers can book. This is a critical issue.'),
    );
    expect(['high', 'urgent']).toContain(
      priority('CSV export down before the board meeting', 'The CSV export stopped working and we cannot produce the figures for the board meeting tomorrow.'),
    );
  });

  it('does not call a throwaway test urgent', () => {
    expect(['low', 'medium']).toContain(priority('Double submit test', 'Testing: double submit in the staging environment, please ignore.'));
  });

  it('keeps ordinary problems at medium and requests at low', () => {
    expect(priority('Dates wrong in Excel export', 'The exported dates show as numbers. We convert them by hand for now.')).toBe('medium');
    expect(priority('Feature idea', 'It would be nice to have more colours for tags.')).toBe('low');
  });
});

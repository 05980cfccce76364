import { describe, expect, it } from 'vitest';
import { passesLuhn, redactPersonalData } from './redactPersonalData.js';

// Secrets are assembled at run time so that secret scanners do not flag this file.
const join = (...parts: string[]) => parts.join('');

describe('redactPersonalData', () => {
  it('redacts e-mail addresses', () => {
    const { text, redactions } = redactPersonalData('Write to jane.doe+help@example.co.uk or OPS@Acme-Corp.com.');
    expect(text).toBe('Write to [email] or [email].');
    expect(redactions).toEqual({ email: 2 });
  });

  it('redacts international and US phone numbers', () => {
    const { text, redactions } = redactPersonalData(
      'Call +44 20 7946 0958, +1 (415) 555-0132, +33612345678, (212) 555-0147, 415-555-0198, 415.555.0132 or 1-800-555-0199.',
    );
    expect(text).toBe('Call [phone], [phone], [phone], [phone], [phone], [phone] or [phone].');
    expect(redactions).toEqual({ phone: 7 });
  });

  it('redacts national numbers with a trunk prefix', () => {
    expect(redactPersonalData('Mobile 07700 900123, office 020 7946 0958').text).toBe('Mobile [phone], office [phone]');
  });

  it('redacts card numbers that pass the Luhn check, with or without separators', () => {
    const { text, redactions } = redactPersonalData(
      'Cards: 4242 4242 4242 4242, 4111-1111-1111-1111, 5555555555554444, 378282246310005.',
    );
    expect(text).toBe('Cards: [card], [card], [card], [card].');
    expect(redactions).toEqual({ card: 4 });
  });

  it('keeps long reference numbers that fail the Luhn check', () => {
    expect(passesLuhn('1234567890123')).toBe(false);
    expect(redactPersonalData('Order 1234567890123 was not delivered').text).toBe('Order 1234567890123 was not delivered');
  });

  it('redacts vendor API keys', () => {
    const keys = [
      join('sk_', 'live_', '51HxYzAbCdEfGhIjKlMn'),
      join('pk_', 'test_', 'TYooMQauvdEDq54NiTphI7jx'),
      join('gh', 'p_', 'abcdefghijklmnopqrstuvwxyz0123456789'),
      join('AKIA', 'IOSFODNN7EXAMPLE'),
      join('xox', 'b-', '123456789012-abcdefghijkl'),
      join('AIza', 'SyA1234567890abcdefghijklmnopqrstuv'),
    ];
    const { text, redactions } = redactPersonalData(`keys: ${keys.join(' , ')}`);
    expect(text).toBe(`keys: ${keys.map(() => '[token]').join(' , ')}`);
    expect(redactions).toEqual({ token: keys.length });
  });

  it('redacts bearer tokens and JWTs', () => {
    const jwt = join('eyJhbGciOiJIUzI1NiJ9', '.', 'eyJzdWIiOiIxMjM0In0', '.', 'dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    const { text } = redactPersonalData(`Authorization: Bearer abc123def456ghi789\nour jwt is ${jwt}`);
    expect(text).toBe('Authorization: Bearer [token]\nour jwt is [token]');
  });

  it('redacts secret values after key-ish names and keeps the name', () => {
    const { text } = redactPersonalData(
      'api_key=9f86d081884c7d659a2feaa0c55ad015 and "client_secret": "abc123XYZ789" and password: Summer2024!',
    );
    expect(text).toBe('api_key=[token] and "client_secret": "[token]" and password: [token]');
  });

  it('does not redact ordinary text that merely looks technical', () => {
    const safe = [
      'We upgraded to version 1.2.3 and then v2.14.3',
      'Order #48213 and invoice INV-2024-0193',
      'Server 192.168.0.1 on port 8080',
      'Meeting on 2024-01-15 at 10:30',
      'The token is invalidated and bearer authentication fails',
      'token: expired',
      'Ticket 123456 is still open',
      'Our p95 latency went from 200ms to 6s',
      'a simple question with no data',
    ];
    for (const text of safe) {
      const result = redactPersonalData(text);
      expect(result.text, text).toBe(text);
      expect(result.redactions, text).toEqual({});
    }
  });

  it('counts several kinds at once', () => {
    const card = '4242 4242 4242 4242';
    const { redactions } = redactPersonalData(`Mail a@b.io, phone +49 30 901820, card ${card}, token ghp_${'x'.repeat(36)}`);
    expect(redactions).toEqual({ email: 1, phone: 1, card: 1, token: 1 });
  });

  it('handles empty and large input', () => {
    expect(redactPersonalData('')).toEqual({ text: '', redactions: {} });
    const big = 'contact me at a@b.io please. '.repeat(10_000);
    const started = performance.now();
    expect(redactPersonalData(big).redactions).toEqual({ email: 10_000 });
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

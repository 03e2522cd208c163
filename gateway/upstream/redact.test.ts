import { describe, expect, it } from 'vitest';
import { EXCERPT_LIMIT, excerpt, redact } from './redact.ts';

const SECRET = 'demo-client-secret-8c1f';

describe('redact', () => {
  it.each([
    ['a bearer token', 'auth header was Bearer eyJhbGciOi.JIUzI1NiJ9.sig-_x== ok', 'auth header was Bearer [redacted] ok'],
    ['a JSON access_token', '{"access_token": "abc.def", "token_type":"Bearer"}', '{"access_token": "[redacted]", "token_type":"Bearer"}'],
    ['a JSON refresh_token with escapes', '{"refresh_token":"a\\"b"}', '{"refresh_token":"[redacted]"}'],
    ['a form-encoded client_secret', 'grant_type=client_credentials&client_secret=xyz&client_id=c', 'grant_type=client_credentials&client_secret=[redacted]&client_id=c'],
    ['an id_token in a query', '?id_token=zzz', '?id_token=[redacted]'],
  ])('removes %s', (_, text, expected) => {
    expect(redact(text, [])).toBe(expected);
  });

  it("removes the account's secret wherever it appears, quoted or bare", () => {
    const out = redact(`invalid client ${SECRET}; {"secret":"${SECRET}"}`, [SECRET]);
    expect(out).not.toContain(SECRET);
    expect(out).toBe('invalid client [redacted]; {"secret":"[redacted]"}');
  });

  it('ignores empty secrets instead of redacting everything', () => {
    expect(redact('plain text', [''])).toBe('plain text');
  });
});

describe('excerpt', () => {
  it('collapses whitespace to one line', () => {
    expect(excerpt('<html>\n  <body>\n\tBad   Gateway</body>\n</html>', [])).toBe('<html> <body> Bad Gateway</body> </html>');
  });

  it(`caps the text at ${EXCERPT_LIMIT} characters, marking the cut`, () => {
    const out = excerpt('x'.repeat(5000), []);
    expect(out).toHaveLength(EXCERPT_LIMIT);
    expect(out.endsWith('…')).toBe(true);
  });

  it('redacts before cutting, so a secret straddling the cut leaves no prefix behind', () => {
    const text = `${'a'.repeat(EXCERPT_LIMIT - 5)}${SECRET} Bearer tok-abcdefgh`;
    const out = excerpt(text, [SECRET]);
    expect(out).toBe(`${'a'.repeat(EXCERPT_LIMIT - 5)}[red…`);
  });
});

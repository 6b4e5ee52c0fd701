import { describe, expect, it } from 'vitest';
import { maskHeaderValue, maskUrl, redactor } from './mask.js';

describe('maskUrl', () => {
  it('shows a Slack webhook as host, routing word and four characters', () => {
    expect(maskUrl(new URL('https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'))).toBe('https://hooks.slack.com/services/T000…');
  });

  it('hides a secret first segment, user info and the query', () => {
    expect(maskUrl(new URL('https://example.com/4f9a0c1d2e3b4a5c6d7e8f90a1b2c3d4/alerts'))).toBe('https://example.com/4f9a…');
    expect(maskUrl(new URL('https://user:pass@example.com/'))).toBe('https://example.com/…');
    expect(maskUrl(new URL('https://example.com/hooks?token=abc'))).toBe('https://example.com/hooks…');
  });

  it('keeps a bare origin or routing path whole: there is no secret in it', () => {
    expect(maskUrl(new URL('https://siem.example.com:8443'))).toBe('https://siem.example.com:8443');
    expect(maskUrl(new URL('https://siem.example.com/ingest'))).toBe('https://siem.example.com/ingest');
  });
});

describe('maskHeaderValue', () => {
  it('keeps the scheme word and three characters of a long credential', () => {
    expect(maskHeaderValue('Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6')).toBe('Bearer eyJ…');
    expect(maskHeaderValue('Basic short')).toBe('Basic …');
    expect(maskHeaderValue('an-api-key-of-some-length')).toBe('an-…');
  });
});

describe('redactor', () => {
  it('replaces the URL, its path and header values wherever they appear', () => {
    const redact = redactor(new URL('https://hooks.example.com/services/T1/B2/SECRET'), ['Bearer abcdefghijklmnop']);
    expect(redact('bad https://hooks.example.com/services/T1/B2/SECRET then /services/T1/B2/SECRET with Bearer abcdefghijklmnop')).toBe(
      'bad https://hooks.example.com/services/T1/B… then /… with Bearer abc…',
    );
  });
});

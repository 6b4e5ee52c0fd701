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

describe('redactor on partial and encoded echoes', () => {
  const slack = new URL('https://hooks.slack.com/services/T0A1B2C3D4/B0E5F6G7H8/XXXXYYYYZZZZ');

  it('masks a bearer credential echoed without its scheme word', () => {
    const redact = redactor(new URL('https://siem.example.com/ingest'), ['Bearer abcdefghijklmnop123']);
    expect(redact('HTTP 401: invalid token abcdefghijklmnop123')).toBe('HTTP 401: invalid token abc…');
  });

  it('masks query values, with or without their names', () => {
    const redact = redactor(new URL('https://siem.example.com/ingest?token=s3cr3tQueryTok&format=json'));
    expect(redact('rejected token=s3cr3tQueryTok (format=json)')).toBe('rejected token=… (format=json)');
    expect(redact('unknown key s3cr3tQueryTok')).toBe('unknown key …');
  });

  it('masks each secret Slack path segment on its own', () => {
    const redact = redactor(slack);
    const shown = redact('no such hook: XXXXYYYYZZZZ (team T0A1B2C3D4, bot B0E5F6G7H8)');
    expect(shown).toBe('no such hook: … (team …, bot …)');
  });

  it('masks random-looking generic webhook segments but keeps routing words readable', () => {
    const redact = redactor(new URL('https://example.com/api/v1/hooks/9f8e7d6c5b4a39281706'));
    expect(redact('hook 9f8e7d6c5b4a39281706 disabled by api v1 hooks')).toBe('hook … disabled by api v1 hooks');
  });

  it('masks the percent-encoded URL, segment and query value', () => {
    const redact = redactor(new URL('https://example.com/in/s3cr3t%2Fpart-value?sig=a%2Bb%2Fc%3Dlong'));
    const echoed = `bad target ${encodeURIComponent('https://example.com/in/s3cr3t/part-value?sig=a+b/c=long')} sig=a%2Bb%2Fc%3Dlong and a+b/c=long`;
    const shown = redact(echoed);
    expect(shown).not.toMatch(/s3cr3t|part-value|a%2Bb|a\+b\/c/i);
    const redactSlack = redactor(slack);
    expect(redactSlack(encodeURIComponent(slack.href))).toBe('https://hooks.slack.com/services/T0A1…');
    expect(redactSlack('echo T0A1B2C3D4%2FB0E5F6G7H8%2FXXXXYYYYZZZZ')).toBe('echo …%2F…%2F…');
  });

  it('masks the credential of a custom header, percent-encoded too', () => {
    const redact = redactor(new URL('https://example.com/'), ['Token tok+en/with=chars1234']);
    expect(redact(`got ${encodeURIComponent('tok+en/with=chars1234')}`)).toBe('got tok…');
  });
});

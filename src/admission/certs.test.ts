import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, get } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CertificateFileExistsError,
  CertificateOptionError,
  createWebhookCertificates,
  webhookDnsNames,
  writeCertificateFiles,
  type WebhookCertificates,
} from './certs.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;

/** Reads one DER TLV at `offset`: where its value starts and where the element ends. */
function tlv(der: Buffer, offset: number): { valueStart: number; end: number } {
  let length = der[offset + 1]!;
  let valueStart = offset + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + der[offset + 2 + i]!;
    valueStart += bytes;
  }
  return { valueStart, end: valueStart + length };
}

/**
 * The raw issuer and subject Names of a certificate. Go's verifier finds a parent by comparing
 * these bytes exactly, where OpenSSL (behind `checkIssued`) compares them canonically.
 */
function rawNames(certificate: X509Certificate): { issuer: Buffer; subject: Buffer } {
  const der = certificate.raw;
  const tbs = tlv(der, tlv(der, 0).valueStart);
  let cursor = tbs.valueStart;
  const fields: Buffer[] = [];
  while (cursor < tbs.end) {
    const element = tlv(der, cursor);
    fields.push(der.subarray(cursor, element.end));
    cursor = element.end;
  }
  // [0] version, serialNumber, signature, issuer, validity, subject, …
  const offset = fields[0]![0] === 0xa0 ? 1 : 0;
  return { issuer: fields[offset + 2]!, subject: fields[offset + 4]! };
}

async function handshake(certs: WebhookCertificates, servername: string): Promise<string> {
  const server = createServer({ cert: certs.tlsCert, key: certs.tlsKey, minVersion: 'TLSv1.2' }, (_request, response) => {
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve, reject) => {
      const request = get({ host: '127.0.0.1', port, path: '/', ca: certs.caCert, servername, agent: false }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve(body));
      });
      request.on('error', reject);
    });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('createWebhookCertificates', () => {
  const made = createWebhookCertificates({ service: 'eksguard-webhook', namespace: 'eksguard', now: NOW, extraDnsNames: ['Webhook.Local'] });

  it('makes a CA: self-signed, CA:true with path length 0, P-256', async () => {
    const ca = new X509Certificate((await made).caCert);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe(ca.issuer);
    expect(ca.subject).toContain('CN=eksguard webhook CA eksguard-webhook.eksguard');
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(ca.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
  });

  it('makes a serving certificate the CA signed, with every Service name as a subjectAltName and serverAuth only', async () => {
    const certs = await made;
    const ca = new X509Certificate(certs.caCert);
    const leaf = new X509Certificate(certs.tlsCert);
    expect(leaf.ca).toBe(false);
    expect(leaf.issuer).toBe(ca.subject);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.verify(leaf.publicKey)).toBe(false);
    expect(rawNames(leaf).issuer.equals(rawNames(ca).subject)).toBe(true);
    expect(leaf.subjectAltName?.split(', ')).toEqual([
      'DNS:eksguard-webhook',
      'DNS:eksguard-webhook.eksguard',
      'DNS:eksguard-webhook.eksguard.svc',
      'DNS:eksguard-webhook.eksguard.svc.cluster.local',
      'DNS:webhook.local',
    ]);
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(leaf.checkPrivateKey(createPrivateKey(certs.tlsKey))).toBe(true);
  });

  it('starts both certificates five minutes early and ends them after the requested days', async () => {
    const certs = await made;
    for (const pem of [certs.caCert, certs.tlsCert]) {
      const certificate = new X509Certificate(pem);
      expect(new Date(certificate.validFrom).getTime()).toBe(NOW.getTime() - 5 * 60 * 1000);
      expect(new Date(certificate.validTo).getTime()).toBe(NOW.getTime() + 365 * DAY_MS);
    }
    const short = await createWebhookCertificates({ service: 'w', namespace: 'n', now: NOW, days: 30 });
    expect(new Date(new X509Certificate(short.tlsCert).validTo).getTime()).toBe(NOW.getTime() + 30 * DAY_MS);
  });

  it('serves TLS that a client trusting only the CA accepts for the Service name and refuses for another', async () => {
    const certs = await createWebhookCertificates({ service: 'eksguard-webhook', namespace: 'eksguard' });
    expect(await handshake(certs, 'eksguard-webhook.eksguard.svc')).toBe('ok');
    await expect(handshake(certs, 'other.eksguard.svc')).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    // Another run's CA has the same name but another key: the signature does not verify.
    const stranger = await createWebhookCertificates({ service: 'eksguard-webhook', namespace: 'eksguard' });
    await expect(handshake({ ...certs, caCert: stranger.caCert }, 'eksguard-webhook.eksguard.svc')).rejects.toMatchObject({
      code: 'CERT_SIGNATURE_FAILURE',
    });
  });

  it('rejects names the API server could not dial and validity it should not trust', async () => {
    for (const options of [
      { service: 'Eksguard', namespace: 'eksguard' },
      { service: '1webhook', namespace: 'eksguard' },
      { service: 'webhook', namespace: 'eks_guard' },
      { service: 'webhook', namespace: 'eksguard', extraDnsNames: ['bad..name'] },
      { service: 'webhook', namespace: 'eksguard', days: 0 },
      { service: 'webhook', namespace: 'eksguard', days: 1.5 },
      { service: 'webhook', namespace: 'eksguard', days: 3651 },
    ]) {
      await expect(createWebhookCertificates(options), JSON.stringify(options)).rejects.toBeInstanceOf(CertificateOptionError);
    }
  });

  it('lists the DNS names once each, lower-cased', () => {
    expect(webhookDnsNames('w', 'n', ['W.N.SVC', 'extra.example.com'])).toEqual(['w', 'w.n', 'w.n.svc', 'w.n.svc.cluster.local', 'extra.example.com']);
  });
});

describe('writeCertificateFiles', () => {
  const certs: WebhookCertificates = { caCert: 'CA CERT\n', caKey: 'CA KEY\n', tlsCert: 'TLS CERT\n', tlsKey: 'TLS KEY\n' };
  const mode = (file: string): number => statSync(file).mode & 0o777;

  it('writes the four files into a new folder, keys readable by the owner only', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'eksguard-certs-')), 'certs');
    const written = await writeCertificateFiles(dir, certs);
    expect(written).toEqual(['ca.crt', 'ca.key', 'tls.crt', 'tls.key'].map((name) => join(dir, name)));
    expect(readFileSync(join(dir, 'tls.key'), 'utf8')).toBe('TLS KEY\n');
    expect(readFileSync(join(dir, 'ca.crt'), 'utf8')).toBe('CA CERT\n');
    expect(mode(join(dir, 'tls.key'))).toBe(0o600);
    expect(mode(join(dir, 'ca.key'))).toBe(0o600);
    expect(mode(join(dir, 'tls.crt'))).toBe(0o644);
  });

  it('refuses to overwrite and writes nothing when one file exists; force replaces and narrows the key mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eksguard-certs-'));
    writeFileSync(join(dir, 'tls.key'), 'OLD KEY\n', { mode: 0o644 });
    const refused = writeCertificateFiles(dir, certs);
    await expect(refused).rejects.toBeInstanceOf(CertificateFileExistsError);
    await expect(refused).rejects.toThrow(`${join(dir, 'tls.key')} already exists: pass --force to overwrite`);
    expect(() => statSync(join(dir, 'ca.crt'))).toThrow();
    expect(readFileSync(join(dir, 'tls.key'), 'utf8')).toBe('OLD KEY\n');

    await writeCertificateFiles(dir, certs, { force: true });
    expect(readFileSync(join(dir, 'tls.key'), 'utf8')).toBe('TLS KEY\n');
    expect(mode(join(dir, 'tls.key'))).toBe(0o600);
  });
});

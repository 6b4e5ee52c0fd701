import { mkdirSync, mkdtempSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type Agent as HttpAgent, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';

/** Headers as kube-apiserver's webhook client sends them (a client-go REST client posting JSON). */
export const API_SERVER_HEADERS = {
  'User-Agent': 'kube-apiserver-admission',
  'Content-Type': 'application/json',
  Accept: 'application/json, */*',
  'Accept-Encoding': 'gzip',
};

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface Send {
  body?: string | Buffer;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** Send the body chunked (no Content-Length), in pieces of this many bytes. */
  chunkBytes?: number;
  /** Plain HTTP (an `insecureHttp` server). */
  http?: boolean;
}

/** One request to 127.0.0.1:`port`; resolves with the whole answer, rejects on a connection error. */
export function send(port: number, agent: HttpsAgent | HttpAgent, options: Send = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...API_SERVER_HEADERS, ...options.headers };
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  if (body && options.chunkBytes === undefined) headers['Content-Length'] = String(body.length);
  const request = options.http ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: options.path ?? '/validate', method: options.method ?? 'POST', headers, agent: agent as HttpsAgent },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body && options.chunkBytes !== undefined) {
      for (let offset = 0; offset < body.length; offset += options.chunkBytes) req.write(body.subarray(offset, offset + options.chunkBytes));
      req.end();
    } else {
      req.end(body);
    }
  });
}

/** The SHA-256 fingerprint of the certificate a fresh TLS connection to `port` is served. */
export function peerFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      socket.end();
      resolve(fingerprint);
    });
    socket.on('error', reject);
  });
}

/**
 * A directory laid out like a mounted Kubernetes Secret: `tls.crt` and `tls.key` are symlinks into
 * `..data`, itself a symlink to a timestamped directory; an update writes a new directory and
 * swaps `..data` with a rename, so both files change at once.
 */
export class SecretVolume {
  readonly dir = mkdtempSync(join(tmpdir(), 'eksguard-secret-'));
  readonly certFile = join(this.dir, 'tls.crt');
  readonly keyFile = join(this.dir, 'tls.key');
  private version = 0;

  constructor(initial: { cert: string; key: string }) {
    this.update(initial);
    symlinkSync('..data/tls.crt', this.certFile);
    symlinkSync('..data/tls.key', this.keyFile);
  }

  update({ cert, key }: { cert: string; key: string }): void {
    const version = `..2025_03_04_10_15_${String(this.version++).padStart(2, '0')}`;
    mkdirSync(join(this.dir, version));
    writeFileSync(join(this.dir, version, 'tls.crt'), cert);
    writeFileSync(join(this.dir, version, 'tls.key'), key);
    symlinkSync(version, join(this.dir, '..data_tmp'));
    renameSync(join(this.dir, '..data_tmp'), join(this.dir, '..data'));
  }
}

/** Polls `condition` every 20 ms until it holds; fails after `limitMs`. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, limitMs = 5_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

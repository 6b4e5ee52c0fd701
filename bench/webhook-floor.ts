/**
 * The floor of the webhook benchmark: a bare HTTPS server on the same machine that reads the
 * body and answers a constant allow for the review's uid. What TLS, HTTP and JSON cost before
 * any verdict is computed.
 */
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export function startFloorServer(cert: string, key: string): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer({ cert, key, minVersion: 'TLSv1.2' }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let uid = '';
      try {
        const value = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { request?: { uid?: unknown } }).request?.uid;
        uid = typeof value === 'string' ? value : '';
      } catch {
        res.writeHead(400).end();
        return;
      }
      const body = JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid, allowed: true } });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ port: (server.address() as AddressInfo).port, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/**
 * A webhook server in its own process for the benchmark (so the load generator does not share
 * its event loop): `floor` answers a constant allow; `eksguard` is the real admission server with
 * the real verdict pipeline and the default policy. Prints `{"port": N}` once listening; stops on
 * SIGTERM.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFloorServer } from './webhook-floor.js';
import { startEksguardServer } from './webhook-eksguard.js';

const [mode, certDir] = process.argv.slice(2);
const dir = certDir ?? mkdtempSync(join(tmpdir(), 'eksguard-bench-tls-'));
const server = mode === 'floor' ? await startFloorServer(readPem(join(dir, 'tls.crt')), readPem(join(dir, 'tls.key'))) : await startEksguardServer(join(dir, 'tls.crt'), join(dir, 'tls.key'));
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});

function readPem(path: string): string {
  return readFileSync(path, 'utf8');
}

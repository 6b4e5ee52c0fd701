/**
 * `eksguard serve`: the dashboard over the scan history, on loopback by default. Anywhere else
 * it requires a token, given or generated and printed once.
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { buildDashboard } from '../server/index.js';
import { EXIT, UsageError } from './exit-codes.js';
import { DB_OPTION_HELP, historyPath } from './history-store.js';
import type { CliIo } from './io.js';
import { parseWhole } from './option-values.js';

interface ServeOptions {
  db?: string;
  host: string;
  port: string;
  token?: string;
}

export const DEFAULT_PORT = 7420;
/** Shorter tokens can be guessed; an empty one would switch authentication off. */
export const MIN_TOKEN_LENGTH = 16;
/** Addresses whose Host headers the dashboard can check (see src/server DNS-rebinding defence). */
const LOOPBACK: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function registerServeCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('serve the dashboard over the recorded scans: posture, findings, resources, compliance, attack paths, diffs')
    .option('--db <file|url>', DB_OPTION_HELP)
    .option('--host <address>', 'address to listen on; any but 127.0.0.1, localhost or ::1 requires a token', '127.0.0.1')
    .option('--port <port>', 'TCP port (0 picks a free one)', String(DEFAULT_PORT))
    .option('--token <token>', 'token every request must carry, 16 characters or more (default: $EKSGUARD_TOKEN, which other users cannot read in the process list; off loopback one is generated when none is given)')
    .addHelpText(
      'after',
      '\nRuns until interrupted (SIGINT/SIGTERM). The dashboard only reads the history: a file, or a PostgreSQL database\n(opened on the first request, in read-only sessions) that many scanners record into.' +
        '\nOff loopback, open the URL with ?token=… once: the browser keeps the token in a cookie; API clients send Authorization: Bearer TOKEN.' +
        '\n\nExamples:\n  eksguard serve\n  eksguard serve --db ci/eksguard.db --port 8080\n  EKSGUARD_DB=postgres://eksguard@db.internal/eksguard eksguard serve\n  EKSGUARD_TOKEN=$(openssl rand -hex 32) eksguard serve --host 0.0.0.0',
    )
    .action(async (options: ServeOptions) => setExit(await runServe(options, io)));
}

export async function runServe(options: ServeOptions, io: CliIo): Promise<number> {
  const port = parseWhole(options.port, '--port', 0, 65535);
  const storePath = historyPath(options.db, io);
  const loopback = LOOPBACK.has(options.host);
  const given = options.token ?? (io.env.EKSGUARD_TOKEN || undefined);
  if (given !== undefined && given.length < MIN_TOKEN_LENGTH) {
    throw new UsageError(`the token must be at least ${MIN_TOKEN_LENGTH} characters (try: openssl rand -hex 32)`);
  }
  const token = given ?? (loopback ? undefined : randomBytes(32).toString('base64url'));
  const app = buildDashboard({ storePath, loopback, ...(token !== undefined ? { token } : {}), cookieSuffix: String(port) });
  try {
    await app.listen({ host: options.host, port });
  } catch (error) {
    await app.close();
    throw new UsageError(`cannot listen on ${options.host}:${port}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const address = app.server.address();
  const url = `http://${urlHost(options.host)}:${typeof address === 'object' && address ? address.port : port}/`;
  io.stderr.write(`eksguard: dashboard on ${url}\n`);
  if (given === undefined && token !== undefined) io.stderr.write(`eksguard: open ${url}?token=${token} (the token is shown only now)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await app.close();
  return EXIT.ok;
}

function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

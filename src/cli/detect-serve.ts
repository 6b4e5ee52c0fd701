/**
 * `eksguard detect serve`: the Kubernetes audit webhook backend, over HTTPS, running each posted
 * EventList through the detection pipeline and answering once its alerts were delivered.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { emptyReadStats } from '../detect/events/index.js';
import { readBearerToken } from '../detect/sources/bearer-token.js';
import { DEFAULT_WEBHOOK_PATH, serveAuditWebhook } from '../detect/sources/audit-webhook.js';
import { displayPath } from './detect-rules.js';
import { addDetectOptions, openDetectSession, type DetectCommonOptions } from './detect-session.js';
import { UsageError } from './exit-codes.js';
import { parseWhole } from './option-values.js';
import type { CliIo } from './io.js';

interface ServeFlags {
  port: string;
  host: string;
  tlsCert?: string;
  tlsKey?: string;
  tokenFile?: string;
  tokenEnv?: string;
  clientCa?: string;
  path: string;
  maxBodyBytes: string;
  maxQueuedBatches: string;
  insecureNoAuth?: boolean;
}


function readPem(io: CliIo, file: string, flag: string): Buffer {
  try {
    return readFileSync(resolve(io.cwd, file));
  } catch (error) {
    throw new UsageError(`${flag} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export function registerDetectServeCommand(detect: Command, io: CliIo, setExit: (code: number) => void): void {
  addDetectOptions(
    detect
      .command('serve')
      .description('receive the Kubernetes audit webhook (EventList POSTs over HTTPS) and detect threats as events arrive; for self-managed API servers and forwarders (EKS sends its audit log to CloudWatch Logs: use detect --follow)')
      .option('--port <port>', 'TCP port to listen on (0 picks a free one)', '8443')
      .option('--host <address>', 'address to listen on (default: every IPv4 and IPv6 address)', '::')
      .option('--tls-cert <file>', 'PEM server certificate (chain); its subjectAltName must match the kubeconfig server host')
      .option('--tls-key <file>', 'PEM private key of the certificate')
      .option('--token-file <file>', 'file holding the bearer token the API server sends (the webhook kubeconfig users[].user.token)')
      .option('--token-env <variable>', 'environment variable holding the bearer token')
      .option('--client-ca <file>', 'PEM CA bundle: require a client certificate it signed')
      .option('--path <path>', 'URL path the API server posts to (the path of the kubeconfig server URL)', DEFAULT_WEBHOOK_PATH)
      .option('--max-body-bytes <n>', 'largest EventList accepted (413 beyond)', String(16 * 1024 * 1024))
      .option('--max-queued-batches <n>', 'batches held at once before answering 429 with Retry-After', '8')
      .option('--insecure-no-auth', 'accept POSTs without a token or client certificate (only behind another authenticating proxy)', false),
  )
    .addHelpText(
      'after',
      '\nRuns until interrupted (SIGINT/SIGTERM): accepted batches are finished, then the summary is printed.' +
        '\nGET /healthz answers ok without authentication, for probes.' +
        '\n\nExample:\n  eksguard detect serve --port 8443 --tls-cert tls.crt --tls-key tls.key --token-file /etc/eksguard/token --sink file=alerts.jsonl',
    )
    .action(async (options: DetectCommonOptions & ServeFlags) => {
      if (!options.tlsCert || !options.tlsKey) throw new UsageError('detect serve needs --tls-cert and --tls-key (the API server only posts over HTTPS)');
      if (options.tokenFile && options.tokenEnv) throw new UsageError('give --token-file or --token-env, not both');
      const tokenSource = options.tokenFile ? { file: resolve(io.cwd, options.tokenFile) } : options.tokenEnv ? { env: options.tokenEnv } : undefined;
      if (!tokenSource && !options.clientCa && !options.insecureNoAuth) {
        throw new UsageError('detect serve needs --token-file, --token-env or --client-ca, so only your API server can post events (or --insecure-no-auth behind an authenticating proxy)');
      }
      let token: string | undefined;
      try {
        token = tokenSource ? readBearerToken(tokenSource, io.env) : undefined;
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const port = parseWhole(options.port, '--port', 0, 65535);
      const maxBodyBytes = parseWhole(options.maxBodyBytes, '--max-body-bytes', 1024, 1024 * 1024 * 1024);
      const maxQueuedBatches = parseWhole(options.maxQueuedBatches, '--max-queued-batches', 1, 1024);
      if (!options.path.startsWith('/')) throw new UsageError(`--path must start with /, not "${options.path}"`);
      const tlsCert = readPem(io, options.tlsCert, '--tls-cert');
      const tlsKey = readPem(io, options.tlsKey, '--tls-key');
      const clientCa = options.clientCa ? readPem(io, options.clientCa, '--client-ca') : undefined;

      const session = await openDetectSession(io, options, 'detect serve', (file) => displayPath(io, file));
      const controller = new AbortController();
      let server;
      try {
        server = await serveAuditWebhook({
          port,
          host: options.host,
          tlsCert,
          tlsKey,
          path: options.path,
          maxBodyBytes,
          maxQueuedBatches,
          signal: controller.signal,
          ...(token ? { token } : {}),
          ...(clientCa ? { clientCa } : {}),
        });
      } catch (error) {
        await session.finish(emptyReadStats());
        throw new UsageError(`cannot listen on ${options.host}:${port}: ${(error as Error).message}`);
      }
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const address = server.address();
      io.stderr.write(`eksguard detect serve: listening on https://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}${options.path}\n`);
      const requests = () => {
        const { requests: total, accepted, rejected } = server.stats;
        const refusals = Object.entries(rejected)
          .filter(([, n]) => n > 0)
          .map(([reason, n]) => `${n} ${reason}`);
        return [`requests: ${total} (${accepted} accepted${refusals.length ? `; refused: ${refusals.join(', ')}` : ''})`];
      };
      try {
        setExit(await session.complete(() => session.pipeline.runBatches(server.batches), () => server.stats, requests));
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await server.close();
      }
    });
}

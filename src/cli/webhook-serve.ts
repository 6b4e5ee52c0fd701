/**
 * `eksguard webhook serve`: the admission webhook server, judging with the checks and the
 * `.eksguard.yaml` that `scan` uses, until SIGINT/SIGTERM.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { serveAdmission, type DecisionRecord } from '../admission/server.js';
import { AdmissionConfigError, createVerdictPipeline } from '../admission/verdict.js';
import { formatConfigError } from '../checks/config/index.js';
import { parseDuration } from '../detect/rules/threshold-window.js';
import { UsageError } from './exit-codes.js';
import { parseWhole } from './option-values.js';
import type { CliIo } from './io.js';
import { loadPolicy } from './policy-loader.js';
import { imageGatesFrom } from './webhook-image-gates.js';

interface ServeOptions {
  tlsCert?: string;
  tlsKey?: string;
  insecureHttp: boolean;
  config?: string;
  port: string;
  host: string;
  namespace?: string;
  budget: string;
  failureMode: 'allow' | 'deny';
  auditLog?: string;
  maxBodyBytes: string;
  maxConcurrent: string;
}

/**
 * The audit trail: JSON lines to stdout or a file. A file that cannot be written (read-only root,
 * full disk) must not take the webhook down: decisions go to stderr instead, said once.
 */
function auditTrail(io: CliIo, target: string | undefined, log: (message: string) => void): { write(record: DecisionRecord): void; close(): Promise<void> } | undefined {
  if (!target) return undefined;
  if (target === '-') return { write: (record) => io.stdout.write(`${JSON.stringify(record)}\n`), close: () => Promise.resolve() };
  let failed = false;
  const file: WriteStream = createWriteStream(resolve(io.cwd, target), { flags: 'a', mode: 0o600 });
  file.on('error', (error) => {
    if (!failed) log(`audit log ${target}: ${error.message}; decisions go to standard error instead`);
    failed = true;
  });
  return {
    write(record) {
      const line = `${JSON.stringify(record)}\n`;
      if (failed) io.stderr.write(line);
      else file.write(line);
    },
    close: () => new Promise<void>((done) => (failed ? done() : file.end(() => done()))),
  };
}


export function registerWebhookServeCommand(webhook: Command, io: CliIo, setExit: (code: number) => void): void {
  webhook
    .command('serve')
    .description('serve the admission webhook: POST /validate (AdmissionReview v1), /healthz, /readyz, /metrics')
    .option('--tls-cert <file>', 'PEM serving certificate (reloaded when the file changes)')
    .option('--tls-key <file>', 'PEM private key (reloaded with the certificate)')
    .option('--insecure-http', 'serve plain HTTP, for local testing only (the API server only calls HTTPS webhooks)', false)
    .option('-c, --config <file>', 'configuration: checks, exceptions and the admission: section (default .eksguard.yaml when present)')
    .option('--port <port>', 'port to listen on', '8443')
    .option('--host <address>', 'address to listen on (default: every IPv4 and IPv6 address, for IPv6 EKS clusters too)', '::')
    .option('--namespace <namespace>', "the webhook's own namespace, never judged (default POD_NAMESPACE)")
    .option('--budget <duration>', 'time allowed for a verdict; past it the --failure-mode answer is given', '200ms')
    .addOption(new Option('--failure-mode <mode>', 'answer when a verdict fails or exceeds the budget: allow (with a warning) or deny').choices(['allow', 'deny']).default('allow'))
    .option('--audit-log <file>', 'every decision as a JSON line (uid, user, object, checks failed, verdict, latency); - for standard output')
    .option('--max-body-bytes <n>', 'largest AdmissionReview accepted (413 beyond)', String(6 * 1024 * 1024))
    .option('--max-concurrent <n>', 'reviews judged at once (429 with Retry-After beyond)', '64')
    .addHelpText(
      'after',
      '\nDry-run requests are answered but not written to the audit log. Runs until SIGINT/SIGTERM, finishing the reviews in flight.' +
        '\n\nExample:\n  eksguard webhook serve --tls-cert ./certs/tls.crt --tls-key ./certs/tls.key --config .eksguard.yaml --audit-log -',
    )
    .action(async (options: ServeOptions) => {
      if (!options.insecureHttp && (!options.tlsCert || !options.tlsKey)) throw new UsageError('webhook serve needs --tls-cert and --tls-key (or --insecure-http for local testing)');
      const budgetMs = parseDuration(options.budget);
      if (budgetMs === undefined || budgetMs <= 0 || budgetMs > 30_000) throw new UsageError(`--budget must be a duration up to 30s, like 200ms, not "${options.budget}"`);
      const policy = loadPolicy({ configFile: options.config, baseline: true }, io);
      const ownNamespace = options.namespace ?? io.env.POD_NAMESPACE;
      const waitMs = policy.config.admission?.images?.waitMs;
      if (waitMs !== undefined && waitMs >= budgetMs) {
        // Past the budget the server answers per --failure-mode, and `whileUnknown` would never apply.
        throw new UsageError(`admission.images.waitMs (${waitMs} ms) must be shorter than --budget (${budgetMs} ms): image lookups must leave the checks time to answer`);
      }
      // The configuration is read once: a change (keys, database, gates) takes a restart.
      const imageGates = imageGatesFrom(policy.config, io);
      let pipeline;
      try {
        pipeline = createVerdictPipeline(policy, { ownNamespace, ...(imageGates ? { gates: [imageGates.gate] } : {}) });
      } catch (error) {
        imageGates?.close();
        if (error instanceof AdmissionConfigError) throw new UsageError(`configuration errors:\n  ${error.errors.map(formatConfigError).join('\n  ')}`);
        throw error;
      }
      const log = (message: string) => io.stderr.write(`eksguard webhook: ${message}\n`);
      const audit = auditTrail(io, options.auditLog, log);
      const controller = new AbortController();
      let server;
      try {
        server = await serveAdmission({
          port: parseWhole(options.port, '--port', 0, 65535),
          host: options.host,
          ...(options.insecureHttp ? { insecureHttp: true } : { tlsCertFile: resolve(io.cwd, options.tlsCert!), tlsKeyFile: resolve(io.cwd, options.tlsKey!) }),
          judge: (request) => pipeline.judge(request),
          failurePolicy: options.failureMode,
          budgetMs,
          maxBodyBytes: parseWhole(options.maxBodyBytes, '--max-body-bytes', 64 * 1024, 64 * 1024 * 1024),
          maxConcurrent: parseWhole(options.maxConcurrent, '--max-concurrent', 1, 10_000),
          ...(audit ? { onDecision: (record: DecisionRecord) => audit.write(record) } : {}),
          onLog: log,
          signal: controller.signal,
        });
      } catch (error) {
        imageGates?.close();
        throw error;
      }
      if (imageGates) {
        const metrics = server.metrics;
        metrics.enableImageLookups(() => imageGates.cache.pending());
        imageGates.observe((event) => metrics.countImageLookup(event));
      }
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const address = server.address();
      log(
        `${options.insecureHttp ? 'http' : 'https'}://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}/validate: ${pipeline.checkIds.length} checks, default mode ${policy.config.admission?.mode ?? 'warn'}, failure mode ${options.failureMode}, budget ${budgetMs} ms`,
      );
      if (imageGates) log(imageGates.summary);
      await new Promise<void>((done) => controller.signal.addEventListener('abort', () => done(), { once: true }));
      await server.close();
      imageGates?.close();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await audit?.close();
      log('stopped');
      setExit(0);
    });
}

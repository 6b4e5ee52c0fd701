/**
 * `eksguard webhook certs | manifests | serve`: the admission webhook that runs the scan's own
 * checks on every workload, Service, Ingress, RBAC object, NetworkPolicy and ConfigMap the API
 * server is asked to store.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { CertificateFileExistsError, CertificateOptionError, createWebhookCertificates, DEFAULT_CERTIFICATE_DAYS, writeCertificateFiles } from '../admission/certs.js';
import { DEFAULT_SERVICE_NAME, ManifestOptionError, webhookManifests } from '../admission/manifests.js';
import { ADMISSION_MODES, type AdmissionMode } from '../admission/verdict-types.js';
import { collect } from './detect-rules.js';
import { UsageError } from './exit-codes.js';
import { parseWhole } from './option-values.js';
import type { CliIo } from './io.js';
import { registerWebhookServeCommand } from './webhook-serve.js';


function readText(io: CliIo, file: string, flag: string): string {
  try {
    return readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(`${flag} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export function registerWebhookCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const webhook = program.command('webhook').description('admission webhook: the same checks as guardrails when objects are created or changed');

  webhook
    .command('certs')
    .description("create a self-signed CA and a serving certificate for the webhook's Service (ca.crt, ca.key, tls.crt, tls.key)")
    .requiredOption('--namespace <namespace>', 'namespace the webhook runs in')
    .option('--service <name>', 'Service in front of the webhook', DEFAULT_SERVICE_NAME)
    .requiredOption('-o, --output <dir>', 'folder to write the files to (created if missing; keys are written 0600)')
    .option('--days <n>', 'validity of the certificates in days', String(DEFAULT_CERTIFICATE_DAYS))
    .option('--dns <name>', 'another DNS name for the serving certificate; repeatable', collect, [])
    .option('--force', 'overwrite existing files', false)
    .addHelpText('after', '\nExample:\n  eksguard webhook certs --service eksguard-webhook --namespace eksguard -o ./certs')
    .action(async (options: { namespace: string; service: string; output: string; days: string; dns: string[]; force: boolean }) => {
      try {
        const certs = await createWebhookCertificates({ service: options.service, namespace: options.namespace, days: parseWhole(options.days, '--days', 1, 3650), extraDnsNames: options.dns });
        const written = await writeCertificateFiles(resolve(io.cwd, options.output), certs, { force: options.force });
        io.stdout.write(`${written.join('\n')}\n`);
        io.stderr.write(`eksguard webhook certs: serving certificate for ${options.service}.${options.namespace}.svc; give ca.crt to "eksguard webhook manifests --ca" and tls.crt/tls.key to the webhook's Secret\n`);
      } catch (error) {
        if (error instanceof CertificateOptionError || error instanceof CertificateFileExistsError) throw new UsageError(error.message);
        throw error;
      }
      setExit(0);
    });

  webhook
    .command('manifests')
    .description('print the Kubernetes manifests of the webhook: Namespace, ServiceAccount, ConfigMap, Deployment, Service, PodDisruptionBudget, NetworkPolicy, ValidatingWebhookConfiguration (and cert-manager resources with --cert-manager)')
    .requiredOption('--namespace <namespace>', 'namespace to run the webhook in')
    .requiredOption('--image <image>', 'eksguard container image, pinned by digest (registry/eksguard@sha256:…)')
    .option('--ca <file>', 'ca.crt of `eksguard webhook certs`: the caBundle the API server trusts')
    .option('--cert-manager', 'issue and rotate the serving certificate with cert-manager, which injects the caBundle', false)
    .option('--service <name>', 'Service (and object) name', DEFAULT_SERVICE_NAME)
    .option('--replicas <n>', 'webhook replicas', '2')
    .addOption(new Option('--failure-policy <policy>', 'what the API server does when the webhook cannot answer').choices(['Fail', 'Ignore']).default('Fail'))
    .option('--timeout-seconds <n>', 'how long the API server waits for a verdict (1-30)', '5')
    .addOption(new Option('--mode <mode>', 'mode of the starter configuration').choices([...ADMISSION_MODES]).default('warn'))
    .option('--config <file>', 'ship this .eksguard.yaml in the ConfigMap instead of the starter configuration')
    .addHelpText('after', '\nExamples:\n  eksguard webhook manifests --namespace eksguard --image public.ecr.aws/example/eksguard@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef --ca ./certs/ca.crt > webhook.yaml\n  eksguard webhook manifests --namespace eksguard --image public.ecr.aws/example/eksguard@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef --cert-manager --mode enforce')
    .action((options: { namespace: string; image: string; ca?: string; certManager: boolean; service: string; replicas: string; failurePolicy: 'Fail' | 'Ignore'; timeoutSeconds: string; mode: AdmissionMode; config?: string }) => {
      if (!options.ca && !options.certManager) throw new UsageError('give --ca ca.crt (from eksguard webhook certs) or --cert-manager');
      if (options.ca && options.certManager) throw new UsageError('give --ca or --cert-manager, not both');
      try {
        io.stdout.write(
          webhookManifests({
            namespace: options.namespace,
            image: options.image,
            serviceName: options.service,
            replicas: parseWhole(options.replicas, '--replicas', 1, 20),
            failurePolicy: options.failurePolicy,
            timeoutSeconds: parseWhole(options.timeoutSeconds, '--timeout-seconds', 1, 30),
            mode: options.mode,
            ...(options.ca ? { caBundle: readText(io, options.ca, '--ca') } : { certManager: true }),
            ...(options.config ? { config: readText(io, options.config, '--config') } : {}),
          }),
        );
      } catch (error) {
        if (error instanceof ManifestOptionError) throw new UsageError(error.message);
        throw error;
      }
      setExit(0);
    });

  registerWebhookServeCommand(webhook, io, setExit);
}

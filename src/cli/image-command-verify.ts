/**
 * `eksguard image verify`: every cosign signature, Sigstore bundle and attestation of an image,
 * each verified against the keys or keyless identities given, or told why not.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { RegistrySource } from '../images/registry/registry-source.js';
import { signatureSource } from '../images/registry/signature-source.js';
import { openImage } from '../images/scan-image.js';
import { parsePublicKey, parseTrustedRoot, verifyImage, type ImageVerification, type VerificationPolicy } from '../images/signatures/index.js';
import { printable } from '../report/terminal-text.js';
import { EXIT, UsageError } from './exit-codes.js';
import { addRegistryOptions, asInputError, imageTarget, registryOptions, type RegistryFlags } from './image-command-options.js';
import type { CliIo } from './io.js';
import { VERSION } from './version.js';

interface VerifyFlags extends RegistryFlags {
  key: string[];
  identity?: string;
  identityRegexp?: string;
  issuer?: string;
  trustedRoot?: string;
  format: 'table' | 'json';
}

function readInput(io: CliIo, file: string, flag: string): string {
  try {
    return readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(`${flag} ${file}: ${(error as Error).message}`);
  }
}

function policyFrom(io: CliIo, flags: VerifyFlags): VerificationPolicy {
  const policy: VerificationPolicy = {};
  if (flags.key.length > 0) {
    policy.keys = flags.key.map((file) => {
      try {
        return parsePublicKey(readInput(io, file, '--key'));
      } catch (error) {
        throw new UsageError(`--key ${file}: ${(error as Error).message}`);
      }
    });
  }
  const keyless = flags.identity !== undefined || flags.identityRegexp !== undefined;
  if (keyless || flags.issuer !== undefined) {
    if (!flags.issuer) throw new UsageError('--identity needs --issuer (the OIDC issuer URL of the signer, e.g. https://token.actions.githubusercontent.com)');
    if (!keyless) throw new UsageError('--issuer needs --identity or --identity-regexp');
    if (flags.identity !== undefined && flags.identityRegexp !== undefined) throw new UsageError('give one of --identity and --identity-regexp');
    if (!flags.trustedRoot) throw new UsageError('keyless verification needs --trusted-root (a Sigstore trusted_root.json; eksguard ships none)');
    policy.identities = [{ issuer: flags.issuer, ...(flags.identity !== undefined ? { subject: flags.identity } : { subjectRegExp: flags.identityRegexp }) }];
  }
  if (flags.trustedRoot) {
    try {
      policy.trustedRoot = parseTrustedRoot(readInput(io, flags.trustedRoot, '--trusted-root'), flags.trustedRoot);
    } catch (error) {
      throw new UsageError(`--trusted-root: ${(error as Error).message}`);
    }
  }
  if (!policy.keys && !policy.identities) throw new UsageError('give --key FILE (repeatable) or --identity/--identity-regexp with --issuer');
  return policy;
}

function signer(entry: { keyId?: string; identity?: string; issuer?: string }): string {
  if (entry.keyId) return `key ${entry.keyId}`;
  if (entry.identity) return `${entry.identity}${entry.issuer ? ` (issuer ${entry.issuer})` : ''}`;
  return '';
}

export function verificationTable(image: string, result: ImageVerification): string {
  const out = [`Image      ${printable(image)}`, `Digest     ${result.digest}`, ''];
  const line = (verified: boolean, what: string, where: string, detail: string) =>
    out.push(`  ${verified ? 'verified    ' : 'not verified'}  ${printable(what)}  ${printable(where)}${detail ? `  ${printable(detail)}` : ''}`);
  out.push(result.signatures.length === 0 ? 'Signatures: none found' : `Signatures: ${result.signatures.length}`);
  for (const s of result.signatures) line(s.verified, s.kind, s.source, s.verified ? `signed by ${signer(s)}` : (s.reason ?? ''));
  out.push(result.attestations.length === 0 ? 'Attestations: none found' : `Attestations: ${result.attestations.length}`);
  for (const a of result.attestations) {
    line(a.verified, a.predicateType ?? '(no predicate type)', a.source, a.verified ? `signed by ${signer(a)}` : (a.reason ?? ''));
  }
  for (const error of result.errors) out.push(`Error: ${printable(error)}`);
  out.push('', result.verified ? 'Result: verified' : `Result: NOT verified (${result.reason ?? 'no signature verified'})`);
  return `${out.join('\n')}\n`;
}

async function runVerify(target: string, flags: VerifyFlags, io: CliIo): Promise<number> {
  const policy = policyFrom(io, flags);
  const result = await asInputError(async () => {
    const opened = await openImage(imageTarget(io, target), registryOptions(io, flags));
    if (!(opened.source instanceof RegistrySource)) throw new UsageError(`${target}: signatures are read from a registry; give a registry reference`);
    // Signatures sign the digest the reference names: an index's own, for a multi-platform image.
    const digest = (await opened.source.manifest()).digest;
    return verifyImage(signatureSource(opened.source.client), opened.ref.repository, digest, policy);
  });
  io.stdout.write(
    flags.format === 'json'
      ? `${JSON.stringify({ schemaVersion: 1, tool: { name: 'eksguard', version: VERSION }, image: target, ...result }, null, 2)}\n`
      : verificationTable(target, result),
  );
  return result.verified ? EXIT.ok : EXIT.findings;
}

export function registerImageVerifyCommand(image: Command, io: CliIo, setExit: (code: number) => void): void {
  addRegistryOptions(
    image
      .command('verify')
      .description('verify the cosign signatures and Sigstore bundles of an image against keys or keyless identities; list its attestations')
      .argument('<image>', 'registry reference: registry/repository[:tag][@sha256:digest]')
      .option('--key <file>', 'a trusted public key (PEM: ECDSA P-256/384, Ed25519, RSA); repeatable', (value: string, previous: string[]) => [...previous, value], [] as string[])
      .option('--identity <subject>', 'keyless: the certificate identity (email or URI SAN) to trust, exactly')
      .option('--identity-regexp <pattern>', 'keyless: a pattern the whole certificate identity must match')
      .option('--issuer <url>', 'keyless: the OIDC issuer of the identity')
      .option('--trusted-root <file>', 'a Sigstore trusted_root.json: required for keyless; makes transparency-log entries required for keys')
      .addOption(new Option('-f, --format <format>', 'table or json').choices(['table', 'json']).default('table')),
  )
    .addHelpText(
      'after',
      '\nWithout --trusted-root, key-based signatures are checked against the key alone (as `cosign verify\n' +
        '--insecure-ignore-tlog`). Signatures are looked for at the `sha256-<hex>.sig` tag (cosign) and among\n' +
        "the image's referrers (Sigstore bundles); attestations at `.att` and among the referrers.\n" +
        '\nExamples:\n  eksguard image verify ghcr.io/acme/api:1.4 --key cosign.pub\n  eksguard image verify ghcr.io/acme/api@sha256:… --key old.pub --key new.pub --format json\n' +
        '  eksguard image verify ghcr.io/acme/api:1.4 --identity https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main \\\n' +
        '      --issuer https://token.actions.githubusercontent.com --trusted-root trusted_root.json\n' +
        '\nExit codes: 0 verified, 1 not verified, 2 usage or input error.',
    )
    .action(async (target: string, flags: VerifyFlags) => setExit(await runVerify(target, flags, io)));
}

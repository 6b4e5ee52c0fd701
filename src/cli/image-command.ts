/**
 * `eksguard image scan|sbom|verify` and `eksguard db update`: the image supply chain from the
 * command line. Scans read only the files package databases live in, match them against the
 * local OSV database, and cache results by image digest.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { severityRank, isSeverity, type Severity } from '../model/index.js';
import { scanImage } from '../images/scan-image.js';
import { renderCycloneDx, renderSpdx } from '../images/sbom/index.js';
import type { ImageScan } from '../images/types.js';
import { openDatabase, ScanCache, type OsvDatabase } from '../images/vulns/index.js';
import { DB_FILE } from '../images/vulns/osv-db.js';
import { registerDbCommand } from './db-command.js';
import { EXIT, UsageError } from './exit-codes.js';
import { addRegistryOptions, asInputError, cacheDir, dbDir, imageTarget, registryOptions, writeText, type RegistryFlags } from './image-command-options.js';
import { databaseInfo, imageScanJson, imageScanTable } from './image-command-report.js';
import { registerImageVerifyCommand } from './image-command-verify.js';
import type { CliIo } from './io.js';
import { progress } from './progress.js';
import { VERSION } from './version.js';

interface ScanFlags extends RegistryFlags {
  db?: string;
  format: 'table' | 'json' | 'cyclonedx' | 'spdx';
  output?: string;
  failOn?: string;
  cache: boolean;
  listPackages: boolean;
}

interface SbomFlags extends RegistryFlags {
  format: 'cyclonedx' | 'spdx';
  output?: string;
}

const REFERENCES =
  '\nIMAGE is a registry reference (registry/repository[:tag][@sha256:digest]), oci:DIR[:tag] (an OCI\n' +
  'image layout), or docker-archive:FILE[:tag] (a `docker save` tarball). Registry credentials come\n' +
  "from Docker's config.json ($DOCKER_CONFIG or ~/.docker) and, for ECR registries, the AWS SDK's credentials.\n";

function parseFailOn(value: string | undefined): Severity | undefined {
  if (value === undefined || value === 'none') return undefined;
  if (!isSeverity(value)) throw new UsageError(`--fail-on must be critical, high, medium, low, info or none, not "${value}"`);
  return value;
}

/** The database when `db update` has built one; otherwise a note on stderr and undefined. */
function openDbIfPresent(io: CliIo, flag: string | undefined): OsvDatabase | undefined {
  const dir = dbDir(io, flag);
  if (!existsSync(join(dir, DB_FILE))) {
    io.stderr.write(`eksguard: no vulnerability database in ${dir}: run \`eksguard db update\` (or --db DIR); packages are listed, vulnerabilities are not matched\n`);
    return undefined;
  }
  try {
    return openDatabase(dir);
  } catch (error) {
    throw new UsageError(`${join(dir, DB_FILE)}: ${(error as Error).message}`);
  }
}

function reportWarnings(io: CliIo, scan: ImageScan): void {
  for (const warning of scan.warnings ?? []) io.stderr.write(`eksguard: warning: ${warning}\n`);
}

async function runImageScan(target: string, flags: ScanFlags, io: CliIo): Promise<number> {
  const failOn = parseFailOn(flags.failOn);
  const options = registryOptions(io, flags);
  const db = openDbIfPresent(io, flags.db);
  const shown = progress(io.stderr);
  // Progress appears only once work has taken a second: it is re-offered until the scan ends.
  const ticker = setInterval(() => shown.update(`Scanning ${target}…`), 1000).unref();
  try {
    const scan = await asInputError(() =>
      scanImage(imageTarget(io, target), { ...options, ...(db ? { db } : {}), ...(db && flags.cache ? { cache: new ScanCache(cacheDir(io)) } : {}) }),
    );
    shown.done();
    reportWarnings(io, scan);
    const info = db ? databaseInfo(db) : undefined;
    const text =
      flags.format === 'json'
        ? imageScanJson(scan, info)
        : flags.format === 'cyclonedx'
          ? renderCycloneDx(scan, { toolVersion: VERSION })
          : flags.format === 'spdx'
            ? renderSpdx(scan, { toolVersion: VERSION })
            : imageScanTable(scan, info, flags.listPackages || !db);
    writeText(io, flags.output, text, `${flags.format} output`);
    if (!failOn) return EXIT.ok;
    // A gate that cannot see vulnerabilities must not pass silently.
    if (!db) throw new UsageError(`--fail-on ${failOn} needs a vulnerability database: run \`eksguard db update\``);
    return scan.vulnerabilities.some((v) => severityRank(v.severity) >= severityRank(failOn)) ? EXIT.findings : EXIT.ok;
  } finally {
    clearInterval(ticker);
    shown.done();
    db?.close();
  }
}

async function runImageSbom(target: string, flags: SbomFlags, io: CliIo): Promise<number> {
  const scan = await asInputError(() => scanImage(imageTarget(io, target), registryOptions(io, flags)));
  reportWarnings(io, scan);
  const text = flags.format === 'spdx' ? renderSpdx(scan, { toolVersion: VERSION }) : renderCycloneDx(scan, { toolVersion: VERSION });
  writeText(io, flags.output, text, `${flags.format} SBOM`);
  return EXIT.ok;
}

/** Registers `image` (scan, sbom, verify) and `db` (update). */
export function registerImageCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const image = program
    .command('image')
    .description('container images: packages and known vulnerabilities, SBOMs, signatures')
    .addHelpText('after', `${REFERENCES}\nExamples:\n  eksguard image scan 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4\n  eksguard image sbom nginx:1.25 --format spdx -o nginx.spdx.json\n  eksguard image verify ghcr.io/acme/api@sha256:… --key cosign.pub`);

  addRegistryOptions(
    image
      .command('scan')
      .description('list the packages of an image and the known vulnerabilities they carry (from the local OSV database)')
      .argument('<image>', 'registry reference, oci:DIR[:tag] or docker-archive:FILE[:tag]')
      .option('--db <dir>', 'vulnerability database directory written by `eksguard db update` (default ~/.eksguard/osv)')
      .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'cyclonedx', 'spdx']).default('table'))
      .option('-o, --output <file>', 'write the output to this file instead of standard output')
      .option('--fail-on <severity>', 'exit 1 when a vulnerability at or above this severity is found: critical, high, medium, low, info or none (default none)')
      .option('--list-packages', 'list every package in the table (always when there is no database)', false)
      .option('--no-cache', 'scan again even when this digest was scanned with this database (cache in ~/.eksguard/cache)'),
  )
    .addHelpText(
      'after',
      `${REFERENCES}\nExamples:\n  eksguard db update && eksguard image scan nginx:1.25\n  eksguard image scan 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api@sha256:… --fail-on high\n  eksguard image scan oci:./build/layout:v2 --format json -o scan.json\n  eksguard image scan docker-archive:api.tar --format cyclonedx -o sbom.cdx.json\n  eksguard image scan registry.internal:5000/api:1 --insecure --platform linux/arm64\n\nExit codes: 0 no vulnerability at or above --fail-on, 1 some, 2 usage or input error (unreadable image, no database with --fail-on).`,
    )
    .action(async (target: string, flags: ScanFlags) => setExit(await runImageScan(target, flags, io)));

  addRegistryOptions(
    image
      .command('sbom')
      .description('write a software bill of materials of an image: CycloneDX 1.6 or SPDX 2.3 JSON')
      .argument('<image>', 'registry reference, oci:DIR[:tag] or docker-archive:FILE[:tag]')
      .addOption(new Option('-f, --format <format>', 'SBOM format').choices(['cyclonedx', 'spdx']).default('cyclonedx'))
      .option('-o, --output <file>', 'write the SBOM to this file instead of standard output'),
  )
    .addHelpText(
      'after',
      `${REFERENCES}\nExamples:\n  eksguard image sbom nginx:1.25 --format cyclonedx -o sbom.json\n  eksguard image sbom oci:./layout:v1 --format spdx -o sbom.spdx.json`,
    )
    .action(async (target: string, flags: SbomFlags) => setExit(await runImageSbom(target, flags, io)));

  registerImageVerifyCommand(image, io, setExit);
  registerDbCommand(program, io, setExit);
}

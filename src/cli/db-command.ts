/**
 * `eksguard db update`: builds the local OSV vulnerability database image scans match against,
 * from files given (offline: an ecosystem `all.zip`, a directory of records or zips, a JSON file)
 * or downloaded from osv.dev's public bucket or a mirror of it.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { buildDatabase, ScanCache, type BuildResult } from '../images/vulns/index.js';
import { DEFAULT_ECOSYSTEMS, downloadOsvArchives, OSV_BUCKET } from './db-command-download.js';
import { EXIT, UsageError } from './exit-codes.js';
import { cacheDir, dbDir } from './image-command-options.js';
import type { CliIo } from './io.js';
import { progress } from './progress.js';

interface UpdateFlags {
  from?: string;
  db?: string;
  mirror?: string;
  ecosystem: string[];
}

function report(io: CliIo, result: BuildResult): void {
  io.stdout.write(
    `Vulnerability database ${result.path}: ${result.records} records, version ${result.version}` +
      ` (${result.withdrawn} withdrawn skipped, ${result.duplicates} duplicates merged, ${result.errors} unreadable)\n`,
  );
  for (const sample of result.errorSamples) io.stderr.write(`eksguard: warning: ${sample.file}: ${sample.message}\n`);
  if (result.errors > result.errorSamples.length) io.stderr.write(`eksguard: warning: ${result.errors - result.errorSamples.length} more unreadable documents\n`);
}

async function build(from: string, to: string): Promise<BuildResult> {
  try {
    return await buildDatabase({ from, to });
  } catch (error) {
    throw new UsageError(`cannot build the vulnerability database from ${from}: ${(error as Error).message}`);
  }
}

async function runUpdate(flags: UpdateFlags, io: CliIo): Promise<number> {
  const to = dbDir(io, flags.db);
  let result: BuildResult;
  if (flags.from) {
    const from = resolve(io.cwd, flags.from);
    if (!existsSync(from)) throw new UsageError(`--from ${flags.from}: no such file or directory`);
    result = await build(from, to);
  } else {
    const base = flags.mirror ?? io.env.EKSGUARD_OSV_MIRROR ?? OSV_BUCKET;
    const ecosystems = flags.ecosystem.length > 0 ? flags.ecosystem : DEFAULT_ECOSYSTEMS;
    const shown = progress(io.stderr);
    await mkdir(to, { recursive: true });
    const temp = await mkdtemp(join(to, '.download-'));
    try {
      const downloaded = await downloadOsvArchives(base, ecosystems, temp, (text) => shown.update(text)).catch((error: Error) => {
        throw new UsageError(`download failed: ${error.message} (offline? build from files with --from)`);
      });
      shown.update('Building the database…');
      result = await build(temp, to);
      shown.done();
      const total = downloaded.reduce((sum, d) => sum + d.bytes, 0);
      io.stdout.write(`Downloaded ${downloaded.length} ecosystem archives (${total} bytes) from ${base}\n`);
    } finally {
      shown.done();
      await rm(temp, { recursive: true, force: true });
    }
  }
  report(io, result);
  // Scans cached against an older database would hide new vulnerabilities: they are dropped.
  new ScanCache(cacheDir(io)).prune(result.version);
  if (result.records === 0) {
    io.stderr.write(`eksguard: no OSV records found${flags.from ? ` in ${flags.from}` : ''}\n`);
    return EXIT.usage;
  }
  return EXIT.ok;
}

export function registerDbCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const db = program.command('db').description('the local OSV vulnerability database image scans match against');
  db.command('update')
    .description('build the vulnerability database from OSV files (offline) or download it from osv.dev')
    .option('--from <path>', 'an OSV ecosystem all.zip, a directory of OSV JSON records and/or zips, or one JSON file (no network)')
    .option('--db <dir>', 'database directory (default ~/.eksguard/osv)')
    .option('--mirror <url>', `base URL serving <ECOSYSTEM>/all.zip (default $EKSGUARD_OSV_MIRROR, else ${OSV_BUCKET})`)
    .option('--ecosystem <name>', `an OSV ecosystem to download; repeatable (default: ${DEFAULT_ECOSYSTEMS.join(', ')})`, (value: string, previous: string[]) => [...previous, value], [] as string[])
    .addHelpText(
      'after',
      '\nThe database is rebuilt whole each time (one SQLite file, osv.sqlite); scans cached against an older\n' +
        'database are dropped. Distro records name source packages and releases (Debian:12, Alpine:v3.19).\n' +
        '\nExamples:\n  eksguard db update\n  eksguard db update --ecosystem Debian --ecosystem npm\n  eksguard db update --from ./osv-exports/          # Debian/all.zip, npm/all.zip, … fetched elsewhere\n' +
        '  eksguard db update --from Alpine-all.zip --db /var/lib/eksguard/osv\n  EKSGUARD_OSV_MIRROR=https://mirror.internal/osv eksguard db update\n' +
        '\nExit codes: 0 built, 2 nothing to build from (missing path, download failed, no records).',
    )
    .action(async (flags: UpdateFlags) => setExit(await runUpdate(flags, io)));
}

/**
 * Where an inventory comes from, the same for every command that reads one: manifests (files,
 * directories, standard input), a snapshot written by `collect`, or a live cluster. Commands
 * other than `scan` register one subcommand per source with registerSourceCommands, so
 * `eksguard paths snapshot prod.snapshot.json.gz` reads exactly like `eksguard scan snapshot …`.
 */
import type { Command } from 'commander';
import type { CollectionError, DataSource, Inventory } from '../model/index.js';
import { loadManifestPaths } from '../collect/files/index.js';
import { inventoryFromSnapshot, parseSnapshot, readSnapshot, SnapshotError, type LoadedSnapshot } from '../inventory/snapshot.js';
import { addCollectionOptions, collectionAccount, collectToSnapshot, saveSnapshot, type CollectionFlags } from './cluster-source.js';
import { UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { withOwnCluster } from './own-cluster.js';
import type { Progress } from './progress.js';
import { progress } from './progress.js';
import type { ScanInput } from './scan-pipeline.js';

export const SOURCE_KINDS = ['manifests', 'snapshot', 'cluster'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface LoadedSource {
  input: ScanInput;
  /** Data beyond Kubernetes objects; absent means whatever was collected (manifests have none). */
  available?: readonly DataSource[];
  /** Calls that failed while collecting (snapshot, cluster): data that may be missing. */
  collectionErrors: readonly CollectionError[];
}

const NO_ERRORS: readonly CollectionError[] = [];

/** Manifests: files, directories (recursive) or `-`; reading nothing at all is an input error. */
export async function loadManifestSource(paths: string[], io: CliIo, status: Progress): Promise<LoadedSource> {
  const loaded = await loadManifestPaths(paths, {
    stdin: io.stdin,
    onFile: (file, bytes) => status.update(`reading ${file} (${(bytes / 1e6).toFixed(1)} MB so far)`),
    onSkip: (skipped) => io.stderr.write(`eksguard: skipped ${skipped.path}: ${skipped.reason}\n`),
  });
  status.update(`analysing ${loaded.objects.length} objects`);
  if (loaded.objects.length === 0 && loaded.errors.length === 0) {
    // Scanning nothing must not look like a clean bill of health (a wrong path in CI).
    loaded.errors.push({ file: paths.join(' '), message: 'no Kubernetes objects found' });
  }
  const inventory: Inventory = { source: { type: 'manifests', paths }, objects: loaded.objects, errors: [] };
  return { input: { inventory, locator: loaded.sources, inputErrors: loaded.errors }, available: [], collectionErrors: NO_ERRORS };
}

async function readStdin(io: CliIo): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** A snapshot file (`-` for standard input); one that is not a snapshot is a usage error. */
export async function loadSnapshotArgument(file: string, io: CliIo): Promise<LoadedSnapshot> {
  try {
    return file === '-' ? parseSnapshot(await readStdin(io), '<stdin>') : readSnapshot(file);
  } catch (error) {
    if (error instanceof SnapshotError) throw new UsageError(error.message);
    throw error;
  }
}

export async function loadSnapshotSource(file: string, io: CliIo): Promise<LoadedSource> {
  const { inventory, inputErrors } = await loadSnapshotArgument(file, io);
  return { input: { inventory, inputErrors }, collectionErrors: inventory.errors };
}

export interface ClusterSourceFlags extends CollectionFlags {
  saveSnapshot?: string;
}

/**
 * A live cluster, through the same canonical snapshot `collect` writes, so every command sees
 * of a cluster exactly what `collect` + a snapshot command would. Without --name inside an EKS
 * pod, the pod's own cluster.
 */
export async function loadClusterSource(flags: ClusterSourceFlags, io: CliIo): Promise<LoadedSource> {
  const { options, snapshot } = await collectToSnapshot(await withOwnCluster(flags, io), io);
  if (flags.saveSnapshot) saveSnapshot(flags.saveSnapshot, snapshot);
  const { inventory, inputErrors } = inventoryFromSnapshot(snapshot, `cluster ${options.name}`);
  return { input: { inventory, inputErrors }, collectionErrors: inventory.errors };
}

/** What could not be collected, on standard error: the command's output may lack what it held. */
export function reportCollectionGaps(source: LoadedSource, io: CliIo): void {
  const account = collectionAccount(source.collectionErrors);
  if (account) io.stderr.write(`eksguard: ${account}`);
}

export interface SourceCommandSpec<Options> {
  /** What the command does with each source, as commander's description. */
  descriptions: Record<SourceKind, string>;
  /**
   * Arguments of the command itself, before the source's own (`who-can manifests <verb>
   * <resource> <paths...>`): a variadic list of paths has to come last.
   */
  arguments?: ReadonlyArray<readonly [name: string, description: string]>;
  /** The command's own options, added to every source subcommand. */
  addOptions: (command: Command) => Command;
  /** Help text after the options: an explanation (optional) and examples. */
  help: Record<SourceKind, string>;
  run: (source: LoadedSource, options: Options, args: string[]) => number | Promise<number>;
}

/**
 * `<parent> manifests <paths...>`, `<parent> snapshot <file>` and `<parent> cluster --name …`,
 * each loading its source then calling `spec.run`; progress shows on a terminal meanwhile.
 */
export function registerSourceCommands<Options extends object>(
  parent: Command,
  spec: SourceCommandSpec<Options>,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const leading = spec.arguments ?? [];
  const withLeading = (command: Command): Command => {
    for (const [name, description] of leading) command.argument(name, description);
    return command;
  };
  // Commander calls an action with the arguments in order, then the options, then the command.
  const split = (params: unknown[], own: number): { args: string[]; rest: unknown[]; options: Options } => ({
    args: params.slice(0, leading.length) as string[],
    rest: params.slice(leading.length, leading.length + own),
    options: params[leading.length + own] as Options,
  });

  spec
    .addOptions(
      withLeading(parent.command('manifests').description(spec.descriptions.manifests)).argument(
        '<paths...>',
        'files or directories of YAML/JSON manifests, Helm output, kubectl get -o yaml|json dumps; - reads standard input',
      ),
    )
    .addHelpText('after', spec.help.manifests)
    .action(async (...params: unknown[]) => {
      const { args, rest, options } = split(params, 1);
      const status = progress(io.stderr);
      try {
        setExit(await spec.run(await loadManifestSource(rest[0] as string[], io, status), options, args));
      } finally {
        status.done();
      }
    });

  spec
    .addOptions(
      withLeading(parent.command('snapshot').description(spec.descriptions.snapshot)).argument(
        '<file>',
        'snapshot file (.json or .json.gz) written by `eksguard collect`; - reads standard input',
      ),
    )
    .addHelpText('after', spec.help.snapshot)
    .action(async (...params: unknown[]) => {
      const { args, rest, options } = split(params, 1);
      setExit(await spec.run(await loadSnapshotSource(rest[0] as string, io), options, args));
    });

  spec
    .addOptions(
      addCollectionOptions(
        withLeading(parent.command('cluster').description(spec.descriptions.cluster)).option(
          '--save-snapshot <file>',
          'also write what was collected, as `eksguard collect -o` would',
        ),
      ),
    )
    .addHelpText('after', spec.help.cluster)
    .action(async (...params: unknown[]) => {
      const { args, options } = split(params, 0);
      setExit(await spec.run(await loadClusterSource(options as ClusterSourceFlags, io), options, args));
    });
}

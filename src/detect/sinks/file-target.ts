import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Thrown when a sink is configured with a destination it cannot use; the message is meant for the user. */
export class SinkConfigError extends Error {
  override readonly name = 'SinkConfigError';
}

/**
 * Fails early, with a message naming the file, when `path` cannot become an alert file: its folder
 * is missing or is not a folder, or the path is a folder. Creating folders is left to the user so a
 * typo does not scatter alert files around.
 */
export function checkWritableFile(path: string, role: string): void {
  const folder = dirname(resolve(path));
  const folderStat = statSync(folder, { throwIfNoEntry: false });
  if (!folderStat) throw new SinkConfigError(`${role} ${path}: folder ${folder} does not exist (create it first)`);
  if (!folderStat.isDirectory()) throw new SinkConfigError(`${role} ${path}: ${folder} is not a folder`);
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new SinkConfigError(`${role} ${path}: is a folder, not a file`);
}

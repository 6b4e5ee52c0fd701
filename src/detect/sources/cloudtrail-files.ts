import { expandPath } from '../events/byte-streams.js';

/**
 * CloudTrail log files as a trail delivers them to S3 (and `aws s3 sync` copies them):
 * `AWSLogs/[o-org/]<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<account>_CloudTrail_<region>_<yyyymmddThhmmZ>_<unique>.json.gz`.
 * The name carries account, region and the end of the delivery's five-minute window, so a
 * selection by account, region or time skips files without opening them. Digest files
 * (`CloudTrail-Digest`) hold no events and are never read.
 */
const LOG_FILE = /^(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{8}T\d{4}Z)_[A-Za-z0-9]+\.json(?:\.gz)?$/;

export interface CloudTrailFileFilter {
  accounts?: readonly string[];
  regions?: readonly string[];
  /** Files whose window ends before it are skipped (a file may hold events from up to ~15 minutes before its name's time). */
  since?: Date;
  /** Files named after it are skipped. */
  until?: Date;
}

export interface CloudTrailFileName {
  account: string;
  region: string;
  time: Date;
}

/** Account, region and time of a CloudTrail log file name; undefined for any other name. */
export function parseCloudTrailFileName(name: string): CloudTrailFileName | undefined {
  const match = LOG_FILE.exec(name);
  if (!match) return undefined;
  const [, account = '', region = '', stamp = ''] = match;
  const time = new Date(`${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:00Z`);
  return Number.isNaN(time.getTime()) ? undefined : { account, region, time };
}

/** Slack for events delivered in a file named up to this long after they happened. */
const DELIVERY_SLACK_MS = 60 * 60 * 1000;

/** Whether a file (by its name) may hold events the filter wants. Files not named as CloudTrail names them are kept: the records decide. */
export function wantedFile(name: string, filter: CloudTrailFileFilter): boolean {
  const parsed = parseCloudTrailFileName(name);
  if (!parsed) return true;
  if (filter.accounts?.length && !filter.accounts.includes(parsed.account)) return false;
  if (filter.regions?.length && !filter.regions.includes(parsed.region)) return false;
  if (filter.since && parsed.time.getTime() < filter.since.getTime()) return false;
  if (filter.until && parsed.time.getTime() - DELIVERY_SLACK_MS > filter.until.getTime()) return false;
  return true;
}

/** The CloudTrail log files under the paths that the filter wants, in path order (time order within a region). */
export async function* cloudTrailFiles(paths: readonly string[], filter: CloudTrailFileFilter, onError: (path: string, error: Error) => void): AsyncGenerator<string> {
  for (const path of paths) {
    for await (const file of expandPath(path, onError)) {
      const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
      if (wantedFile(name, filter)) yield file;
    }
  }
}

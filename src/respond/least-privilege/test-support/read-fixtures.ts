/** Reads the fixture logs the way the CLI does (detect/events readers, then the converters). */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEvents, type ReadStats } from '../../../detect/events/index.js';
import { auditToObservedRequests } from '../../../cli/observed-requests.js';
import { cloudTrailToObservedCalls } from '../../../cli/observed-calls.js';
import type { ObservedApiRequest, ObservedAwsCall } from '../../observed.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export async function fixtureRequests(file = 'audit.jsonl'): Promise<{ requests: ObservedApiRequest[]; stats: ReadStats }> {
  const reader = readEvents({ path: join(FIXTURES, file) });
  const requests: ObservedApiRequest[] = [];
  for await (const request of auditToObservedRequests(reader)) requests.push(request);
  return { requests, stats: reader.stats };
}

export async function fixtureCalls(path = 'cloudtrail'): Promise<{ calls: ObservedAwsCall[]; stats: ReadStats }> {
  const reader = readEvents({ path: join(FIXTURES, path) });
  const calls: ObservedAwsCall[] = [];
  for await (const call of cloudTrailToObservedCalls(reader)) calls.push(call);
  return { calls, stats: reader.stats };
}

/**
 * Open-loop HTTPS load for the admission webhook benchmark: requests are sent on a fixed
 * schedule (not when the previous one answers), so a slow server shows as latency instead of
 * silently lowering the rate. Latency is measured from the scheduled send time to the end of the
 * response, over keep-alive connections as the API server keeps them.
 */
import { Agent, request } from 'node:https';

export interface LoadResult {
  rate: number;
  seconds: number;
  sent: number;
  /** Non-200 answers, network errors, and answers that are not a review of the same uid. */
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadTarget {
  port: number;
  ca: string;
  path: string;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Sends `bodies` round-robin at `rate` requests/s for `seconds`; each body's review uid is checked in its answer. */
export async function runLoad(target: LoadTarget, bodies: readonly { uid: string; body: string }[], rate: number, seconds: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64, ca: target.ca });
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const pending: Promise<void>[] = [];

  const send = (index: number, scheduled: number): Promise<void> =>
    new Promise((resolve) => {
      const { uid, body } = bodies[index % bodies.length] as { uid: string; body: string };
      const req = request(
        { host: '127.0.0.1', port: target.port, path: target.path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            latencies.push(performance.now() - scheduled);
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200 || !text.includes(`"uid":"${uid}"`)) errors++;
            resolve();
          });
          res.on('error', () => {
            errors++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        latencies.push(performance.now() - scheduled);
        resolve();
      });
      req.end(body);
    });

  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      while (sent < due) {
        const scheduled = start + (sent * 1000) / rate;
        pending.push(send(sent, scheduled));
        sent++;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { rate, seconds, sent, errors, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] ?? Number.NaN };
}

import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeliveryClock } from '../http-delivery.js';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A scripted answer; `hang` never answers (for timeouts). */
export type ScriptedResponse = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

export interface ScriptedServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 answering requests with `responses` in order, then `fallback`. */
export async function startScriptedServer(responses: ScriptedResponse[], fallback: ScriptedResponse = { status: 200, body: 'ok' }): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const queue = [...responses];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = queue.shift() ?? fallback;
      if (answer === 'hang') return;
      response.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      response.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL on 127.0.0.1 where nothing listens: a server is started for a free port and closed. */
export async function refusingUrl(): Promise<string> {
  const server = await startScriptedServer([]);
  await server.close();
  return server.url;
}

/** A delivery clock that records the waits asked for instead of waiting. */
export function recordingClock(now = Date.parse('2024-05-01T12:00:00Z')): DeliveryClock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, sleep: (ms) => (sleeps.push(ms), Promise.resolve()), random: () => 0.5, now: () => now };
}

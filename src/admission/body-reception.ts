import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdmissionMetrics } from './metrics.js';

/**
 * After an early answer (405, 413, 415, 429) a body up to this size is read and dropped so the
 * connection can carry the next review; a longer or unknown-length one closes the connection.
 */
const DISCARD_LIMIT = 64 * 1024;
/** Bodies over this size are large: together they may hold only `LARGE_SHARE` of `maxBufferedBytes`. */
const SMALL_BODY_BYTES = 256 * 1024;
const LARGE_SHARE = 0.75;

/** A plain-text answer; `keepAlive` false closes the connection after it. */
export type Reply = (res: ServerResponse, status: number, message: string, headers?: Record<string, string>, keepAlive?: boolean) => void;

/** The bytes large bodies may hold together; throws unless one body of `maxBodyBytes` fits in it. */
export function largeBodiesShareOf(maxBufferedBytes: number, maxBodyBytes: number): number {
  const largeBodiesShare = Math.floor(maxBufferedBytes * LARGE_SHARE);
  if (largeBodiesShare < maxBodyBytes) throw new Error('admission server: maxBufferedBytes must be at least 4/3 of maxBodyBytes');
  return largeBodiesShare;
}

function smallRemainder(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return false;
  const length = req.headers['content-length'];
  return length === undefined || Number(length) <= DISCARD_LIMIT;
}

export interface BodyReceptionOptions {
  maxBodyBytes: number;
  maxBufferedBytes: number;
  /** From `largeBodiesShareOf`. */
  largeBodiesShare: number;
  bodyTimeoutMs: number;
  maxConcurrent: number;
  retryAfter: Record<string, string>;
  metrics: AdmissionMetrics;
  reply: Reply;
  clock: () => number;
  /** A complete body, holding a judging slot until `res` closes. */
  onBody: (body: Buffer, res: ServerResponse, started: number) => void;
}

export interface BodyReception {
  /** Whether a body of `bodyBytes` may add `more` bytes to those held. */
  bufferRoom: (bodyBytes: number, more: number) => boolean;
  /** Answers before reading the body, which is then dropped (or the connection closed). */
  refuse: (req: IncomingMessage, res: ServerResponse, status: number, message: string, headers?: Record<string, string>) => void;
  /**
   * Reads a review's body, then hands it to `onBody`. The bytes held count against
   * `maxBufferedBytes` until the answer is sent; a judging slot is taken only once the body is
   * complete, so a client that stalls holds neither a slot nor, past `bodyTimeoutMs`, its connection.
   */
  receive: (req: IncomingMessage, res: ServerResponse, declaredBytes: number) => void;
}

export function bodyReception(options: BodyReceptionOptions): BodyReception {
  const { maxBodyBytes, maxBufferedBytes, largeBodiesShare, bodyTimeoutMs, maxConcurrent, retryAfter, metrics, reply, clock, onBody } = options;

  const bufferRoom = (bodyBytes: number, more: number): boolean =>
    metrics.bufferedBytes + more <= (bodyBytes > SMALL_BODY_BYTES ? largeBodiesShare : maxBufferedBytes);

  const refuse = (req: IncomingMessage, res: ServerResponse, status: number, message: string, headers?: Record<string, string>): void => {
    reply(res, status, message, headers, smallRemainder(req));
    req.resume();
  };

  const receive = (req: IncomingMessage, res: ServerResponse, declaredBytes: number): void => {
    const started = clock();
    const chunks: Buffer[] = [];
    let held = 0;
    let receiving = true;
    metrics.receiving++;
    const release = (): void => {
      metrics.bufferedBytes -= held;
      held = 0;
      chunks.length = 0;
    };
    const stopReceiving = (): void => {
      if (!receiving) return;
      receiving = false;
      metrics.receiving--;
      clearTimeout(bodyTimer);
    };
    /** Answers before the body is complete, drops what was read and closes the connection. */
    const giveUp = (status: number, message: string, headers?: Record<string, string>): void => {
      stopReceiving();
      release();
      reply(res, status, message, headers, false);
    };
    const bodyTimer = setTimeout(() => giveUp(408, `request body not received within ${bodyTimeoutMs} ms`), bodyTimeoutMs);
    res.once('close', () => {
      // Answered, or the client went away: either way nothing more is read or held.
      stopReceiving();
      release();
    });
    req.on('data', (chunk: Buffer) => {
      if (!receiving) return;
      const size = held + chunk.length;
      if (size > maxBodyBytes) return giveUp(413, `body over the ${maxBodyBytes}-byte limit`);
      if (!bufferRoom(Math.max(size, declaredBytes), chunk.length)) return giveUp(503, 'too many request bytes in flight; retry later', retryAfter);
      chunks.push(chunk);
      held = size;
      metrics.bufferedBytes += chunk.length;
    });
    req.on('error', () => {
      // An aborted upload: nothing to answer; 'close' on the response ends the bookkeeping.
    });
    req.on('end', () => {
      if (!receiving) return;
      stopReceiving();
      if (metrics.inFlight >= maxConcurrent) {
        release();
        reply(res, 429, 'too many reviews in flight; retry later', retryAfter);
        return;
      }
      metrics.inFlight++;
      res.once('close', () => metrics.inFlight--);
      const body = Buffer.concat(chunks, held);
      chunks.length = 0;
      onBody(body, res, started);
    });
  };

  return { bufferRoom, refuse, receive };
}

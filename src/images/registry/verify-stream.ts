/**
 * Blobs are content-addressed: whatever hands us the bytes, we hash them as they pass and fail
 * the stream at its end when the digest (or the declared size) does not match, so a tampered or
 * truncated layer can never yield files silently.
 */
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ImageError } from './errors.js';

export interface ByteCounter {
  bytesRead: number;
}

export class VerifyingStream extends Transform {
  private readonly hash = createHash('sha256');
  private seen = 0;

  constructor(
    private readonly digest: string,
    private readonly expectedSize: number | undefined,
    private readonly where: string,
    private readonly counter?: ByteCounter,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.counter) this.counter.bytesRead += chunk.length;
    if (this.expectedSize !== undefined && this.seen > this.expectedSize) {
      callback(new ImageError('digest-mismatch', `${this.where}: blob ${this.digest} is longer than its declared ${this.expectedSize} bytes`));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.expectedSize !== undefined && this.seen !== this.expectedSize) {
      callback(new ImageError('digest-mismatch', `${this.where}: blob ${this.digest} has ${this.seen} bytes, ${this.expectedSize} declared`));
      return;
    }
    const actual = `sha256:${this.hash.digest('hex')}`;
    if (actual !== this.digest) {
      callback(new ImageError('digest-mismatch', `${this.where}: blob content hashes to ${actual}, expected ${this.digest}`));
      return;
    }
    callback();
  }
}

export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function verifyBytes(bytes: Buffer, digest: string, where: string): void {
  const actual = sha256Digest(bytes);
  if (actual !== digest) throw new ImageError('digest-mismatch', `${where}: content hashes to ${actual}, expected ${digest}`);
}

/** Reads a whole stream into memory, failing once it passes `limit` bytes. */
export async function readAllCapped(stream: NodeJS.ReadableStream, limit: number, where: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += buffer.length;
    if (total > limit) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw new ImageError('too-large', `${where}: larger than the ${limit}-byte limit`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

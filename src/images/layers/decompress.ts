/**
 * Layers arrive gzip-compressed, uncompressed, or zstd-compressed. The media type is a claim;
 * the first bytes are the truth, so we sniff them. Decompressed bytes are counted against a cap,
 * which is what stops a decompression bomb (a few KB of gzip that inflates to terabytes).
 */
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ImageError } from '../registry/errors.js';

export type Compression = 'gzip' | 'zstd' | 'none';

export function sniffCompression(head: Buffer): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

class ByteCap extends Transform {
  total = 0;
  constructor(
    private readonly limit: number,
    private readonly where: string,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.total += chunk.length;
    if (this.total > this.limit) {
      callback(new ImageError('too-large', `${this.where}: decompresses to more than ${this.limit} bytes (decompression bomb or oversized layer)`));
      return;
    }
    callback(null, chunk);
  }
}

/** Reads the first bytes of `input`, then returns a stream of the layer's uncompressed tar. */
export function decompressLayer(input: Readable, limit: number, where: string): Promise<{ tar: Readable; compression: Compression }> {
  return new Promise((resolve, reject) => {
    const onReadable = () => {
      const head = input.read(4) as Buffer | null;
      if (head === null && !input.readableEnded) return;
      cleanup();
      const first = head ?? Buffer.alloc(0);
      const compression = sniffCompression(first);
      if (compression === 'zstd') {
        input.destroy();
        reject(new ImageError('unsupported', `${where}: zstd-compressed layers are not supported on Node 20 (node:zlib has no zstd)`));
        return;
      }
      input.unshift(first);
      const cap = new ByteCap(limit, where);
      const tar = compression === 'gzip' ? input.pipe(createGunzip()) : input.pipe(new PassThrough());
      // Errors from the source (digest mismatch, network) and from gunzip (truncated, corrupt) must reach the reader.
      input.on('error', (error) => cap.destroy(error));
      if (compression === 'gzip') {
        tar.on('error', (error: Error) =>
          cap.destroy(new ImageError('bad-layer', `${where}: gzip stream is corrupt or truncated (${error.message})`)),
        );
      }
      resolve({ tar: tar.pipe(cap), compression });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onEnd = () => onReadable();
    const cleanup = () => {
      input.off('readable', onReadable);
      input.off('error', onError);
      input.off('end', onEnd);
    };
    input.on('readable', onReadable);
    input.on('error', onError);
    input.on('end', onEnd);
  });
}

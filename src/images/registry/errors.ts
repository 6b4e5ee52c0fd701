/**
 * Errors are data: every failure reading an image carries a `code` a caller can branch on (the
 * CLI maps them to messages, the webhook to deny/warn) and a message naming the image, file or
 * field at fault.
 */
export type ImageErrorCode =
  | 'bad-reference'
  | 'unauthorized'
  | 'not-found'
  | 'registry-error'
  | 'network'
  | 'timeout'
  | 'too-large'
  | 'digest-mismatch'
  | 'bad-manifest'
  | 'no-platform'
  | 'unsupported'
  | 'bad-layer'
  | 'bad-archive';

export class ImageError extends Error {
  override readonly name = 'ImageError';
  constructor(
    readonly code: ImageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isImageError(error: unknown, code?: ImageErrorCode): error is ImageError {
  return error instanceof ImageError && (code === undefined || error.code === code);
}

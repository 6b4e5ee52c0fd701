/**
 * EC2 user data as a launch template holds it (`LaunchTemplateData.UserData`, base64), decoded
 * into the texts a reader would see: gzip is inflated, and a MIME multi-part document (what
 * EKS managed node groups require) is split into its parts, base64 parts decoded.
 */
import { gunzipSync } from 'node:zlib';

export interface UserDataPart {
  /** 1-based part number in a multi-part document; undefined for a single document. */
  part?: number;
  contentType?: string;
  text: string;
}

const MAX_BYTES = 1_000_000;

function inflate(bytes: Buffer): Buffer {
  if (bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes, { maxOutputLength: MAX_BYTES });
    } catch {
      return bytes;
    }
  }
  return bytes;
}

function splitHeaders(block: string): { headers: Map<string, string>; body: string } {
  const separator = /\r?\n\r?\n/.exec(block);
  const head = separator ? block.slice(0, separator.index) : block;
  const body = separator ? block.slice(separator.index + separator[0].length) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\//i.test(contentType)) return undefined;
  return /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function decodePart(headers: Map<string, string>, body: string): string {
  if ((headers.get('content-transfer-encoding') ?? '').toLowerCase() === 'base64') {
    return inflate(Buffer.from(body.replace(/\s+/g, ''), 'base64')).toString('utf8');
  }
  return body;
}

/** The readable parts of base64 user data; undefined when it is not valid base64 text. */
export function decodeUserData(base64: string): UserDataPart[] | undefined {
  const compact = base64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  const text = inflate(Buffer.from(compact, 'base64')).toString('utf8');
  if (!text.startsWith('MIME-Version') && !/^Content-Type:\s*multipart\//im.test(text.slice(0, 500))) return [{ text }];
  const { headers, body } = splitHeaders(text);
  const boundary = boundaryOf(headers.get('content-type'));
  if (!boundary) return [{ text }];
  const pieces = body.split(new RegExp(`^--${escapeRegExp(boundary)}(?:--)?[ \\t]*$`, 'm'));
  const parts: UserDataPart[] = [];
  // The first piece is the preamble, anything after the closing delimiter the epilogue.
  pieces.slice(1).forEach((piece) => {
    const block = piece.replace(/^\r?\n/, '');
    if (block.trim() === '') return;
    const { headers: partHeaders, body: partBody } = splitHeaders(block);
    const part: UserDataPart = { part: parts.length + 1, text: decodePart(partHeaders, partBody) };
    const contentType = partHeaders.get('content-type');
    if (contentType) part.contentType = contentType.split(';')[0]?.trim() ?? contentType;
    parts.push(part);
  });
  return parts.length > 0 ? parts : [{ text }];
}

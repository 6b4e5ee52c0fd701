/**
 * Characters XML 1.0 forbids anywhere, even as character references: C0 controls other than
 * tab, newline and carriage return, lone surrogates, U+FFFE and U+FFFF.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Shown as a visible `\xNN` / `\uNNNN` so that a stray escape sequence in a message stays diagnosable. */
function visible(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
}

function hex(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, '0');
}

export function xmlText(value: string | number): string {
  return String(value)
    .replace(ILLEGAL, visible)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // Parsers turn a raw CR (and CRLF) into LF; a reference keeps it.
    .replace(/\r/g, '&#13;');
}

/** Attribute values: also quotes, and whitespace as references, which attribute normalisation would flatten. */
export function xmlAttribute(value: string | number): string {
  return xmlText(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;');
}

export type Attributes = Record<string, string | number | undefined>;

export function attributes(values: Attributes): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${xmlAttribute(value)}"`)
    .join('');
}

/**
 * Everything a scan carries (names, labels, annotations, messages, file names) is written into
 * the report through these two functions and nowhere else, so a value from the cluster can never
 * become markup or script.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made inert in element content and in double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return visibleBidi(text)
    // Control characters have no business in a report and some break the HTML parser's state.
    // eslint-disable-next-line no-control-regex -- control characters are what is replaced
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD')
    .replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/**
 * Bidirectional overrides and isolates shown by code point (`U+202E`): in a name they could make
 * it read as something else (Trojan Source). The script's data goes through this too.
 */
export function visibleBidi(text: string): string {
  return text.replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (char) => `U+${char.codePointAt(0)?.toString(16).toUpperCase() ?? ''}`);
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` as `\u` escapes so no
 * `</script>` or `<!--` inside a string ends or bends the block, and U+2028/2029 escaped for
 * parsers that still treat them as line ends.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** An href only for web links; anything else (`javascript:`, `data:`) is shown as text instead. */
export function safeHref(url: string): string | undefined {
  return /^https?:\/\//i.test(url) ? escapeHtml(url) : undefined;
}

/** One YAML document of a stream, with where it starts. */
export interface YamlDocumentText {
  text: string;
  /** 1-based line of the document's first line in the file. */
  line: number;
  /** Offset of `text` in the file. */
  offset: number;
  /** `# Source: chart/templates/x.yaml`, as Helm writes above each rendered template. */
  helmSource?: string;
}

const DOCUMENT_MARKER = /^(---|\.\.\.)(?=[ \t]|\r?$)/;
const HELM_SOURCE = /^#\s*Source:\s*(\S.*?)\s*$/m;

/**
 * Splits a YAML stream at document markers. YAML forbids `---` and `...` at column 0 inside
 * content (block scalars and flow collections included), so a line scan is exact and lets each
 * document be parsed — and positioned — on its own.
 */
export function splitYamlDocuments(source: string): YamlDocumentText[] {
  const documents: YamlDocumentText[] = [];
  let docStart = 0;
  let docLine = 1;
  let line = 1;
  let position = 0;
  const push = (end: number): void => {
    const text = source.slice(docStart, end);
    if (!/^[ \t]*[^\s#]/m.test(text)) return; // blank or comments only
    const helm = HELM_SOURCE.exec(text);
    const doc: YamlDocumentText = { text, line: docLine, offset: docStart };
    if (helm?.[1]) doc.helmSource = helm[1];
    documents.push(doc);
  };
  while (position <= source.length) {
    let end = source.indexOf('\n', position);
    if (end < 0) end = source.length;
    const first = source.charCodeAt(position);
    // Only lines that start with '-' or '.' can be markers; test the rest of the line then.
    if ((first === 45 || first === 46) && DOCUMENT_MARKER.test(source.slice(position, Math.min(end, position + 8)))) {
      // `%YAML 1.2` / `%TAG` directives belong to the document their `---` opens.
      if (source.startsWith('---', position) && isDirectivesOnly(source.slice(docStart, position))) {
        if (end >= source.length) break;
        position = end + 1;
        line++;
        continue;
      }
      push(position);
      const marker = source.slice(position, end);
      // Content after `--- ` on the marker line belongs to the next document.
      const rest = marker.replace(DOCUMENT_MARKER, '');
      if (marker.startsWith('---') && rest.trim() !== '' && !rest.trim().startsWith('#')) {
        docStart = position + 3;
        docLine = line;
      } else {
        docStart = end + 1;
        docLine = line + 1;
      }
    }
    if (end >= source.length) break;
    position = end + 1;
    line++;
  }
  push(source.length);
  return documents;
}

function isDirectivesOnly(text: string): boolean {
  return /^[ \t]*%/m.test(text) && !/^[ \t]*[^\s#%]/m.test(text);
}

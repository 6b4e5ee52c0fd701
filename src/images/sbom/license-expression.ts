/**
 * Declared licenses as SBOMs want them: SPDX license expressions (SPDX 2.3 Annex D) whose
 * identifiers are on the SPDX license list, or, when a package declares something else
 * (`GPLv2+`, `BSD`, `MIT BSD`), the names as written and nothing claimed about them.
 */
import { SPDX } from '@cyclonedx/cyclonedx-library';

export type DeclaredLicense =
  | { kind: 'none' }
  /** Each an SPDX license-list identifier, canonical case. */
  | { kind: 'ids'; ids: string[] }
  | { kind: 'expression'; expression: string }
  /** Not SPDX: kept as the package wrote them. */
  | { kind: 'names'; names: string[] };

const OPERATORS = new Set(['AND', 'OR', 'WITH']);

/** A license-list id (`mit` → `MIT`), with the `+` "or later" suffix kept. */
function canonicalId(token: string): string | undefined {
  const exact = SPDX.fixupSpdxId(token);
  if (exact) return exact;
  if (!token.endsWith('+')) return undefined;
  const base = SPDX.fixupSpdxId(token.slice(0, -1));
  return base && `${base}+`;
}

/**
 * Checks the grammar (compound := and {OR and}; and := with {AND with}; with := simple [WITH id];
 * simple := id | "(" compound ")") and returns the tokens with canonical ids, or undefined.
 * Operators must be upper case, as the annex spells them. `LicenseRef-` ids are refused: an SPDX
 * document must define each one with its text, which eksguard does not have.
 */
function parse(text: string): string[] | undefined {
  const tokens = text.match(/\(|\)|[^\s()]+/g);
  if (!tokens) return undefined;
  const out: string[] = [];
  let i = 0;
  const simple = (): boolean => {
    const t = tokens[i];
    if (t === '(') {
      out.push(t);
      i++;
      if (!compound() || tokens[i] !== ')') return false;
      out.push(')');
      i++;
      return true;
    }
    if (t === undefined || t === ')' || OPERATORS.has(t)) return false;
    const id = canonicalId(t);
    if (!id) return false;
    out.push(id);
    i++;
    return true;
  };
  const withExpr = (): boolean => {
    if (!simple()) return false;
    if (tokens[i] !== 'WITH') return true;
    const exception = tokens[i + 1] === undefined ? undefined : SPDX.fixupSpdxId(tokens[i + 1]);
    if (!exception) return false;
    out.push('WITH', exception);
    i += 2;
    return true;
  };
  const chain = (operator: string, operand: () => boolean): boolean => {
    if (!operand()) return false;
    while (tokens[i] === operator) {
      out.push(operator);
      i++;
      if (!operand()) return false;
    }
    return true;
  };
  const andExpr = (): boolean => chain('AND', withExpr);
  const compound = (): boolean => chain('OR', andExpr);
  return compound() && i === tokens.length ? out : undefined;
}

function join(tokens: string[]): string {
  return tokens.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')');
}

export function declaredLicense(licenses: readonly string[] | undefined): DeclaredLicense {
  const texts = (licenses ?? []).map((l) => l.trim()).filter((l) => l.length > 0);
  if (texts.length === 0) return { kind: 'none' };
  const parsed = texts.map(parse);
  if (parsed.some((p) => p === undefined)) return { kind: 'names', names: texts };
  const expressions = parsed as string[][];
  if (expressions.every((p) => p.length === 1)) return { kind: 'ids', ids: expressions.map((p) => p[0]!) };
  // Several declarations all apply to the package: their conjunction.
  const parts = expressions.map((p) => (p.length === 1 || expressions.length === 1 ? join(p) : `(${join(p)})`));
  return { kind: 'expression', expression: parts.join(' AND ') };
}

/** One SPDX expression for the whole declaration, or undefined when it is not SPDX. */
export function spdxExpression(declared: DeclaredLicense): string | undefined {
  switch (declared.kind) {
    case 'ids':
      return declared.ids.join(' AND ');
    case 'expression':
      return declared.expression;
    default:
      return undefined;
  }
}

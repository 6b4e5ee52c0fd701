/**
 * Alpine (apk-tools) version ordering: `digit{.digit}...{letter}{_suffix{number}}...{~hash}{-r#}`.
 * Tokens are compared pairwise while their kinds agree: numbers numerically (a dotted component
 * with a leading zero is compared as a string, as Gentoo does), letters by character, suffixes by
 * rank (`_alpha` < `_beta` < `_pre` < `_rc` < none < `_cvs` < `_svn` < `_git` < `_hg` < `_p`), commit
 * hashes as strings. When kinds differ, a pre-release suffix makes its side older; otherwise the
 * side whose next token kind ranks lower (more version left) is newer. An invalid token ranks
 * above everything, so a malformed tail makes a version older instead of throwing.
 */

const enum Kind {
  InitialDigit,
  Digit,
  Letter,
  Suffix,
  SuffixNumber,
  CommitHash,
  Revision,
  End,
  Invalid,
}

/** Suffix ranks; `NONE` is the pivot between pre-release and post-release suffixes. */
const SUFFIX_RANK: Record<string, number> = { alpha: 1, beta: 2, pre: 3, rc: 4, cvs: 6, svn: 7, git: 8, hg: 9, p: 10 };
const SUFFIX_NONE = 5;

interface Token {
  kind: Kind;
  text: string;
  /** Numbers as bigint: snapshot suffixes like `_pre20191002222144` exceed 2^53. */
  number: bigint;
  suffix: number;
}

class Tokenizer {
  private pos = 0;
  readonly token: Token = { kind: Kind.InitialDigit, text: '', number: 0n, suffix: 0 };

  constructor(private readonly s: string) {
    this.digits();
  }

  private digits(): void {
    const start = this.pos;
    while (this.pos < this.s.length && this.isDigitAt(this.pos)) this.pos++;
    this.token.text = this.s.slice(start, this.pos);
    if (this.token.text === '') this.token.kind = Kind.Invalid;
    else this.token.number = BigInt(this.token.text);
  }

  private isDigitAt(i: number): boolean {
    const c = this.s.charCodeAt(i);
    return c >= 48 && c <= 57;
  }

  private run(pattern: RegExp): string {
    const start = this.pos;
    while (this.pos < this.s.length && pattern.test(this.s[this.pos] as string)) this.pos++;
    return this.s.slice(start, this.pos);
  }

  next(): void {
    const t = this.token;
    if (this.pos >= this.s.length) {
      t.kind = Kind.End;
      return;
    }
    const c = this.s[this.pos] as string;
    if (c >= 'a' && c <= 'z') {
      if (t.kind > Kind.Digit) return this.invalid();
      t.kind = Kind.Letter;
      t.text = c;
      this.pos++;
    } else if (c === '.' || this.isDigitAt(this.pos)) {
      if (c === '.') {
        if (t.kind > Kind.Digit) return this.invalid();
        this.pos++;
      }
      if (t.kind === Kind.InitialDigit || t.kind === Kind.Digit) t.kind = Kind.Digit;
      else if (t.kind === Kind.Suffix) t.kind = Kind.SuffixNumber;
      else return this.invalid();
      this.digits();
    } else if (c === '_') {
      if (t.kind > Kind.SuffixNumber) return this.invalid();
      this.pos++;
      t.text = this.run(/[a-z]/);
      t.suffix = SUFFIX_RANK[t.text] ?? 0;
      if (t.suffix === 0) return this.invalid();
      t.kind = Kind.Suffix;
    } else if (c === '~') {
      if (t.kind >= Kind.CommitHash) return this.invalid();
      this.pos++;
      t.text = this.run(/[0-9a-fA-F]/);
      if (t.text === '') return this.invalid();
      t.kind = Kind.CommitHash;
    } else if (c === '-') {
      if (t.kind >= Kind.Revision || this.s[this.pos + 1] !== 'r') return this.invalid();
      this.pos += 2;
      t.kind = Kind.Revision;
      this.digits();
    } else {
      this.invalid();
    }
  }

  private invalid(): void {
    this.token.kind = Kind.Invalid;
  }
}

/** Byte-wise string order, shorter first on a common prefix (apk's blob sort). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareTokens(a: Token, b: Token): number {
  switch (a.kind) {
    case Kind.Digit:
      if (a.text.startsWith('0') || b.text.startsWith('0')) return compareStrings(a.text, b.text);
      return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
    case Kind.InitialDigit:
    case Kind.SuffixNumber:
    case Kind.Revision:
      return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
    case Kind.Letter:
      return compareStrings(a.text, b.text);
    case Kind.Suffix:
      return Math.sign(a.suffix - b.suffix);
    default:
      return compareStrings(a.text, b.text);
  }
}

/** Negative, zero or positive as `a` sorts before, equal to or after `b`. */
export function compareApk(a: string, b: string): number {
  const ta = new Tokenizer(a);
  const tb = new Tokenizer(b);
  while (ta.token.kind === tb.token.kind && ta.token.kind < Kind.End) {
    const r = compareTokens(ta.token, tb.token);
    if (r !== 0) return r;
    ta.next();
    tb.next();
  }
  const ka = ta.token.kind;
  const kb = tb.token.kind;
  if (ka === kb) return 0;
  if (ka === Kind.Suffix && ta.token.suffix < SUFFIX_NONE) return -1;
  if (kb === Kind.Suffix && tb.token.suffix < SUFFIX_NONE) return 1;
  return ka > kb ? -1 : 1;
}

export function isValidApkVersion(version: string): boolean {
  const t = new Tokenizer(version);
  while (t.token.kind < Kind.End) t.next();
  return t.token.kind === Kind.End;
}

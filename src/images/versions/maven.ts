/**
 * Maven version ordering (the ComparableVersion rules, common subset): the version is split on
 * `.` and `-` and at digit/letter transitions; `-` and transitions open a nested list. Numbers
 * compare numerically, qualifiers by rank (alpha < beta < milestone < rc = cr < snapshot <
 * "" = ga = final = release < sp < any other, the others alphabetically); a number beats a list,
 * a list beats a qualifier. Trailing "null" items (0, "", empty lists) are dropped from each
 * list, so 1 = 1.0 = 1-0 = 1-ga.
 */

type Item = bigint | Qualifier | Item[];

class Qualifier {
  /** Rank as a string so unknown qualifiers sort after the known ones, alphabetically. */
  readonly rank: string;
  constructor(text: string, followedByDigit: boolean) {
    let value = text;
    if (followedByDigit && text.length === 1) value = ({ a: 'alpha', b: 'beta', m: 'milestone' } as Record<string, string>)[text] ?? text;
    value = ({ ga: '', final: '', release: '', cr: 'rc' } as Record<string, string>)[value] ?? value;
    const index = QUALIFIERS.indexOf(value);
    this.rank = index >= 0 ? String(index) : `${QUALIFIERS.length}-${value}`;
  }
  isNull(): boolean {
    return this.rank === RELEASE_RANK;
  }
}

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const RELEASE_RANK = String(QUALIFIERS.indexOf(''));

const isNull = (item: Item): boolean => (typeof item === 'bigint' ? item === 0n : Array.isArray(item) ? item.length === 0 : item.isNull());

function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const item = list[i] as Item;
    if (isNull(item)) list.splice(i, 1);
    else if (!Array.isArray(item)) break;
  }
}

function parseItem(text: string, followedByDigit: boolean): Item {
  return /^\d+$/.test(text) ? BigInt(text) : new Qualifier(text, followedByDigit);
}

export function parseMavenVersion(version: string): Item[] {
  const text = version.trim().toLowerCase();
  const root: Item[] = [];
  let list = root;
  const opened: Item[][] = [root];
  let start = 0;
  let digit = false;
  const openList = (): void => {
    const child: Item[] = [];
    list.push(child);
    list = child;
    opened.push(child);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '.' || c === '-') {
      list.push(i === start ? 0n : parseItem(text.slice(start, i), false));
      start = i + 1;
      if (c === '-') openList();
    } else if (c >= '0' && c <= '9') {
      if (!digit && i > start) {
        list.push(new Qualifier(text.slice(start, i), true));
        start = i;
        openList();
      }
      digit = true;
    } else {
      if (digit && i > start) {
        list.push(parseItem(text.slice(start, i), false));
        start = i;
        openList();
      }
      digit = false;
    }
  }
  if (text.length > start) list.push(parseItem(text.slice(start), false));
  for (let i = opened.length - 1; i >= 0; i--) normalize(opened[i] as Item[]);
  return root;
}

/** Compares an item with another, or with "nothing" (undefined) when one list is shorter. */
function compareItem(a: Item, b: Item | undefined): number {
  if (typeof a === 'bigint') {
    if (b === undefined) return a === 0n ? 0 : 1;
    if (typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
    return 1;
  }
  if (a instanceof Qualifier) {
    if (b === undefined) return a.rank < RELEASE_RANK ? -1 : a.rank > RELEASE_RANK ? 1 : 0;
    if (b instanceof Qualifier) return a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0;
    return -1;
  }
  if (b === undefined) return a.length === 0 ? 0 : compareItem(a[0] as Item, undefined);
  if (typeof b === 'bigint') return -1;
  if (b instanceof Qualifier) return 1;
  return compareLists(a, b);
}

function compareLists(a: Item[], b: Item[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    const r = x === undefined ? (y === undefined ? 0 : -compareItem(y, undefined)) : compareItem(x, y);
    if (r !== 0) return r;
  }
  return 0;
}

export function compareMaven(a: string, b: string): number {
  return compareLists(parseMavenVersion(a), parseMavenVersion(b));
}

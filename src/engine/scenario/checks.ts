import type { IssueList, JsonPath } from './errors';

/** Shared checks for JSON values of unknown shape. */

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a message names a value it did not expect: `the number 42`, `an array`, `"eth0"`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `the string ${JSON.stringify(value.slice(0, 40))}…` : `the string ${JSON.stringify(value)}`;
    case 'number':
      return `the number ${String(value)}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/** ` (did you mean "title"?)` for a near miss (edit distance at most 2), else "". */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase(), bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === undefined ? '' : ` (did you mean ${JSON.stringify(best)}?)`;
}

/** Levenshtein distance, giving up (returning `limit`) once it can only exceed it. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return Math.min(previous[b.length]!, limit);
}

/** Unknown keys (pointing at the key) and missing required ones (pointing at the object). */
export function checkKeys(
  object: Record<string, unknown>,
  path: JsonPath,
  allowed: readonly string[],
  required: readonly string[],
  issues: IssueList,
): void {
  for (const key of Object.keys(object)) {
    if (allowed.includes(key)) continue;
    const hint = didYouMean(key, allowed) || `; allowed here: ${allowed.join(', ')}`;
    issues.add([...path, key], `unknown key ${JSON.stringify(key)}${hint}`, 'key');
  }
  for (const key of required) {
    if (!(key in object)) issues.add([...path, key], 'required, but missing', 'parent');
  }
}

/** A string of at most `max` characters, or an issue. */
export function checkString(value: unknown, path: JsonPath, max: number, issues: IssueList): value is string {
  if (typeof value !== 'string') {
    issues.add(path, `expected a string, got ${describe(value)}`);
    return false;
  }
  if (value.length > max) {
    issues.add(path, `is ${value.length} characters long; the limit is ${max}`);
    return false;
  }
  return true;
}

/** A string that is one line of shell: config lines and flow commands. */
export function checkLine(value: unknown, path: JsonPath, max: number, issues: IssueList): value is string {
  if (!checkString(value, path, max, issues)) return false;
  if (/[\r\n\0]/.test(value)) {
    issues.add(path, 'a line cannot contain a line break or a NUL character; write one string per line');
    return false;
  }
  return true;
}

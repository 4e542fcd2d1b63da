import { getNodePath, parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { JsonPath, Target } from './errors';
import { MAX_JSON_VALUES, MAX_NESTING_DEPTH, MAX_TEXT_LENGTH } from './limits';

/** A span of the text, 0-based. */
export interface Span {
  offset: number;
  length: number;
}

/** A problem that already has its place in the text (syntax errors, duplicate keys). */
export interface PlacedIssue extends Span {
  path: JsonPath;
  message: string;
}

export interface JsonText {
  text: string;
  root: Node;
  /** The parsed value, exactly as JSON.parse gives it (the last of duplicate keys wins). */
  value: unknown;
  /** Duplicate keys: JSON allows them, but a scenario with two "eth0" ports is surely a mistake. */
  duplicates: PlacedIssue[];
}

export type JsonParse = { ok: true; json: JsonText } | { ok: false; error: PlacedIssue };

// jsonc-parser's ParseErrorCode is a const enum, which isolatedModules cannot import.
const SYNTAX_MESSAGES: Record<number, string> = {
  1: 'unexpected character',
  2: 'invalid number',
  3: 'expected a key in double quotes',
  4: 'expected a value',
  5: "expected ':'",
  6: "expected ','",
  7: "expected '}'",
  8: "expected ']'",
  9: 'expected the end of the document',
  10: 'comments are not allowed in a scenario',
  11: 'unterminated comment',
  12: 'unterminated string',
  13: 'unterminated number',
  14: 'invalid \\u escape',
  15: 'invalid escape character',
  16: 'control characters in a string must be escaped',
};

/**
 * A check on the plain value before the position tree is built (building it is the slow part
 * of a big file): an issue here is returned at once, placed with `valueSpan` of a top-level key.
 */
export type EarlyCheck = (value: unknown, valueSpan: (topLevelKey: string) => Span) => PlacedIssue | undefined;

/** Parses strict JSON (no comments, no trailing commas) keeping every value's position. */
export function parseJson(input: string, early?: EarlyCheck): JsonParse {
  if (input.length > MAX_TEXT_LENGTH) {
    return fail(0, 0, `the document is ${input.length} characters long; the limit is ${MAX_TEXT_LENGTH}`);
  }
  // A byte order mark is harmless; a space keeps every offset where the editor has it.
  const text = input.charCodeAt(0) === 0xfeff ? ' ' + input.slice(1) : input;
  if (text.trim() === '') return fail(0, 0, 'the document is empty; a scenario is a JSON object');

  const shape = scanStructure(text);
  if (shape.tooDeep !== undefined) {
    return fail(shape.tooDeep, 1, `nested deeper than ${MAX_NESTING_DEPTH} levels; a scenario needs 4`);
  }
  if (shape.tooMany !== undefined) {
    return fail(shape.tooMany, 1, `the document holds more than ${MAX_JSON_VALUES} values (object keys and array items); the limit is ${MAX_JSON_VALUES}`);
  }

  let value: unknown;
  let valid = true;
  try {
    // JSON.parse, not the tree's values: it keeps "__proto__" an ordinary key. It is also far
    // faster than the tree, so the early check can refuse a huge document before the tree exists.
    value = JSON.parse(text);
  } catch {
    valid = false; // the tree below names the place and the problem
  }
  if (valid && early) {
    const issue = early(value, (key) => shape.topLevel.get(key) ?? { offset: 0, length: 1 });
    if (issue) return { ok: false, error: issue };
  }

  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (e) {
    // Only the stack limit can throw here, and scanStructure should have caught that first.
    return fail(0, 0, `the document could not be parsed (${String(e)})`);
  }
  const first = errors[0];
  if (first) return { ok: false, error: syntaxIssue(text, first) };
  if (!root) return fail(0, 0, 'expected a value');
  if (!valid) return fail(0, 0, 'invalid JSON');
  return { ok: true, json: { text, root, value, duplicates: findDuplicateKeys(root) } };
}

function fail(offset: number, length: number, message: string): JsonParse {
  return { ok: false, error: { path: [], offset, length, message } };
}

function syntaxIssue(text: string, error: ParseError): PlacedIssue {
  const message = SYNTAX_MESSAGES[error.error] ?? 'invalid JSON';
  const closer = text[error.offset];
  if ((error.error === 3 || error.error === 4) && (closer === '}' || closer === ']')) {
    let before = error.offset - 1;
    while (before >= 0 && /\s/.test(text[before]!)) before--;
    if (text[before] === ',') return { path: [], offset: before, length: 1, message: 'trailing commas are not allowed in JSON' };
  }
  if (error.offset >= text.length) return { path: [], offset: text.length, length: 0, message: `the document ends too early: ${message}` };
  const token = text.slice(error.offset, error.offset + error.length);
  if (error.error === 1 && token.length > 0 && token.length <= 20) {
    return { path: [], offset: error.offset, length: error.length, message: `unexpected ${JSON.stringify(token)}` };
  }
  return { path: [], offset: error.offset, length: Math.max(error.length, 1), message };
}

interface Structure {
  /** Offset of the first bracket nested too deep. */
  tooDeep?: number;
  /** Offset of the separator that took the document past MAX_JSON_VALUES. */
  tooMany?: number;
  /** Each top-level key's value: its first character. */
  topLevel: Map<string, Span>;
}

/**
 * One pass that skips strings: nesting depth, the number of values (every ',' and ':' starts
 * one), and where the top-level keys' values are. It stops at the first limit crossed, so
 * "[[[[…" or a 20 MB array of zeros is refused in milliseconds, before any parser sees it.
 */
function scanStructure(text: string): Structure {
  const topLevel = new Map<string, Span>();
  let depth = 0;
  let values = 0;
  let stringStart = -1;
  let lastTopString: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (stringStart >= 0) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) {
        if (depth === 1) lastTopString = text.slice(stringStart, i + 1);
        stringStart = -1;
      }
      continue;
    }
    if (c === 34) {
      stringStart = i;
      continue;
    }
    if (c === 123 || c === 91 /* { [ */) {
      if (++depth > MAX_NESTING_DEPTH) return { tooDeep: i, topLevel };
    } else if (c === 125 || c === 93 /* } ] */) depth--;
    else if (c === 44 || c === 58 /* , : */) {
      if (++values > MAX_JSON_VALUES) return { tooMany: i, topLevel };
      if (c === 58 && depth === 1 && lastTopString !== undefined) {
        let at = i + 1;
        while (at < text.length && /\s/.test(text[at]!)) at++;
        try {
          const key = JSON.parse(lastTopString) as string;
          topLevel.set(key, { offset: at, length: 1 }); // the last of duplicates, as JSON.parse
        } catch {
          // not a valid key; the parser reports it
        }
      }
      lastTopString = undefined;
    }
  }
  return { topLevel };
}

function findDuplicateKeys(root: Node): PlacedIssue[] {
  const found: PlacedIssue[] = [];
  // Paths are built only for the rare duplicate: copying one per node costs seconds on big files.
  const walk = (node: Node): void => {
    if (node.type === 'array') node.children?.forEach(walk);
    if (node.type !== 'object') return;
    const seen = new Set<string>();
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key || !value || typeof key.value !== 'string') continue;
      if (seen.has(key.value)) {
        found.push({ path: getNodePath(value), offset: key.offset, length: key.length, message: `duplicate key ${JSON.stringify(key.value)}` });
      }
      seen.add(key.value);
      walk(value);
    }
  };
  walk(root);
  return found;
}

/** Each object's key → value node (the last of duplicates, as JSON.parse), built on first use. */
const propertyIndex = new WeakMap<Node, Map<string, Node>>();

function childByKey(node: Node, key: string): Node | undefined {
  let index = propertyIndex.get(node);
  if (!index) {
    index = new Map();
    for (const property of node.children ?? []) {
      const [keyNode, value] = property.children ?? [];
      if (typeof keyNode?.value === 'string' && value) index.set(keyNode.value, value);
    }
    propertyIndex.set(node, index);
  }
  return index.get(key);
}

/** The value at `path`, or its deepest existing ancestor. */
function findNode(root: Node, path: JsonPath): { node: Node; complete: boolean } {
  let node = root;
  for (const segment of path) {
    let next: Node | undefined;
    if (typeof segment === 'number' && node.type === 'array') next = node.children?.[segment];
    if (typeof segment === 'string' && node.type === 'object') next = childByKey(node, segment);
    if (!next) return { node, complete: false };
    node = next;
  }
  return { node, complete: true };
}

/** Where an issue points: the value, its key, or (for a missing key) the opening of the parent. */
export function locate(root: Node, path: JsonPath, target: Target): Span {
  if (target === 'parent') {
    const { node } = findNode(root, path.slice(0, -1));
    return { offset: node.offset, length: 1 };
  }
  const { node, complete } = findNode(root, path);
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  if (target === 'key' && complete && key) return { offset: key.offset, length: key.length };
  return { offset: node.offset, length: node.length };
}

/**
 * Converts offsets to 1-based lines and columns; \n, \r\n and \r all end a line. Line starts are
 * found only as far as an offset asked for: placing "the document is too long" at offset 0
 * does not scan 40 MB.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  /** Text before this offset has been scanned for line starts. */
  private scanned = 0;
  constructor(private readonly text: string) {}
  private scanTo(offset: number): void {
    const text = this.text;
    const end = Math.min(offset, text.length);
    let i = this.scanned;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (c === 10 || c === 13) this.starts.push(i + 1);
    }
    this.scanned = Math.max(this.scanned, i);
  }
  position(offset: number): { line: number; column: number } {
    if (offset > this.scanned) this.scanTo(offset);
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  }
}

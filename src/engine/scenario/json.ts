import { getNodePath, parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { JsonPath, Target } from './errors';
import { MAX_NESTING_DEPTH, MAX_TEXT_LENGTH } from './limits';

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

/** Parses strict JSON (no comments, no trailing commas) keeping every value's position. */
export function parseJson(input: string): JsonParse {
  if (input.length > MAX_TEXT_LENGTH) {
    return fail(0, 0, `the document is ${input.length} characters long; the limit is ${MAX_TEXT_LENGTH}`);
  }
  // A byte order mark is harmless; a space keeps every offset where the editor has it.
  const text = input.charCodeAt(0) === 0xfeff ? ' ' + input.slice(1) : input;
  if (text.trim() === '') return fail(0, 0, 'the document is empty; a scenario is a JSON object');

  const tooDeep = findTooDeep(text);
  if (tooDeep !== undefined) {
    return fail(tooDeep, 1, `nested deeper than ${MAX_NESTING_DEPTH} levels; a scenario needs 4`);
  }

  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (e) {
    // Only the stack limit can throw here, and findTooDeep should have caught that first.
    return fail(0, 0, `the document could not be parsed (${String(e)})`);
  }
  const first = errors[0];
  if (first) return { ok: false, error: syntaxIssue(text, first) };
  if (!root) return fail(0, 0, 'expected a value');

  let value: unknown;
  try {
    // JSON.parse, not the tree's values: it keeps "__proto__" an ordinary key.
    value = JSON.parse(text);
  } catch (e) {
    return fail(0, 0, e instanceof Error ? e.message : String(e));
  }
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

/** Offset of the first bracket nested too deep, by a scan that skips strings. */
function findTooDeep(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (++depth > MAX_NESTING_DEPTH) return i;
    } else if (c === '}' || c === ']') depth--;
  }
  return undefined;
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

/** Converts offsets to 1-based lines and columns; \n, \r\n and \r all end a line. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (c === 10 || c === 13) this.starts.push(i + 1);
    }
  }
  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1 };
  }
}

/**
 * Property-based fuzzing of the scenario validator: parseScenario returns a result on any text
 * (never throws, never hangs), and every error and warning names a JSON path and a line and
 * column inside the text. Run counts and seed: src/fuzz-support.ts (`npm run fuzz`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyString, lineLengths, mutated, NASTY_TOKENS, params, TEST_TIMEOUT } from '../../fuzz-support';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { parseScenario } from './parse';

const texts = Object.values(BUILTIN_SCENARIOS);
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const docs = texts.map((t) => JSON.parse(t) as Json);

/** A value to put anywhere in a document. */
const nastyValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_TOKENS) },
  { weight: 2, arbitrary: anyString(40) },
  { weight: 1, arbitrary: fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53, 99999999999999999999, [], {}, [null], [1, 2, 3], ['a', 'b']) },
  { weight: 1, arbitrary: fc.double().map((d) => (Number.isFinite(d) ? d : 0)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> },
);
/** A key to add or rename to: device ids, port names, unknown keys. */
const nastyKey = fc.oneof(fc.constantFrom(...NASTY_TOKENS), anyString(20), fc.constantFrom('hairpin', 'title', 'about', 'devices', 'links', 'flows', 'kind', 'at', 'ports', 'config', 'on', 'run', 'expect', 'exit'));

type Slot = { parent: Json[] | { [key: string]: Json }; key: string | number };
function slots(v: Json, out: Slot[] = []): Slot[] {
  if (Array.isArray(v)) v.forEach((c, i) => { out.push({ parent: v, key: i }); slots(c, out); });
  else if (v !== null && typeof v === 'object') for (const [k, c] of Object.entries(v)) { out.push({ parent: v, key: k }); slots(c, out); }
  return out;
}

/** Sets an own property, even "__proto__" (plain assignment would change the prototype). */
function setOwn(o: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

type Edit = { op: 'set' | 'delete' | 'rename' | 'add' | 'push'; at: number; key: string; value: Json };
const edit: fc.Arbitrary<Edit> = fc.record({
  op: fc.constantFrom('set', 'set', 'delete', 'rename', 'rename', 'add', 'push'), at: fc.nat(), key: nastyKey, value: nastyValue,
});

function applyEdit(doc: Json, e: Edit): void {
  const all = slots(doc);
  if (all.length === 0) return;
  const { parent, key } = all[e.at % all.length]!;
  if (Array.isArray(parent)) {
    const i = key as number;
    if (e.op === 'delete') parent.splice(i, 1);
    else if (e.op === 'push' || e.op === 'add') parent.splice(i, 0, e.value);
    else if (e.op === 'rename') parent.push(parent[i]!);
    else parent[i] = e.value;
    return;
  }
  const k = key as string;
  if (e.op === 'delete') delete parent[k];
  else if (e.op === 'set') setOwn(parent, k, e.value);
  else if (e.op === 'add') setOwn(parent, e.key, e.value);
  else if (e.op === 'push') {
    const child = parent[k];
    if (Array.isArray(child)) child.push(e.value);
    else if (child !== null && typeof child === 'object') setOwn(child, e.key, e.value);
  } else {
    // Rename in place, keeping key order (device ids, port names, link ends).
    const entries = Object.entries(parent);
    for (const name of Object.keys(parent)) delete parent[name];
    for (const [name, value] of entries) setOwn(parent, name === k ? e.key : name, value);
  }
}

/** A built-in scenario with values replaced, keys renamed, added and removed, as JSON text. */
const structurallyMutated = fc.tuple(fc.nat({ max: docs.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 5 }), fc.constantFrom(0, 1, 2, '\t'))
  .map(([i, edits, indent]) => {
    const doc = structuredClone(docs[i]!);
    for (const e of edits) applyEdit(doc, e);
    return JSON.stringify(doc, null, indent);
  });

/** Strings in a device's config and in flows: mutated command lines. */
const linesOf = (d: Json): string[] => {
  const out: string[] = [];
  const devices = (d as { devices: Record<string, { config?: string[] }> }).devices;
  for (const dev of Object.values(devices)) out.push(...(dev.config ?? []));
  for (const f of (d as { flows?: { run: string }[] }).flows ?? []) out.push(f.run);
  return out;
};
const commandLine = mutated(docs.flatMap(linesOf));

const scenarioText = fc.oneof(
  { weight: 4, arbitrary: structurallyMutated },
  { weight: 3, arbitrary: mutated(texts, 3) },
  { weight: 1, arbitrary: anyString(300) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.tuple(fc.nat({ max: docs.length - 1 }), commandLine, fc.nat()).map(([i, line, at]) => {
    const doc = structuredClone(docs[i]!);
    const strings = slots(doc).filter(({ parent, key }) => typeof (parent as Record<string | number, Json>)[key] === 'string');
    const { parent, key } = strings[at % strings.length]!;
    (parent as Record<string | number, Json>)[key] = line;
    return JSON.stringify(doc, null, 2);
  }) },
);

describe('parseScenario (fuzz)', () => {
  it('the built-in scenarios are valid', () => {
    for (const t of texts) expect(parseScenario(t).ok).toBe(true);
  });

  it('never throws or hangs, and places every error and warning in the text', () => {
    fc.assert(fc.property(scenarioText, (text) => {
      const result = parseScenario(text, 'fuzz.json');
      const lines = lineLengths(text);
      const problems = result.ok ? result.warnings : [...result.errors, ...result.warnings];
      if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
      for (const p of problems) {
        expect(typeof p.path).toBe('string');
        expect(p.file).toBe('fuzz.json');
        expect(typeof p.message).toBe('string');
        expect(p.message.trim()).not.toBe('');
        expect(Number.isInteger(p.line) && Number.isInteger(p.column)).toBe(true);
        expect(p.line).toBeGreaterThanOrEqual(1);
        expect(p.line).toBeLessThanOrEqual(lines.length);
        expect(p.column).toBeGreaterThanOrEqual(1);
        expect(p.column).toBeLessThanOrEqual(lines[p.line - 1]! + 1);
        if (p.offset !== undefined) {
          expect(p.offset).toBeGreaterThanOrEqual(0);
          expect(p.offset + (p.length ?? 0)).toBeLessThanOrEqual(text.length);
        }
      }
    }), params(20_000));
  }, TEST_TIMEOUT);
});

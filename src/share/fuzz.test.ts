/**
 * Property-based fuzzing of share links: decode returns a result on any string (never throws,
 * never hangs), every failure has a reason sentence for the user, and whatever it accepts is a
 * valid scenario. Run counts and seed: src/fuzz-support.ts (`npm run fuzz`).
 */
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { anyString, mutated, NASTY_TOKENS, params, TEST_TIMEOUT } from '../fuzz-support';
import { parseScenario } from '../engine/scenario/parse';
import type { ScenarioDoc } from '../engine/scenario/types';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { crc32, pushVarint, toBase64url } from './bytes';
import { decode, encode, type Decoded } from './codec';
import { compactDoc } from './compact';
import { DICTIONARY_V1 } from './dictionary';

const docs: ScenarioDoc[] = Object.entries(BUILTIN_SCENARIOS).map(([name, text]) => {
  const r = parseScenario(text, name);
  if (!r.ok) throw new Error(`${name} does not validate`);
  return r.scenario.doc;
});
const links = docs.map((doc, i) => encode({ doc, flow: doc.flows.length > 1 ? 1 : 0, step: i, origin: Object.keys(BUILTIN_SCENARIOS)[i] }));

/** A version-1 link around any JSON text, with a correct header and checksum (so decode reads it). */
function wrap(jsonText: string): string {
  const json = new TextEncoder().encode(jsonText);
  const deflated = deflateSync(json, { level: 1, dictionary: DICTIONARY_V1 });
  const header: number[] = [];
  pushVarint(header, deflated.length);
  pushVarint(header, json.length);
  const crc = crc32(json);
  header.push(crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff);
  return `#v1.${toBase64url(new Uint8Array([...header, ...deflated]))}`;
}

const nasty = fc.oneof(fc.constantFrom(...NASTY_TOKENS), anyString(30));
const anyValue = fc.oneof(nasty, fc.constantFrom<unknown>(null, true, -1, 1.5, 2 ** 53, 1e308, [], {}, ['a'], ['a', 'b']), fc.nat({ max: 20 }), fc.jsonValue({ maxDepth: 2 }));

/** A compact built-in document with one text field (title, about, device id, config, flow) made nasty. */
const nastyDoc = fc.tuple(fc.nat({ max: docs.length - 1 }), fc.constantFrom('title', 'about', 'deviceId', 'port', 'config', 'run', 'on', 'flowTitle', 'kind', 'at', 'links', 'hairpin', 'extra'), nasty, anyValue, fc.nat())
  .map(([i, field, text, value, at]) => {
    const doc = structuredClone(compactDoc(docs[i]!)) as { [k: string]: unknown; devices: Record<string, { [k: string]: unknown; ports: unknown; config?: string[] }>; flows: Record<string, unknown>[]; links: unknown[] };
    const ids = Object.keys(doc.devices);
    const id = ids[at % ids.length]!;
    const flow = doc.flows[at % Math.max(1, doc.flows.length)];
    switch (field) {
      case 'title': case 'about': doc[field] = text; break;
      case 'deviceId': doc.devices = Object.fromEntries(Object.entries(doc.devices).map(([k, v]) => [k === id ? text : k, v])); break;
      case 'port': { const ports = doc.devices[id]!.ports; if (Array.isArray(ports) && ports.length) ports[at % ports.length] = text; else doc.devices[id]!.ports = [text]; break; }
      case 'config': (doc.devices[id]!.config ??= []).splice(at % 3, at % 2, text); break;
      case 'run': case 'on': case 'flowTitle': if (flow) flow[field === 'flowTitle' ? 'title' : field] = text; break;
      case 'kind': case 'at': doc.devices[id]![field] = value; break;
      case 'links': doc.links.push(value); break;
      case 'hairpin': doc.hairpin = value; break;
      default: doc[text] = value;
    }
    return doc;
  });

const payloadText = fc.oneof(
  { weight: 3, arbitrary: fc.record({ d: nastyDoc, f: fc.option(fc.oneof(fc.nat({ max: 6 }), anyValue), { nil: undefined }), c: fc.option(fc.oneof(fc.tuple(nasty, nasty), fc.tuple(fc.constantFrom('pc1', 'router', 'host'), nasty), anyValue), { nil: undefined }), s: fc.option(fc.oneof(fc.nat(), anyValue), { nil: undefined }), o: fc.option(fc.oneof(nasty, anyValue), { nil: undefined }) }, { requiredKeys: ['d'] }).map((p) => JSON.stringify(p)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: anyString(60) },
  { weight: 1, arbitrary: mutated(docs.slice(0, 3).map((doc) => JSON.stringify({ d: compactDoc(doc), f: 1 })), 3) },
);

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const hash = fc.oneof(
  { weight: 4, arbitrary: mutated(links, 3) },
  { weight: 3, arbitrary: payloadText.map(wrap) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...links), fc.nat(), fc.nat()).map(([l, a, b]) => l.slice(0, a % (l.length + 1)) + l.slice(a % (l.length + 1) + (b % 40))) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('#v1.', 'v1.', '#v0.', '#v2.', '#v999999.', '#v01.', ' #v1.', '#v1.\n', '#v1234567.', '#'), fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 400 })).map(([p, s]) => p + s) },
  { weight: 1, arbitrary: anyString(200) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => `#v1.${toBase64url(b)}`) },
);

function check(result: Decoded): void {
  if (result.ok) {
    // Whatever decode accepts is a scenario the validator accepts, with a flow it has.
    expect(parseScenario(JSON.stringify(result.doc)).ok).toBe(true);
    expect(result.flow === 0 || result.flow < result.doc.flows.length).toBe(true);
    return;
  }
  expect(typeof result.reason).toBe('string');
  expect(result.reason.length).toBeGreaterThan(20);
  expect(result.reason).toMatch(/^[A-Z]/);
  expect(result.reason).toMatch(/[.!?]$/);
  // A scenario the validator refuses is named by the JSON path of its first problem.
  if (result.reason.startsWith('The scenario in this link is not valid')) {
    expect(result.reason).toMatch(/^The scenario in this link is not valid: (the document: |[A-Za-z_$][\w$]*[.[:]|\[")/);
  }
}

describe('share link decode (fuzz)', () => {
  it('the built-in links decode', () => {
    for (const l of links) expect(decode(l).ok).toBe(true);
  });

  it('never throws or hangs, and explains every failure in a sentence', () => {
    fc.assert(fc.property(hash, (h) => check(decode(h))), params(30_000));
  }, TEST_TIMEOUT);
});

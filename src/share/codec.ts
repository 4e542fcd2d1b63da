import { deflateSync, Inflate } from 'fflate';
import { MAX_LINE_LENGTH } from '../engine/scenario/limits';
import { parseScenario } from '../engine/scenario/parse';
import type { LessonDoc, ScenarioDoc } from '../engine/scenario/types';
import { base64urlLength, crc32, fromBase64url, isBase64url, pushVarint, readVarint, toBase64url } from './bytes';
import { compactDoc, expandDoc, type Payload } from './compact';
import { DICTIONARY_V1 } from './dictionary';
import { groupDigits } from '../engine/sim/budgets';
import type { InjectSpec } from '../engine/sim/inject';
import { compactPacket, expandPacket } from './packet';

/*
 * A share link's hash: `#v<version>.<base64url>`. The version comes first, in plain text, so
 * any future Hairpin's link is recognisable as one ("made by a newer Hairpin") even though its
 * payload cannot be read here. Version 1's bytes are:
 *
 *   varint  length of the deflated data   (a cut-off link is told apart from a damaged one:
 *   varint  length of the JSON             fewer bytes than announced means it was cut off)
 *   4 bytes CRC-32 of the JSON, big-endian (a changed character fails the checksum)
 *   raw deflate of the compact JSON (compact.ts) with the v1 preset dictionary (dictionary.ts)
 *
 * Pure: no DOM. decode never throws, whatever the string; its reasons are sentences for the user.
 */

export const LINK_VERSION = 1;
const PREFIX = /^#?v(\d{1,6})\.([\s\S]*)$/;

/**
 * The longest hash decode reads, in characters. Browsers keep URLs up to about 2 MB (Chrome),
 * chat apps far less; a lesson-sized scenario makes a link of a few kilobytes, and 9,000 devices
 * about 80 kB. Checked before anything else, so a 100 MB hash costs nothing.
 */
export const MAX_LINK_LENGTH = 1 << 20;

/**
 * The most a link's scenario may unpack to, in bytes of JSON. Inflating stops as soon as the
 * output passes this (or the length the header announced): a few kilobytes of deflate can
 * claim to be gigabytes (a decompression bomb).
 */
export const MAX_INFLATED_BYTES = 4 << 20;

/** Input handed to the inflater at a time; deflate expands at most about 1,032×, so one chunk yields at most 2 MB. */
const INFLATE_CHUNK = 2 << 10;

export interface SharedState {
  doc: ScenarioDoc;
  /** The selected flow (0 when there are none). */
  flow: number;
  /** A command typed by the user instead of a flow. */
  custom?: { on: string; command: string };
  /** A packet injected on a device instead of a flow: opening the link sends it again. */
  packet?: InjectSpec;
  /** The trace step; absent when nothing had been run. */
  step?: number;
  /** The built-in scenario the document came from. */
  origin?: string;
  /** Who the link is for: a student sees a question's answers only once it is passed (or as `reveal` says). */
  audience?: 'student';
  reveal?: 'always' | 'never';
}

/**
 * `packetProblem`: the link's packet did not pass its checks (a sentence); the scenario still
 * opens, without the packet and its step.
 */
export type Decoded = ({ ok: true; packetProblem?: string } & SharedState) | { ok: false; reason: string };

export { isShareHash } from './hash';

/**
 * The built-in lessons, by name: a link leaves a built-in lesson as shipped out, and the reader
 * puts it back from there. Passed in, so the codec stays free of the app's bundled files.
 */
export type BuiltinLessons = (name: string) => LessonDoc | undefined;
const noBuiltins: BuiltinLessons = () => undefined;

export function encode(state: SharedState, builtinLesson: BuiltinLessons = noBuiltins): string {
  const { lesson, ...rest } = state.doc;
  // A built-in lesson as shipped is left out rather than copied: its prose would double a link's length.
  const builtin = state.origin === undefined ? undefined : builtinLesson(state.origin);
  const shipped = lesson !== undefined && sameJson(lesson, builtin);
  const payload: Payload = { d: compactDoc(shipped ? (rest as ScenarioDoc) : state.doc) };
  if (state.flow) payload.f = state.flow;
  if (state.custom) payload.c = [state.custom.on, state.custom.command];
  else if (state.packet) payload.p = compactPacket(state.packet);
  if (state.step !== undefined) payload.s = state.step;
  if (state.origin) payload.o = state.origin;
  if (builtin && lesson === undefined) payload.l = 0;
  if (state.audience === 'student') payload.v = 's';
  if (state.audience === 'student' && state.reveal) payload.r = state.reveal === 'always' ? 'a' : 'n';
  const json = new TextEncoder().encode(JSON.stringify(payload));
  const deflated = deflateSync(json, { level: 9, mem: 12, dictionary: DICTIONARY_V1 });
  const header: number[] = [];
  pushVarint(header, deflated.length);
  pushVarint(header, json.length);
  const crc = crc32(json);
  header.push(crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff);
  const bytes = new Uint8Array(header.length + deflated.length);
  bytes.set(header);
  bytes.set(deflated, header.length);
  return `#v${LINK_VERSION}.${toBase64url(bytes)}`;
}

const fail = (reason: string): Decoded => ({ ok: false, reason });

const sameJson = (a: unknown, b: unknown): boolean => b !== undefined && JSON.stringify(a) === JSON.stringify(b);

const TRUNCATED = 'This link is incomplete: it was cut off when it was copied or sent';
const DAMAGED = 'This link is damaged: its contents do not match their checksum, so a character was changed or lost. Ask for the link again.';

export function decode(hash: string, builtinLesson: BuiltinLessons = noBuiltins): Decoded {
  try {
    return decodeUnsafe(typeof hash === 'string' ? hash : '', builtinLesson);
  } catch {
    // Every expected failure is handled below; this only keeps "never throws" a promise.
    return fail('This link could not be read. Ask for the link again.');
  }
}

/** 1048576 → "1,048,576" (toLocaleString would load the locale data on first use). */

function decodeUnsafe(hash: string, builtinLesson: BuiltinLessons): Decoded {
  if (hash.length > MAX_LINK_LENGTH) {
    return fail(`This link is too long: it has ${groupDigits(hash.length)} characters, and a Hairpin share link has at most ${groupDigits(MAX_LINK_LENGTH)}. Share a scenario this large as a file (Export).`);
  }
  const m = PREFIX.exec(hash.trim());
  if (!m) return fail('This is not a Hairpin share link: its part after “#” should start with “v1.”.');
  const version = Number(m[1]);
  const text = m[2]!;
  if (version > LINK_VERSION) {
    return fail(`This link was made by a newer Hairpin (link format ${version}; this one reads format ${LINK_VERSION}). Reload the page to get the newest Hairpin, then open the link again.`);
  }
  if (version !== LINK_VERSION) return fail(`This link says it is link format ${version}, which never existed: it is not a Hairpin share link.`);
  if (!text) return fail(`${TRUNCATED}: nothing follows “v${version}.”. Copy the whole link again.`);
  if (!isBase64url(text)) return fail('This link is malformed: it contains characters a Hairpin share link never has. Copy the whole link again.');

  const bytes = fromBase64url(text);
  const at = { offset: 0 };
  const deflatedLength = readVarint(bytes, at);
  const jsonLength = readVarint(bytes, at);
  if (deflatedLength === undefined || jsonLength === undefined || bytes.length < at.offset + 4) return fail(`${TRUNCATED}. Copy the whole link again.`);
  if (Number.isNaN(deflatedLength) || Number.isNaN(jsonLength)) return fail('This link is malformed: its header is not one Hairpin writes.');
  if (jsonLength > MAX_INFLATED_BYTES) {
    return fail(`This link says its scenario is ${groupDigits(jsonLength)} bytes, more than the ${groupDigits(MAX_INFLATED_BYTES)} a share link may hold, so it was not made by Hairpin. Share a scenario this large as a file (Export).`);
  }
  const crc = ((bytes[at.offset]! << 24) | (bytes[at.offset + 1]! << 16) | (bytes[at.offset + 2]! << 8) | bytes[at.offset + 3]!) >>> 0;
  at.offset += 4;
  const expectedChars = base64urlLength(at.offset + deflatedLength);
  if (text.length < expectedChars) {
    return fail(`${TRUNCATED}: ${expectedChars - text.length} of its ${expectedChars} characters after “v${version}.” are missing. Copy the whole link again.`);
  }
  if (text.length > expectedChars) return fail(`This link is malformed: it has ${text.length - expectedChars} characters more than it says it holds.`);

  const json = inflateAtMost(bytes.subarray(at.offset, at.offset + deflatedLength), jsonLength);
  if (json === 'damaged') return fail(DAMAGED);
  if (json === 'too-large') {
    return fail(`This link is damaged or hostile: it unpacks to more than the ${groupDigits(jsonLength)} bytes it says it holds (a “decompression bomb”), so it was not opened. Ask for the link again.`);
  }
  if (json.length !== jsonLength || crc32(json) !== crc) return fail(DAMAGED);
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    return fail('This link is malformed: its contents are not a scenario.');
  }
  return fromPayload(payload, builtinLesson);
}

/** Raw inflate with the v1 dictionary, giving up once the output passes `limit` bytes. */
function inflateAtMost(deflated: Uint8Array, limit: number): Uint8Array | 'damaged' | 'too-large' {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate({ dictionary: DICTIONARY_V1 }, (chunk) => {
    chunks.push(chunk);
    total += chunk.length;
  });
  try {
    for (let i = 0; i < deflated.length || i === 0; i += INFLATE_CHUNK) {
      const end = Math.min(i + INFLATE_CHUNK, deflated.length);
      inflater.push(deflated.subarray(i, end), end >= deflated.length);
      if (total > limit) return 'too-large';
    }
  } catch {
    return 'damaged';
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Checks the session fields, then validates the scenario exactly as a file would be. */
function fromPayload(p: unknown, builtinLesson: BuiltinLessons): Decoded {
  if (typeof p !== 'object' || p === null || Array.isArray(p) || !('d' in p)) return fail('This link is malformed: it holds no scenario.');
  const { d, f = 0, c, s, o, l, v, r, p: packet } = p as Payload;
  if (!isIndex(f) || (s !== undefined && !isIndex(s)) || (o !== undefined && typeof o !== 'string')) return fail('This link is malformed: its flow or step is not a number.');
  if (c !== undefined && !(Array.isArray(c) && c.length === 2 && c.every((x) => typeof x === 'string'))) return fail('This link is malformed: its command is not a device and a command line.');

  if ((l !== undefined && l !== 0) || (v !== undefined && v !== 's') || (r !== undefined && r !== 'a' && r !== 'n')) return fail('This link is malformed: its lesson or view is not one Hairpin writes.');
  let expanded = expandDoc(d);
  // The origin's lesson as shipped (also what a link made before lessons lived in the document meant).
  const lesson = l === undefined && typeof o === 'string' ? builtinLesson(o) : undefined;
  if (lesson && typeof expanded === 'object' && expanded !== null && !Array.isArray(expanded) && !('lesson' in expanded)) {
    // A format 1 document with a lesson is format 2 (the step between them only added `lesson`).
    const version = (expanded as { hairpin?: unknown }).hairpin;
    expanded = { ...expanded, ...(version === 1 ? { hairpin: 2 } : {}), lesson };
  }
  const result = parseScenario(JSON.stringify(expanded, null, 2));
  if (!result.ok) {
    const first = result.errors[0]!;
    const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more problem${result.errors.length > 2 ? 's' : ''})` : '';
    return fail(`The scenario in this link is not valid: ${first.path || 'the document'}: ${first.message}${more}.`);
  }
  const doc = result.scenario.doc;
  if (f > 0 && f >= doc.flows.length) return fail(`This link is malformed: it selects flow ${f + 1}, but its scenario has ${doc.flows.length} flow${doc.flows.length === 1 ? '' : 's'}.`);
  if (c && !Object.hasOwn(doc.devices, c[0])) return fail(`This link is malformed: its command runs on “${c[0]}”, a device its scenario does not have.`);
  if (c && (c[1].length > MAX_LINE_LENGTH || /[\r\n\0]/.test(c[1]))) {
    return fail(`This link is malformed: its command is not one line of at most ${MAX_LINE_LENGTH} characters.`);
  }
  const state: Extract<Decoded, { ok: true }> = { ok: true, doc, flow: f };
  if (c) state.custom = { on: c[0], command: c[1] };
  if (s !== undefined) state.step = s;
  if (packet !== undefined) {
    const read = c ? { problem: 'The packet in this link is not valid: the link also holds a typed command, and Hairpin writes one or the other.' } : expandPacket(packet, doc);
    if ('spec' in read) state.packet = read.spec;
    else {
      // The step was one of the packet's trace.
      delete state.step;
      state.packetProblem = read.problem;
    }
  }
  if (o !== undefined) state.origin = o;
  if (v === 's') state.audience = 'student';
  if (v === 's' && r) state.reveal = r === 'a' ? 'always' : 'never';
  return state;
}

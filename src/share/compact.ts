import type { DeviceDoc, ScenarioDoc } from '../engine/scenario/types';
import type { PacketPayload } from './packet';

/*
 * What a share link holds before compression: the scenario with its defaults left out, and the
 * session (flow, typed command or injected packet, step, built-in origin, student view) under
 * one-letter keys.
 *
 * Version 1 of the link format is these rules plus the dictionary (dictionary.ts): changing
 * either means a new version, since links already sent must keep opening.
 *   - `ports` whose MACs are all null (the default) are written as a list of names;
 *   - `at` is rounded to whole pixels (a canvas drag leaves fractions nobody can see).
 * Everything else is the document as it is: device order matters (default MACs count it).
 */

export interface Payload {
  /** The scenario, compacted. */
  d: unknown;
  /** The selected flow, when not 0. */
  f?: number;
  /** A typed command instead of a flow: [device, command]. */
  c?: [string, string];
  /** The trace step shown; absent when the flow had not been run. */
  s?: number;
  /** The built-in scenario the document came from. */
  o?: string;
  /** 0: no lesson, although the built-in origin has one (absent: a lesson left out of `d` is the origin's). */
  l?: 0;
  /** 's': open in student view. */
  v?: 's';
  /** In student view, when answers show: 'a' from the start, 'n' never; absent: once passed. */
  r?: 'a' | 'n';
  /** An injected packet run instead of a flow ("Send a packet here…"): see packet.ts. */
  p?: PacketPayload;
}

export function compactDoc(doc: ScenarioDoc): unknown {
  const devices = Object.entries(doc.devices).map(([id, d]) => [id, compactDevice(d)] as const);
  return { ...doc, devices: Object.fromEntries(devices) };
}

function compactDevice(d: DeviceDoc): unknown {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(d)) {
    if (key === 'at' && Array.isArray(value)) out.at = value.map((n) => (typeof n === 'number' ? Math.round(n) : n));
    else if (key === 'ports' && Object.values(d.ports).every((mac) => mac === null)) out.ports = Object.keys(d.ports);
    else out[key] = value;
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Undoes compactDoc on untrusted input: only shapes compactDoc writes are expanded, anything
 * else passes through untouched for the scenario validator to name. Object.fromEntries (never
 * `obj[key] =`) so a key like "__proto__" stays a plain key for validation to refuse.
 */
export function expandDoc(value: unknown): unknown {
  if (!isObject(value) || !isObject(value.devices)) return value;
  const devices = Object.entries(value.devices).map(([id, d]) => [id, expandDevice(d)] as const);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'devices' ? Object.fromEntries(devices) : v]));
}

function expandDevice(d: unknown): unknown {
  if (!isObject(d) || !Array.isArray(d.ports) || !d.ports.every((p) => typeof p === 'string')) return d;
  const ports = Object.fromEntries((d.ports as string[]).map((name) => [name, null]));
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, k === 'ports' ? ports : v]));
}

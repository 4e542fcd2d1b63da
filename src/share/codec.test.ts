import { describe, expect, it } from 'vitest';
import { parseScenario } from '../engine/scenario/parse';
import type { ScenarioDoc } from '../engine/scenario/types';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { deflateSync } from 'fflate';
import { crc32, fromBase64url, pushVarint, toBase64url } from './bytes';
import { compactDoc } from './compact';
import { decode, encode, isShareHash, type SharedState } from './codec';
import { DICTIONARY_V1 } from './dictionary';
import { builtinLesson } from '../lessons';
import { parseIp4 } from '../engine/addr/ipv4';
import type { InjectSpec } from '../engine/sim/inject';
import { TCP_CWR, TCP_ECE, TCP_SYN } from '../engine/wire/types';

/** A generous page address in front of the hash, e.g. https://someone.github.io/hairpin/ */
const ORIGIN_ALLOWANCE = 'https://hairpin-playground.example.org/hairpin/'.length;

function builtin(name: string): ScenarioDoc {
  const result = parseScenario(BUILTIN_SCENARIOS[name]!, name);
  if (!result.ok) throw new Error(`${name} does not validate`);
  return result.scenario.doc;
}

/** The document as a link keeps it: positions in whole pixels. */
function rounded(doc: ScenarioDoc): ScenarioDoc {
  const devices = Object.fromEntries(Object.entries(doc.devices).map(([id, d]) => [id, d.at ? { ...d, at: d.at.map(Math.round) as [number, number] } : d]));
  return { ...doc, devices };
}

/** A version 1 link written byte by byte from its payload, as an earlier Hairpin wrote it. */
function oldLink(payload: unknown): string {
  const json = new TextEncoder().encode(JSON.stringify(payload));
  const deflated = deflateSync(json, { level: 9, dictionary: DICTIONARY_V1 });
  const header: number[] = [];
  pushVarint(header, deflated.length);
  pushVarint(header, json.length);
  const crc = crc32(json);
  header.push(crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff);
  return `#v1.${toBase64url(new Uint8Array([...header, ...deflated]))}`;
}

function reason(hash: string): string {
  const r = decode(hash);
  if (r.ok) throw new Error('expected a failure');
  return r.reason;
}

const home = (): SharedState => ({ doc: builtin('home-lan'), flow: 1, step: 7, origin: 'home-lan' });

describe('share links', () => {
  const sizes: Record<string, number> = {};

  it.each(Object.keys(BUILTIN_SCENARIOS))('round-trips %s and keeps its link under 2,000 characters', (name) => {
    const doc = builtin(name);
    const state: SharedState = { doc, flow: doc.flows.length - 1, step: 123, origin: name };
    const hash = encode(state, builtinLesson);
    sizes[name] = hash.length;
    expect(hash.startsWith('#v1.')).toBe(true);
    expect(hash.length + ORIGIN_ALLOWANCE).toBeLessThanOrEqual(2000);
    const back = decode(hash, builtinLesson);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(parseScenario(JSON.stringify(back.doc)).ok).toBe(true);
    expect(back.doc).toEqual(rounded(doc));
    expect(JSON.stringify(back.doc)).toBe(JSON.stringify(rounded(doc))); // key and device order too
    expect({ flow: back.flow, step: back.step, origin: back.origin, custom: back.custom }).toEqual({ flow: state.flow, step: 123, origin: name, custom: undefined });
  });

  it('prints the link sizes', () => {
    for (const name of Object.keys(BUILTIN_SCENARIOS)) sizes[name] ??= encode({ doc: builtin(name), flow: 0 }).length;
    console.log('share link hash sizes (characters):\n' + Object.entries(sizes).map(([n, s]) => `  ${n.padEnd(28)} ${s}`).join('\n'));
  });

  it('keeps explicit MACs, fractional positions rounded, a typed command and no step', () => {
    const doc = builtin('home-lan');
    const pc1 = doc.devices.pc1!;
    const edited: ScenarioDoc = { ...doc, devices: { ...doc.devices, pc1: { ...pc1, at: [10.4, 20.6], ports: { eth0: '02:aa:bb:cc:dd:ee' } } } };
    const back = decode(encode({ doc: edited, flow: 0, custom: { on: 'pc2', command: 'ping -c 1 192.168.1.1' } }));
    expect(back.ok && back.doc.devices.pc1).toEqual({ ...pc1, at: [10, 21], ports: { eth0: '02:aa:bb:cc:dd:ee' } });
    expect(back.ok && back.custom).toEqual({ on: 'pc2', command: 'ping -c 1 192.168.1.1' });
    expect(back.ok && back.step).toBeUndefined();
  });

  it('round-trips text outside ASCII', () => {
    const doc = { ...builtin('vps-slash32'), title: 'Ünïcødé 🚀 “quotes”' };
    const back = decode(encode({ doc, flow: 0 }));
    expect(back.ok && back.doc.title).toBe(doc.title);
  });

  it('recognises its hashes', () => {
    expect(isShareHash(encode(home()))).toBe(true);
    expect(isShareHash('#v2.abc')).toBe(true);
    expect(isShareHash('#section')).toBe(false);
    expect(isShareHash('')).toBe(false);
  });

  it('says a link is cut off, and how much is missing', () => {
    const hash = encode(home());
    for (const cut of [1, 2, 10, Math.floor(hash.length / 2), hash.length - 5]) {
      expect(reason(hash.slice(0, hash.length - cut))).toMatch(/incomplete: it was cut off/);
    }
    expect(reason(hash.slice(0, hash.length - 10))).toMatch(/10 of its \d+ characters/);
    expect(reason('#v1.')).toMatch(/incomplete/);
  });

  it('tells a changed character from a cut-off link', () => {
    const hash = encode(home());
    const i = hash.length - 20;
    const changed = hash.slice(0, i) + (hash[i] === 'A' ? 'B' : 'A') + hash.slice(i + 1);
    expect(reason(changed)).toMatch(/damaged/);
    expect(reason(hash + 'AAAA')).toMatch(/malformed: it has 4 characters more/);
  });

  it('says what is wrong with malformed links', () => {
    expect(reason('#hello')).toMatch(/not a Hairpin share link/);
    expect(reason('#v1.abc$%^')).toMatch(/characters a Hairpin share link never has/);
    expect(reason('#v0.AAAA')).toMatch(/never existed/);
    expect(reason('#v1.////')).toMatch(/never has/);
  });

  it('says a newer Hairpin made a future version', () => {
    expect(reason('#v2.AAAAAAAA')).toMatch(/made by a newer Hairpin \(link format 2; this one reads format 1\)/);
    expect(reason('#v37.anything at all')).toMatch(/newer Hairpin/);
  });

  it('validates the scenario inside and names the first error with its JSON path', () => {
    const doc = builtin('home-lan');
    const bad = { ...doc, links: [...doc.links, ['pc1:eth0', 'nowhere:eth0']] } as ScenarioDoc;
    expect(reason(encode({ doc: bad, flow: 0 }))).toMatch(/^The scenario in this link is not valid: links\[4\]\[0\]: /);
    const future = { ...doc, hairpin: 3 } as unknown as ScenarioDoc;
    expect(reason(encode({ doc: future, flow: 0 }))).toMatch(/hairpin: format 3 is newer/);
    expect(reason(encode({ doc, flow: 9 }))).toMatch(/selects flow 10, but its scenario has 3 flows/);
    expect(reason(encode({ doc, flow: 0, custom: { on: 'ghost', command: 'ping x' } }))).toMatch(/“ghost”/);
  });

  it('never throws on a few thousand random mutations of a valid link', () => {
    const hash = encode(home());
    const random = mulberry32(20240611);
    const pick = (n: number) => Math.floor(random() * n);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.#v%é ';
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 4000; i++) {
      let h = hash;
      for (let n = 1 + pick(3); n > 0; n--) {
        const at = pick(h.length + 1);
        const ch = alphabet[pick(alphabet.length)]!;
        switch (pick(6)) {
          case 0: h = h.slice(0, at) + h.slice(at + 1); break; // delete
          case 1: h = h.slice(0, at) + ch + h.slice(at); break; // insert
          case 2: h = h.slice(0, at) + ch + h.slice(at + 1); break; // replace
          case 3: h = h.slice(0, at); break; // truncate
          case 4: h = h.slice(0, at) + h.slice(at, at + pick(8)).split('').reverse().join('') + h.slice(at + 8); break; // shuffle
          default: { // flip bits inside the payload, re-encoded, to get past the alphabet check
            const bytes = fromBase64url(h.slice(4));
            if (bytes.length) bytes[pick(bytes.length)]! ^= 1 << pick(8);
            h = '#v1.' + toBase64url(bytes);
          }
        }
      }
      let r: ReturnType<typeof decode> | undefined;
      expect(() => (r = decode(h))).not.toThrow();
      if (!r!.ok) expect(r!.reason.length).toBeGreaterThan(20);
      const kind = r!.ok ? 'ok' : r!.reason.split(/[:.(]/)[0]!;
      outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
    }
    expect(outcomes.size).toBeGreaterThan(3);
  });

  it('keeps the v1 dictionary frozen (old links must keep opening)', () => {
    expect([DICTIONARY_V1.length, crc32(DICTIONARY_V1)]).toMatchInlineSnapshot(`
      [
        1729,
        2894517454,
      ]
    `);
  });
});

/** A small seeded generator, so a failing mutation can be replayed. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const encodeB = (state: SharedState) => encode(state, builtinLesson);
const decodeB = (hash: string) => decode(hash, builtinLesson);

describe('lessons in links', () => {
  it('a built-in lesson as shipped is left out of the link and comes back from the origin', () => {
    const doc = builtin('hairpin-nat-broken');
    const { lesson, ...bare } = doc;
    const withLesson = encodeB({ doc, flow: 0, origin: 'hairpin-nat-broken' });
    // Within a few characters of the same scenario without any lesson: the prose did not travel.
    expect(withLesson.length).toBeLessThan(encodeB({ doc: bare as ScenarioDoc, flow: 0 }).length + 20);
    const back = decodeB(withLesson);
    expect(back.ok && back.doc.lesson).toEqual(lesson);
    expect(back.ok && JSON.stringify(back.doc)).toBe(JSON.stringify(rounded(doc)));
  });

  it('an edited lesson travels whole, and a removed one stays removed', () => {
    const doc = builtin('hairpin-nat-broken');
    const edited: ScenarioDoc = { ...doc, lesson: { ...doc.lesson, summary: 'Our class’s version' } };
    const back = decodeB(encodeB({ doc: edited, flow: 0, origin: 'hairpin-nat-broken' }));
    expect(back.ok && back.doc.lesson?.summary).toBe('Our class’s version');
    expect(back.ok && back.doc.lesson?.steps).toEqual(doc.lesson!.steps);
    const { lesson: _gone, ...bare } = doc;
    const none = decodeB(encodeB({ doc: bare as ScenarioDoc, flow: 0, origin: 'hairpin-nat-broken' }));
    expect(none.ok && 'lesson' in none.doc).toBe(false);
  });

  it('a lesson of the user’s own scenario travels in the link', () => {
    const doc = builtin('home-lan');
    const own: ScenarioDoc = { ...doc, lesson: { summary: 'mine', questions: [{ kind: 'drop', text: 'Who drops it?', flow: 0, device: 'router', hints: ['Look at the FORWARD chain'] }] } };
    const back = decodeB(encodeB({ doc: own, flow: 0 }));
    expect(back.ok && back.doc.lesson).toEqual(own.lesson);
  });

  it('carries the student view and when its answers show', () => {
    const doc = builtin('hairpin-nat-broken');
    const view = (state: Partial<SharedState>) => {
      const r = decodeB(encodeB({ doc, flow: 0, origin: 'hairpin-nat-broken', ...state }));
      return r.ok ? { audience: r.audience, reveal: r.reveal } : r.reason;
    };
    expect(view({})).toEqual({ audience: undefined, reveal: undefined });
    expect(view({ audience: 'student' })).toEqual({ audience: 'student', reveal: undefined });
    expect(view({ audience: 'student', reveal: 'always' })).toEqual({ audience: 'student', reveal: 'always' });
    expect(view({ audience: 'student', reveal: 'never' })).toEqual({ audience: 'student', reveal: 'never' });
  });

  it('a link made before lessons lived in the document (format 1, origin only) opens with the built-in lesson', () => {
    const doc = builtin('home-lan');
    const { lesson, ...bare } = doc;
    const back = decodeB(oldLink({ d: compactDoc({ ...bare, hairpin: 1 } as unknown as ScenarioDoc), o: 'home-lan' }));
    if (!back.ok) throw new Error(back.reason);
    expect(back.doc.hairpin).toBe(2);
    expect(back.ok && back.doc.lesson).toEqual(lesson);
  });
});

describe('an injected packet in a link ("Send a packet here…")', () => {
  const doc = builtin('hairpin-nat-fixed');
  const ip = (s: string) => parseIp4(s)!;
  const syn: InjectSpec = { device: 'router', inPort: 'eth0', proto: 'tcp', src: ip('50.60.70.1'), sport: 55234, dst: ip('50.60.70.80'), dport: 8080, flags: TCP_SYN | TCP_ECE | TCP_CWR };
  const local: InjectSpec = { device: 'router', fromLocal: true, proto: 'udp', dst: ip('8.8.8.8'), dport: 53, mark: 0xffffffff };
  /** A link as an earlier Hairpin (or anyone) could write it, with `p` as given. */
  const withPacket = (p: unknown, extra: Record<string, unknown> = {}) => oldLink({ d: compactDoc(doc), s: 12, p, ...extra });
  const problem = (p: unknown, extra?: Record<string, unknown>) => {
    const r = decode(withPacket(p, extra));
    if (!r.ok) throw new Error(`the scenario should open: ${r.reason}`);
    expect(r.packet).toBeUndefined();
    expect(r.step).toBeUndefined();
    expect(r.doc.title).toBe(doc.title);
    return r.packetProblem;
  };

  it('round-trips a packet arriving on a port and one a local process sends, with the step of its trace', () => {
    for (const spec of [syn, local, { ...syn, proto: 'icmp', sport: undefined, dport: undefined, flags: undefined } as InjectSpec, { ...syn, synOptions: ['sackOK', 'wscale'] } as InjectSpec]) {
      const clean = JSON.parse(JSON.stringify(spec)) as InjectSpec;
      const back = decode(encode({ doc, flow: 0, packet: clean, step: 8 }));
      expect(back.ok && back.packet).toEqual(clean);
      expect(back.ok && back.step).toBe(8);
      expect(back.ok && back.packetProblem).toBeUndefined();
    }
  });

  it('is compact: its addresses as text under one-letter keys, a few dozen characters more than the link without it', () => {
    const without = encode({ doc, flow: 0, step: 8 });
    expect(encode({ doc, flow: 0, step: 8, packet: syn }).length - without.length).toBeLessThan(100);
    const r = decode(encode({ doc, flow: 0, packet: syn }));
    expect(r.ok && r.packet?.src).toBe(ip('50.60.70.1'));
  });

  it('old links (no packet) open as before', () => {
    const home = builtin('home-lan');
    const back = decode(oldLink({ d: compactDoc(home), f: 1, s: 3 }));
    expect(back.ok && { flow: back.flow, step: back.step, packet: back.packet, problem: back.packetProblem }).toEqual({ flow: 1, step: 3, packet: undefined, problem: undefined });
  });

  it('a malformed or hostile packet opens the scenario without it and says what is wrong', () => {
    const good = { d: 'router', i: 'eth0', p: 'tcp', s: '50.60.70.1', sp: 55234, t: '50.60.70.80', dp: 8080, f: 2 };
    expect(decode(withPacket(good)).ok && (decode(withPacket(good)) as { packet?: InjectSpec }).packet).toMatchObject({ device: 'router', inPort: 'eth0', dport: 8080 });
    expect(problem('tcp 1.2.3.4 > 5.6.7.8')).toBe('The packet in this link is not valid: it is not a packet description.');
    expect(problem([good])).toMatch(/not a packet description/);
    expect(problem(null)).toMatch(/not a packet description/);
    expect(problem({ ...good, __proto__: 1, x: 1 })).toBe('The packet in this link is not valid: it has a field Hairpin does not write ("x").');
    expect(problem(JSON.parse('{"d":"router","i":"eth0","p":"tcp","s":"1.2.3.4","t":"5.6.7.8","dp":1,"__proto__":{"l":1}}'))).toMatch(/field Hairpin does not write \("__proto__"\)/);
    expect(problem({ ...good, d: 'ghost' })).toBe('The packet in this link is not valid: its device "ghost" is not one of the scenario\'s.');
    expect(problem({ ...good, d: 'constructor' })).toMatch(/device "constructor" is not one/);
    expect(problem({ ...good, d: 7 })).toMatch(/device 7 is not one/);
    expect(problem({ ...good, i: 'eth9' })).toBe('The packet in this link is not valid: router has no port "eth9".');
    expect(problem({ ...good, i: 'toString' })).toMatch(/no port "toString"/);
    expect(problem({ ...good, l: 1 })).toMatch(/either arrive on a port or be sent by a local process/);
    expect(problem({ ...good, i: undefined })).toMatch(/either arrive on a port/);
    expect(problem({ ...good, l: true })).toMatch(/“sent by a local process” is true/);
    expect(problem({ ...good, p: 'sctp' })).toBe('The packet in this link is not valid: its protocol "sctp" is not tcp, udp or icmp.');
    expect(problem({ ...good, s: '300.1.1.1' })).toMatch(/source "300.1.1.1" is not an IPv4 address/);
    expect(problem({ ...good, s: undefined })).toMatch(/a packet from outside needs its source address/);
    expect(problem({ ...good, t: 0x32323232 })).toMatch(/destination 842150450 is not an IPv4 address/);
    expect(problem({ ...good, t: 'x'.repeat(10_000) })).toMatch(/destination "x{40}…" is not/);
    expect(problem({ ...good, dp: 70000 })).toMatch(/destination port 70000 is not a port \(1-65535\)/);
    expect(problem({ ...good, sp: 1.5 })).toMatch(/source port 1.5 is not a port/);
    expect(problem({ ...good, dp: undefined })).toBe('The packet in this link is not valid: tcp needs the destination port.');
    expect(problem({ ...good, p: 'icmp' })).toMatch(/icmp has no ports/);
    expect(problem({ ...good, f: 256 })).toMatch(/TCP flags 256 are not a flags byte/);
    expect(problem({ ...good, p: 'udp' })).toMatch(/udp has no TCP flags/);
    expect(problem({ ...good, m: 1 })).toMatch(/a packet arriving on a port carries no mark/);
    expect(problem({ d: 'router', l: 1, p: 'udp', t: '8.8.8.8', dp: 53, m: -1 })).toMatch(/mark -1 is not a mark/);
    expect(problem({ d: 'router', l: 1, p: 'udp', t: '8.8.8.8', dp: 53, m: 2 ** 32 })).toMatch(/mark 4294967296 is not a mark/);
    expect(problem({ ...good, o: ['sackOK', 'sackOK'] })).toMatch(/SYN options \["sackOK","sackOK"\] are not some of/);
    expect(problem({ ...good, o: 'sackOK' })).toMatch(/SYN options "sackOK"/);
    expect(problem(good, { c: ['router', 'ping 1.1.1.1'] })).toMatch(/also holds a typed command/);
  });

  it('never throws on random packet fields, and every answer either opens the packet or says why not', () => {
    const random = mulberry32(18);
    const values: unknown[] = ['router', 'eth0', 'eth1', 'tcp', 'udp', 'icmp', '50.60.70.1', '1.2.3', '', 0, 1, 53, 65536, -1, 1.5, null, true, [], {}, ['sackOK'], 'x'.repeat(300), 2 ** 53];
    const keys = ['d', 'i', 'l', 'p', 's', 'sp', 't', 'dp', 'f', 'm', 'o', 'z'];
    for (let n = 0; n < 500; n++) {
      const p: Record<string, unknown> = {};
      for (const k of keys) if (random() < 0.5) p[k] = values[Math.floor(random() * values.length)];
      let r: ReturnType<typeof decode> | undefined;
      expect(() => (r = decode(withPacket(p)))).not.toThrow();
      if (!r!.ok) throw new Error(r!.reason);
      expect(r!.packet !== undefined || /^The packet in this link is not valid: .+\.$/.test(r!.packetProblem ?? '')).toBe(true);
    }
  });
});

import type { Ip4 } from '../addr/ipv4';
import { parseMac } from '../addr/mac';
import { CommandError, matches, parseCNumber } from './args';
import { parseInetAddr } from './inet';
import { duparg2, invarg } from './ip-names';
import { NUD_NOARP, NUD_PERMANENT, NUD_REACHABLE } from '../kernel/nud';
import type { BridgeFdbChange, Word } from './types';

/*
 * `bridge fdb add|append|replace|del` (iproute2 6.1 bridge/fdb.c fdb_modify): keywords as
 * fdb_modify reads them, any other word the MAC; then "Assume self" and "Assume permanent"
 * (the state starts as NUD_NOARP: `static` adds NUD_REACHABLE, which prints as static;
 * `dynamic` removes NUD_NOARP).
 */

const ACTIONS = [
  ['add', 'add'],
  ['append', 'append'],
  ['replace', 'replace'],
  ['delete', 'del'],
] as const;

/** do_fdb's verbs, by prefix in its order; undefined for show/get/help and the unknown. */
export function fdbAction(word: string): BridgeFdbChange['action'] | undefined {
  return ACTIONS.find(([name]) => matches(word, name))?.[1];
}

function dstAddr(word: Word): Ip4 {
  const addr = parseInetAddr(word.text);
  if (addr === undefined) {
    if (word.text.includes(':')) throw new CommandError(word.column, `hairpin: IPv6 is not simulated ("${word.text}")`, 2);
    throw new CommandError(word.column, `Error: any valid address is expected rather than "${word.text}".`, 1);
  }
  return addr;
}

/** fdb_modify's words after the verb; `column` is past the end of the line. */
export function parseBridgeFdbChange(action: BridgeFdbChange['action'], words: readonly Word[], column: number): BridgeFdbChange {
  const out: BridgeFdbChange = { kind: 'bridge-fdb', action, mac: '', self: false, master: false, state: NUD_NOARP };
  let addr: Word | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const t = w.text;
    const next = () => {
      const v = words[++i];
      if (!v) throw new CommandError(column, 'Command line is not complete. Try option "help"', 255);
      return v;
    };
    if (t === 'dev') out.dev = next();
    else if (t === 'dst') {
      const v = next();
      if (out.dst !== undefined) throw duparg2('dst', v);
      out.dst = dstAddr(v);
    } else if (t === 'port') {
      const v = next();
      const n = parseCNumber(v.text);
      if (n === undefined || n > 0xffff) throw invarg(v, 'invalid port\n');
      out.port = n;
    } else if (t === 'vni') {
      const v = next();
      const n = parseCNumber(v.text);
      if (n === undefined || n >= 1 << 24) throw invarg(v, 'invalid VNI\n');
      out.vni = n;
    } else if (t === 'via') out.via = next();
    else if (t === 'self') out.self = true;
    else if (matches(t, 'master')) out.master = true;
    else if (matches(t, 'local') || matches(t, 'permanent')) out.state |= NUD_PERMANENT;
    else if (matches(t, 'temp') || matches(t, 'static')) out.state |= NUD_REACHABLE;
    else if (matches(t, 'dynamic')) out.state = (out.state | NUD_REACHABLE) & ~NUD_NOARP;
    else if (['nhid', 'src_vni', 'router', 'vlan', 'use', 'extern_learn', 'sticky'].includes(t) || matches(t, 'router') || matches(t, 'vlan') || matches(t, 'use') || matches(t, 'extern_learn') || matches(t, 'sticky')) {
      throw new CommandError(w.column, `hairpin: bridge fdb option '${t}' is not supported`, 2);
    } else {
      const v = t === 'to' ? next() : w;
      if (matches(v.text, 'help')) throw new CommandError(v.column, 'hairpin: bridge fdb help is not simulated', 2);
      if (addr) throw duparg2('to', v);
      addr = v;
    }
  }
  if (!out.dev || !addr) throw new CommandError(column, 'Device and address are required arguments.', 255);
  // Assume self; assume permanent.
  if (!out.self && !out.master) out.self = true;
  if (!(out.state & (NUD_PERMANENT | NUD_REACHABLE))) out.state |= NUD_PERMANENT;
  const mac = parseMac(addr.text) ?? canonicalMac(addr.text);
  if (!mac) throw new CommandError(addr.column, `Invalid mac address ${addr.text}`, 255);
  out.mac = mac;
  return out;
}

/** sscanf's %hhx parts: 1 or 2 hex digits each ("2:0:0:0:a:1"). */
function canonicalMac(text: string): string | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || !parts.slice(0, 6).every((p) => /^[0-9a-fA-F]{1,2}$/.test(p))) return undefined;
  return parts
    .slice(0, 6)
    .map((p) => p.toLowerCase().padStart(2, '0'))
    .join(':');
}

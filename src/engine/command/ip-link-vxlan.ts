import { isMulticast, type Ip4 } from '../addr/ipv4';
import { Args, CommandError, matches, parseCNumber } from './args';
import { parseInetAddr } from './inet';
import { dsfieldFromText, duparg2, invarg } from './ip-names';
import type { VxlanOptions, Word } from './types';

/*
 * `ip link add NAME type vxlan ...` (iproute2 6.1 ip/iplink_vxlan.c vxlan_parse_opt): keywords
 * by prefix in the order iproute2 tries them, each at most once (check_duparg), then the
 * checks after the loop and the warning when no dstport is given.
 */

const USAGE = `Usage: ... vxlan id VNI
\t\t[ { group | remote } IP_ADDRESS ]
\t\t[ local ADDR ]
\t\t[ ttl TTL ]
\t\t[ tos TOS ]
\t\t[ df DF ]
\t\t[ flowlabel LABEL ]
\t\t[ dev PHYS_DEV ]
\t\t[ dstport PORT ]
\t\t[ srcport MIN MAX ]
\t\t[ [no]learning ]
\t\t[ [no]proxy ]
\t\t[ [no]rsc ]
\t\t[ [no]l2miss ]
\t\t[ [no]l3miss ]
\t\t[ ageing SECONDS ]
\t\t[ maxaddress NUMBER ]
\t\t[ [no]udpcsum ]
\t\t[ [no]udp6zerocsumtx ]
\t\t[ [no]udp6zerocsumrx ]
\t\t[ [no]remcsumtx ] [ [no]remcsumrx ]
\t\t[ [no]external ] [ gbp ] [ gpe ]
\t\t[ [no]vnifilter ]

Where:\tVNI\t:= 0-16777215
\tADDR\t:= { IP_ADDRESS | any }
\tTOS\t:= { NUMBER | inherit }
\tTTL\t:= { 1..255 | auto | inherit }
\tDF\t:= { unset | set | inherit }
\tLABEL := 0-1048575`;

export const VXLAN_DSTPORT_WARNING =
  'vxlan: destination port not specified\nWill use Linux kernel default (non-standard value)\n' +
  "Use 'dstport 4789' to get the IANA assigned value\nUse 'dstport 0' to get default and quiet this message";

/** Keywords iproute2 knows that the simulator does not model (refused by name, not ignored). */
const NOT_MODELLED = ['df', 'label', 'flowlabel', 'maxaddress', 'noproxy', 'proxy', 'norsc', 'rsc', 'nol2miss', 'l2miss', 'nol3miss', 'l3miss', 'noudpcsum', 'udp6zerocsumtx', 'noudp6zerocsumtx', 'udp6zerocsumrx', 'noudp6zerocsumrx', 'remcsumtx', 'noremcsumtx', 'remcsumrx', 'noremcsumrx', 'external', 'noexternal', 'gbp', 'gpe', 'vnifilter', 'novnifilter'];

/** get_addr for IPv4 (iproute2's dotted parts; the family is "inet" once the other address of the pair was given). */
function addrOf(word: Word, what: string, multicast: boolean, familyKnown: boolean): Ip4 {
  const addr = parseInetAddr(word.text);
  // get_addr reads `any`, `all` and `default` as the unspecified address, which is no remote, group or local.
  if (addr !== undefined && /^(any|all|default)$/.test(word.text)) throw invarg(word, `invalid ${what} address`);
  if (addr === undefined) {
    if (word.text.includes(':')) throw new CommandError(word.column, `hairpin: IPv6 is not simulated ("${word.text}")`, 2);
    throw new CommandError(word.column, `Error: ${familyKnown ? 'inet' : 'any valid'} address is expected rather than "${word.text}".`, 1);
  }
  if (isMulticast(addr) !== multicast) throw invarg(word, `invalid ${what} address`);
  return addr;
}

export function parseVxlanOptions(args: Args, next: () => Word): VxlanOptions {
  const seen = new Set<string>();
  const once = (attr: string, key: string, value: Word) => {
    if (seen.has(attr)) throw duparg2(key, value);
    seen.add(attr);
  };
  const out: VxlanOptions = { learning: true };
  let addrIsGroup: boolean | undefined;
  while (!args.done) {
    const word = args.take()!;
    const t = word.text;
    if (matches(t, 'id') || matches(t, 'vni')) {
      const v = next();
      once('id', 'id', v);
      const n = parseCNumber(v.text);
      if (n === undefined || n >= 1 << 24) throw invarg(v, 'invalid id');
      out.vni = n;
    } else if (matches(t, 'group') || matches(t, 'remote')) {
      const group = matches(t, 'group');
      if (addrIsGroup !== undefined && addrIsGroup !== group) throw new CommandError(word.column, 'vxlan: both group and remote cannot be specified', 1);
      const v = next();
      once('group', group ? 'group' : 'remote', v);
      const addr = addrOf(v, group ? 'group' : 'remote', group, out.local !== undefined);
      addrIsGroup = group;
      if (group) out.group = addr;
      else out.remote = addr;
    } else if (matches(t, 'local')) {
      const v = next();
      once('local', 'local', v);
      out.local = addrOf(v, 'local', false, addrIsGroup !== undefined);
    } else if (matches(t, 'dev')) {
      const v = next();
      once('dev', 'dev', v);
      out.dev = v;
    } else if (matches(t, 'ttl') || matches(t, 'hoplimit')) {
      const v = next();
      once('ttl', 'ttl', v);
      if (v.text === 'inherit') out.ttlInherit = true;
      else if (v.text === 'auto') out.ttl = 0;
      else {
        const n = parseCNumber(v.text);
        if (n === undefined) throw invarg(v, 'invalid TTL');
        if (n > 255) throw invarg(v, 'TTL must be <= 255');
        out.ttl = n;
      }
    } else if (matches(t, 'tos') || matches(t, 'dsfield')) {
      const v = next();
      once('tos', 'tos', v);
      const n = v.text === 'inherit' ? 1 : dsfieldFromText(v.text);
      if (n === undefined) throw invarg(v, 'bad TOS value');
      out.tos = n;
    } else if (matches(t, 'ageing')) {
      const v = next();
      once('ageing', 'ageing', v);
      const n = v.text === 'none' ? 0 : parseCNumber(v.text);
      if (n === undefined) throw invarg(v, 'ageing timer');
      out.ageing = n;
    } else if (matches(t, 'port') || matches(t, 'srcport')) {
      const low = next();
      once('srcport', 'srcport', low);
      const min = parseCNumber(low.text, 0xffff);
      if (min === undefined) throw invarg(low, 'min port');
      const high = next();
      const max = parseCNumber(high.text, 0xffff);
      if (max === undefined) throw invarg(high, 'max port');
      if (min || max) [out.portMin, out.portMax] = [min, max];
    } else if (matches(t, 'dstport')) {
      const v = next();
      once('dstport', 'dstport', v);
      const n = parseCNumber(v.text, 0xffff);
      if (n === undefined) throw invarg(v, 'dst port');
      out.dstPort = n;
    } else if (matches(t, 'nolearning') || matches(t, 'learning')) {
      once('learning', t, word);
      out.learning = !matches(t, 'nolearning');
    } else if (matches(t, 'udpcsum')) {
      // The default: the outer UDP checksum is filled.
      once('udpcsum', t, word);
    } else if (matches(t, 'help')) {
      throw new CommandError(word.column, USAGE, 1);
    } else if (NOT_MODELLED.some((k) => matches(t, k))) {
      throw new CommandError(word.column, `hairpin: ip link add type vxlan option '${t}' is not supported`, 2);
    } else {
      throw new CommandError(word.column, `vxlan: unknown command "${t}"?\n${USAGE}`, 1);
    }
  }
  const end = args.endColumn;
  if (out.vni === undefined) throw new CommandError(end, 'vxlan: missing virtual network identifier', 1);
  if (out.group !== undefined && !out.dev) throw new CommandError(end, "vxlan: 'group' requires 'dev' to be specified", 1);
  return out;
}

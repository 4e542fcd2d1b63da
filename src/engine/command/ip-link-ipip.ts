import type { Ip4 } from '../addr/ipv4';
import { Args, CommandError, matches, parseCNumber } from './args';
import { parseInetAddr } from './inet';
import { dsfieldFromText, invarg } from './ip-names';
import type { IpipOptions, Word } from './types';

/*
 * `ip link add NAME type ipip ...` (iproute2 6.1 ip/link_iptnl.c iptunnel_parse_opt): mode,
 * remote, local, dev, ttl, tos and [no]pmtudisc as a new tunnel starts (pmtudisc on, proto 0:
 * "any"), then the one check after the loop. FOU/GUE encapsulation and fwmark are refused by name.
 */

const NOT_MODELLED = ['encap', 'noencap', 'encap-sport', 'encap-dport', 'encap-csum', 'noencap-csum', 'encap-udp6-csum', 'noencap-udp6-csum', 'encap-remcsum', 'noencap-remcsum', 'external', 'fwmark', '6rd-prefix', '6rd-relay_prefix', '6rd-reset', 'isatap'];

/** get_addr(…, AF_INET): `any` is the unspecified address (no attribute sent). */
function addrOf(word: Word): Ip4 {
  const addr = parseInetAddr(word.text);
  if (addr === undefined) {
    if (word.text.includes(':')) throw new CommandError(word.column, `hairpin: IPv6 is not simulated ("${word.text}")`, 2);
    throw new CommandError(word.column, `Error: inet address is expected rather than "${word.text}".`, 1);
  }
  return addr;
}

export function parseIpipOptions(args: Args, next: () => Word): IpipOptions {
  const out: IpipOptions = { remote: 0, local: 0, ttl: 0, tos: 0, pmtudisc: true, proto: 0 };
  while (!args.done) {
    const word = args.take()!;
    const t = word.text;
    if (t === 'mode') {
      const v = next();
      if (['ipv4/ipv4', 'ipip', 'ip4ip4'].includes(v.text)) out.proto = 4;
      else if (['any/ipv4', 'any'].includes(v.text)) out.proto = 0;
      else if (['mpls/ipv4', 'mplsip'].includes(v.text)) throw new CommandError(v.column, 'hairpin: ipip mode mplsip is not modelled', 2);
      else throw invarg(v, 'Cannot guess tunnel mode.');
    } else if (t === 'remote') out.remote = addrOf(next());
    else if (t === 'local') out.local = addrOf(next());
    else if (matches(t, 'dev')) out.dev = next();
    else if (t === 'ttl' || t === 'hoplimit' || t === 'hlim') {
      const v = next();
      if (v.text === 'inherit') out.ttl = 0;
      else {
        const n = parseCNumber(v.text, 255);
        if (n === undefined) throw invarg(v, 'invalid TTL\n');
        out.ttl = n;
      }
    } else if (t === 'tos' || t === 'tclass' || t === 'tc' || matches(t, 'dsfield')) {
      const v = next();
      if (v.text === 'inherit') out.tos = 1;
      else {
        const n = dsfieldFromText(v.text);
        if (n === undefined) throw invarg(v, 'bad TOS value');
        out.tos = n;
      }
    } else if (t === 'nopmtudisc') out.pmtudisc = false;
    else if (t === 'pmtudisc') out.pmtudisc = true;
    else if (NOT_MODELLED.includes(t)) throw new CommandError(word.column, `hairpin: ip link add type ipip option '${t}' is not modelled`, 2);
    else throw new CommandError(word.column, `Usage: ... ipip [ mode { ip4ip4 | mplsip | any } ] [ remote ADDR ] [ local ADDR ] [ ttl TTL ] [ tos TOS ] [ [no]pmtudisc ] [ dev PHYS_DEV ]`, 255);
  }
  if (out.ttl && !out.pmtudisc) throw new CommandError(args.endColumn, 'ttl != 0 and nopmtudisc are incompatible', 255);
  return out;
}

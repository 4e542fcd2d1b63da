import type { Mac } from '../../addr/mac';
import { iptError } from '../../command/iptables-values';
import type { Match } from '../../kernel/netfilter/x_tables';
import { type XtMatchType } from '../xtables';

/* libxt_mac (xt_mac): the source MAC address of a received Ethernet frame. */

export interface MacInfo {
  name: 'mac';
  srcaddr: Mac;
  invert: boolean;
}

/** xtables_parse_mac: six colon-separated groups of one or two hex digits. */
function parseMacSource(value: string, column: number): Mac {
  const groups = value.split(':');
  if (groups.length !== 6 || groups.some((g) => !/^[0-9a-f]{1,2}$/i.test(g))) throw iptError(column, 'Invalid MAC address specified.');
  return groups.map((g) => g.toLowerCase().padStart(2, '0')).join(':');
}

export const mac: XtMatchType<MacInfo> = {
  kind: 'match',
  name: 'mac',
  detail: 'source MAC address (PREROUTING, INPUT, FORWARD)',
  options: [{ name: 'mac-source', hasArg: true, detail: 'source MAC address' }],
  parser() {
    let info: MacInfo | undefined;
    return {
      parse(_option, value, invert, column) {
        info = { name: 'mac', srcaddr: parseMacSource(value, column), invert };
      },
      finish(column) {
        if (!info) throw iptError(column, 'mac: option "--mac-source" must be specified\n');
        return info;
      },
    };
  },
  /**
   * mac_mt: only a frame with an Ethernet header (none on a locally generated packet) and its
   * source address equal, xor invert; xt_mac's hooks are PREROUTING, INPUT and FORWARD.
   */
  match({ srcaddr, invert }): Omit<Match, 'info'> {
    return {
      restriction: { hooks: ['PREROUTING', 'INPUT', 'FORWARD'] },
      test: (c) => {
        const h = c.skb.macHeader;
        if (!h || c.skb.inDev?.loopback) return false;
        return (h.src === srcaddr) !== invert;
      },
    };
  },
  save: (info) => `-m mac ${info.invert ? '! ' : ''}--mac-source ${info.srcaddr}`,
  print: (info) => ` MAC ${info.invert ? '! ' : ''}${info.srcaddr}`,
};

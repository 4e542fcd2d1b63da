import { iptError } from '../../command/iptables-values';
import type { PortRange } from '../../command/types';
import { hasPorts, not, protocolName, type XtMatchType } from '../xtables';
import { parsePortRange, portOf, portRangeText, printPortRange } from './ports';

/* libxt_multiport (xt_multiport): up to 15 ports or ranges, source, destination or either. */

export interface MultiportInfo {
  name: 'multiport';
  which: 'sports' | 'dports' | 'ports';
  ports: PortRange[];
  negated: boolean;
}

export const multiport: XtMatchType<MultiportInfo> = {
  kind: 'match',
  name: 'multiport',
  detail: 'several ports (-p tcp|udp)',
  options: [
    { name: 'source-ports', hasArg: true },
    { name: 'sports', hasArg: true, detail: 'source ports' },
    { name: 'destination-ports', hasArg: true },
    { name: 'dports', hasArg: true, detail: 'destination ports' },
    { name: 'ports', hasArg: true, detail: 'source or destination ports' },
  ],
  parser() {
    let result: MultiportInfo | undefined;
    return {
      parse(option, value, invert, column, ctx) {
        if (!hasPorts(ctx)) throw iptError(column, "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
        if (result) throw iptError(column, 'multiport can only have one option');
        const which = option.startsWith('s') ? 'sports' : option.startsWith('d') ? 'dports' : 'ports';
        // xtables_parse_port with the rule's protocol: `--dports netbios-ns` needs -p udp.
        const ports = value.split(',').map((p) => parsePortRange(p, column, protocolName(ctx.protocol ?? 0)));
        const slots = ports.reduce((n, r) => n + (r.min === r.max ? 1 : 2), 0);
        if (slots > 15) throw iptError(column, 'too many ports specified');
        result = { name: 'multiport', which, ports, negated: invert };
      },
      finish(column) {
        if (!result) throw iptError(column, 'multiport expects an option');
        return result;
      },
    };
  },
  match({ which, ports: ranges, negated }) {
    return {
      test: (c) => {
        const ports = which === 'sports' ? [portOf(c, 'sport')] : which === 'dports' ? [portOf(c, 'dport')] : [portOf(c, 'sport'), portOf(c, 'dport')];
        const hit = ports.some((p) => p !== undefined && ranges.some((r) => p >= r.min && p <= r.max));
        return hit !== negated;
      },
    };
  },
  save: (info) => `-m multiport ${not(info.negated)}--${info.which} ${info.ports.map(portRangeText).join(',')}`,
  print(info, f) {
    const l4 = f.proto === 6 ? 'tcp' : f.proto === 17 ? 'udp' : undefined;
    return ` multiport ${info.which} ${info.negated ? ' !' : ''}${info.ports.map((r) => printPortRange(r, f.numeric, l4)).join(',')}`;
  },
};

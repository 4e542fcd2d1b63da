import { Args, CommandError, matches, parseCNumber } from './args';
import { incomplete, invarg } from './ip-names';
import type { VlanOptions } from './types-ip';

/* `ip link add link DEV name NAME type vlan id N [protocol P] [reorder_hdr on|off]` (iproute2 ip/iplink_vlan.c vlan_parse_opt). */

const VLAN_USAGE = `Usage: ... vlan id VLANID
\t\t[ protocol VLANPROTO ]
\t\t[ reorder_hdr { on | off } ]
\t\t[ gvrp { on | off } ]
\t\t[ mvrp { on | off } ]
\t\t[ loose_binding { on | off } ]
\t\t[ bridge_binding { on | off } ]
\t\t[ ingress-qos-map QOS-MAP ]
\t\t[ egress-qos-map QOS-MAP ]

VLANID := 0-4095
VLANPROTO: [ 802.1Q | 802.1ad ]
QOS-MAP := [ QOS-MAP ] QOS-MAPPING
QOS-MAPPING := FROM:TO`;

/** ll_proto_a2n: the names iproute2 knows for the two VLAN ethertypes, or a number. */
function vlanProto(text: string): number | undefined {
  const t = text.toLowerCase();
  if (t === '802.1q') return 0x8100;
  if (t === '802.1ad') return 0x88a8;
  return parseCNumber(text, 0xffff);
}

export function parseVlanOptions(args: Args): VlanOptions {
  const out: VlanOptions = {};
  const next = () => args.need(() => incomplete(args.endColumn));
  while (!args.done) {
    const word = args.take()!;
    const t = word.text;
    if (matches(t, 'protocol')) {
      const value = next();
      const proto = vlanProto(value.text);
      if (proto === undefined) throw invarg(value, 'protocol is invalid');
      out.protocol = proto;
    } else if (matches(t, 'id')) {
      const value = next();
      // get_u16: any C number up to 65535; the kernel checks the range.
      const id = parseCNumber(value.text, 0xffff);
      if (id === undefined) throw invarg(value, 'id is invalid');
      out.id = id;
    } else if (matches(t, 'reorder_hdr')) {
      const value = next();
      if (value.text !== 'on' && value.text !== 'off') {
        throw new CommandError(value.column, `Error: argument of "reorder_hdr" must be "on" or "off", not "${value.text}"`, 1);
      }
      out.reorderHdr = value.text === 'on';
    } else if (['gvrp', 'mvrp', 'loose_binding', 'bridge_binding', 'ingress-qos-map', 'egress-qos-map'].some((k) => matches(t, k))) {
      throw new CommandError(word.column, `hairpin: ip link add type vlan option '${t}' is not supported`, 2);
    } else {
      throw new CommandError(word.column, `vlan: unknown command "${t}"?\n${VLAN_USAGE}`, 1);
    }
  }
  return out;
}

import type { PortRange } from '../../command/types';
import { hasPorts, type XtTargetType } from '../xtables';
import { parseToPorts, toPortsText } from './libxt_NAT';

/* libxt_MASQUERADE (xt_MASQUERADE): SNAT to the egress device's address; the NAT core picks it. */

export interface MasqueradeInfo {
  name: 'MASQUERADE';
  ports?: PortRange;
  random: boolean;
  fullyRandom: boolean;
}

export const MASQUERADE: XtTargetType<MasqueradeInfo> = {
  kind: 'target',
  name: 'MASQUERADE',
  detail: 'SNAT to the outgoing address',
  options: [
    { name: 'to-ports', hasArg: true, detail: 'REDIRECT / MASQUERADE ports' },
    { name: 'random', hasArg: false },
    { name: 'random-fully', hasArg: false },
  ],
  restriction: { table: 'nat', hooks: ['POSTROUTING'] },
  parser() {
    let ports: PortRange | undefined;
    let random = false;
    let fullyRandom = false;
    return {
      parse(option, value, _i, column, ctx) {
        if (option === 'to-ports') {
          ports = parseToPorts(value, column, hasPorts(ctx));
        } else if (option === 'random') random = true;
        else fullyRandom = true;
      },
      finish: () => (ports ? { name: 'MASQUERADE', random, fullyRandom, ports } : { name: 'MASQUERADE', random, fullyRandom }),
    };
  },
  target: ({ ports, random, fullyRandom }) => ({ needsConntrack: true, run: (c) => c.stack.nf.xt.masquerade(c.skb, c.outDev!, ports, random || fullyRandom) }),
  save: (info) => `-j MASQUERADE${info.ports ? ` --to-ports ${toPortsText(info.ports)}` : ''}${info.random && !info.fullyRandom ? ' --random' : ''}${info.fullyRandom ? ' --random-fully' : ''}`,
  print: (info) => `${info.ports ? ` masq ports: ${toPortsText(info.ports)}` : ''}${info.random && !info.fullyRandom ? ' random' : ''}${info.fullyRandom ? ' random-fully' : ''}`,
};

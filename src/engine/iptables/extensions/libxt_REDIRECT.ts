import type { PortRange } from '../../command/types';
import { hasPorts, type XtTargetType } from '../xtables';
import { parseToPorts, toPortsText } from './libxt_NAT';

/* libxt_REDIRECT (xt_REDIRECT): DNAT to the incoming interface's address; the NAT core picks it. */

export interface RedirectInfo {
  name: 'REDIRECT';
  ports?: PortRange;
  random: boolean;
}

export const REDIRECT: XtTargetType<RedirectInfo> = {
  kind: 'target',
  name: 'REDIRECT',
  detail: 'to this machine',
  options: [
    { name: 'to-ports', hasArg: true, detail: 'REDIRECT / MASQUERADE ports' },
    { name: 'random', hasArg: false },
  ],
  restriction: { table: 'nat', hooks: ['PREROUTING', 'OUTPUT'] },
  parser() {
    let ports: PortRange | undefined;
    let random = false;
    return {
      parse(option, value, _i, column, ctx) {
        if (option === 'to-ports') {
          ports = parseToPorts(value, column, hasPorts(ctx));
        } else random = true;
      },
      finish: () => (ports ? { name: 'REDIRECT', random, ports } : { name: 'REDIRECT', random }),
    };
  },
  target: ({ ports, random }) => ({ needsConntrack: true, run: (c) => c.stack.nf.xt.redirect(c.skb, c.hook, c.inDev, ports, random) }),
  save: (info) => `-j REDIRECT${info.ports ? ` --to-ports ${toPortsText(info.ports)}` : ''}${info.random ? ' --random' : ''}`,
  print: (info) => `${info.ports ? ` redir ports ${toPortsText(info.ports)}` : ''}${info.random ? ' random' : ''}`,
};

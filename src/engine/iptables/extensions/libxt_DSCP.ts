import { iptError } from '../../command/iptables-values';
import type { XtTargetType } from '../xtables';
import { hex2, uintOption } from './xt_uint';

/* libxt_DSCP (xt_DSCP's dscp_tg): the six DSCP bits of the TOS byte; ECN stays. */

export interface DscpInfo {
  name: 'DSCP';
  dscp: number;
}

/** libxt_dscp_helper.c's ds_classes, matched case-insensitively. */
const DSCP_CLASSES: Record<string, number> = {
  CS0: 0x00, CS1: 0x08, CS2: 0x10, CS3: 0x18, CS4: 0x20, CS5: 0x28, CS6: 0x30, CS7: 0x38, BE: 0x00,
  AF11: 0x0a, AF12: 0x0c, AF13: 0x0e, AF21: 0x12, AF22: 0x14, AF23: 0x16, AF31: 0x1a, AF32: 0x1c, AF33: 0x1e,
  AF41: 0x22, AF42: 0x24, AF43: 0x26, EF: 0x2e,
};

/** ipv4_change_dsfield(iph, XT_DSCP_ECN_MASK, dscp << 2): the ECN bits kept, the rest replaced. */
export function withDsfield(tos: number, keepMask: number, value: number): number {
  return ((tos & keepMask) | value) & 0xff;
}

export const DSCP: XtTargetType<DscpInfo> = {
  kind: 'target',
  name: 'DSCP',
  detail: 'set the DSCP field',
  options: [
    { name: 'set-dscp', hasArg: true, detail: 'DSCP value' },
    { name: 'set-dscp-class', hasArg: true, detail: 'DSCP class', values: Object.keys(DSCP_CLASSES) },
  ],
  // xt_DSCP: .table = "mangle".
  restriction: { table: 'mangle' },
  parser() {
    let chosen: string | undefined;
    let dscp = 0;
    return {
      parse(option, value, _i, column) {
        if (chosen) throw iptError(column, `DSCP: option "--${chosen}" cannot be used together with "--${option}".\n`);
        chosen = option;
        if (option === 'set-dscp') dscp = uintOption('DSCP', option, value, column, 0, 63);
        else {
          const c = DSCP_CLASSES[value.toUpperCase()];
          if (c === undefined) throw iptError(column, `Invalid DSCP value \`${value}'`);
          dscp = c;
        }
      },
      finish(column) {
        if (!chosen) throw iptError(column, 'DSCP target: Parameter --set-dscp is required');
        return { name: 'DSCP', dscp };
      },
    };
  },
  target: ({ dscp }) => ({
    run: (c) => {
      const before = c.skb.pkt.tos;
      if (before >> 2 !== dscp) {
        c.skb.pkt = { ...c.skb.pkt, tos: withDsfield(before, 0x03, dscp << 2) };
        c.stack.trace({ layer: 'netfilter', kind: 'rule-match', packet: c.skb.pkt, reason: { code: 'nf_tos', target: 'DSCP', before, after: c.skb.pkt.tos } });
      }
      return 'CONTINUE';
    },
  }),
  save: (info) => `-j DSCP --set-dscp ${hex2(info.dscp)}`,
  print: (info) => ` DSCP set ${hex2(info.dscp)}`,
};

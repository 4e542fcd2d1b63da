import { iptError, parseU32 } from '../../command/iptables-values';
import { hex, type XtTargetType } from '../xtables';
import { MARK_OPS, markOperation, markOperationText } from './libxt_MARK_target';

/* libxt_CONNMARK (xt_CONNMARK): set the connection's mark, or copy it to or from the packet's. */

export type ConnmarkInfo =
  | { name: 'CONNMARK'; mode: 'set'; value: number; mask: number }
  | { name: 'CONNMARK'; mode: 'save' | 'restore'; nfmask: number; ctmask: number };

export const CONNMARK: XtTargetType<ConnmarkInfo> = {
  kind: 'target',
  name: 'CONNMARK',
  detail: 'set or copy the connection mark',
  options: [...MARK_OPS, 'mask', 'nfmask', 'ctmask'].map((name) => ({ name, hasArg: true })).concat(['save-mark', 'restore-mark'].map((name) => ({ name, hasArg: false }))),
  parser() {
    let result: ConnmarkInfo | undefined;
    let mode: string | undefined;
    let nfmask = 0xffffffff;
    let ctmask = 0xffffffff;
    return {
      parse(option, value, _i, column) {
        const bad = (): never => {
          throw iptError(column, `CONNMARK: bad integer value for option "--${option}", or out of range.\n`);
        };
        if (MARK_OPS.includes(option) || option === 'save-mark' || option === 'restore-mark') {
          if (mode) throw iptError(column, `CONNMARK: option "--${option}" cannot be used together with "--${mode}".\n`);
          mode = option;
          if (MARK_OPS.includes(option)) result = { name: 'CONNMARK', mode: 'set', ...markOperation(option, value, bad) };
          return;
        }
        const n = parseU32(value);
        if (n === undefined) bad();
        if (option === 'mask') nfmask = ctmask = n!;
        else if (option === 'nfmask') nfmask = n!;
        else ctmask = n!;
      },
      finish(column) {
        if (!mode) throw iptError(column, 'CONNMARK target: No operation specified');
        if (mode === 'save-mark' || mode === 'restore-mark') {
          return { name: 'CONNMARK', mode: mode === 'save-mark' ? 'save' : 'restore', nfmask, ctmask };
        }
        return result!;
      },
    };
  },
  target: (spec) => ({
    needsConntrack: true,
    run: (c) => {
      const ct = c.skb.ct;
      if (!ct) return 'CONTINUE';
      if (spec.mode === 'set') ct.mark = ((ct.mark & ~spec.mask) ^ spec.value) >>> 0;
      else if (spec.mode === 'save') ct.mark = ((ct.mark & ~spec.ctmask) ^ (c.skb.mark & spec.nfmask)) >>> 0;
      else c.skb.mark = ((c.skb.mark & ~spec.nfmask) ^ (ct.mark & spec.ctmask)) >>> 0;
      c.stack.trace({
        layer: 'netfilter',
        kind: 'rule-match',
        packet: c.skb.pkt,
        reason: { code: 'nf_connmark', restore: spec.mode === 'restore', mark: ct.mark },
        facts: { mark: hex(c.skb.mark), ctmark: hex(ct.mark) },
      });
      return 'CONTINUE';
    },
  }),
  save: (spec) =>
    spec.mode === 'set' ? `-j CONNMARK --set-xmark ${hex(spec.value)}/${hex(spec.mask)}` : `-j CONNMARK --${spec.mode}-mark --nfmask ${hex(spec.nfmask)} --ctmask ${hex(spec.ctmask)}`,
  print(spec) {
    if (spec.mode === 'set') return markOperationText('CONNMARK', spec.value, spec.mask);
    const nf = spec.nfmask >>> 0;
    const ct = spec.ctmask >>> 0;
    const op = spec.mode;
    if (nf === 0xffffffff && ct === 0xffffffff) return ` CONNMARK ${op}`;
    if (nf === ct) return ` CONNMARK ${op} mask 0x${nf.toString(16)}`;
    return op === 'save'
      ? ` CONNMARK save nfmask 0x${nf.toString(16)} ctmask ~0x${ct.toString(16)}`
      : ` CONNMARK restore ctmask 0x${ct.toString(16)} nfmask ~0x${nf.toString(16)}`;
  },
};

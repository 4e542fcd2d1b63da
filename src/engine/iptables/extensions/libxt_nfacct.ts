import { iptError } from '../../command/iptables-values';
import type { XtMatchType } from '../xtables';

/*
 * libxt_nfacct and xt_nfacct: counts each packet that reaches it in the namespace's nfacct
 * object (kernel/netfilter/nfnetlink_acct.ts) and always matches. The object must exist when
 * the rule is added (ENOENT otherwise), and is held by the rule.
 */

export interface NfacctInfo {
  name: 'nfacct';
  object: string;
}

/** NFACCT_NAME_MAX less its terminating NUL. */
const NAME_MAX = 31;

export const nfacct: XtMatchType<NfacctInfo> = {
  kind: 'match',
  name: 'nfacct',
  detail: 'count packets in an nfacct object',
  options: [{ name: 'nfacct-name', hasArg: true, noInvert: true, detail: 'the object (nfacct add NAME)' }],
  parser() {
    let object: string | undefined;
    return {
      parse(_option, value, _invert, column) {
        if (value.length > NAME_MAX) throw iptError(column, 'nfacct: option "--nfacct-name" is too long.\n');
        object = value;
      },
      finish(column) {
        if (object === undefined) throw iptError(column, 'nfacct: option "--nfacct-name" must be specified\n');
        return { name: 'nfacct', object };
      },
    };
  },
  match(info) {
    return {
      checkentry: (stack) => {
        const o = stack.nf.nfacct.find(info.object);
        if (!o) return 2;
        o.users++;
        return undefined;
      },
      destroy: (stack) => {
        const o = stack.nf.nfacct.find(info.object);
        if (o) o.users--;
      },
      test: (c) => {
        const o = c.stack.nf.nfacct.find(info.object);
        if (o) c.stack.nf.nfacct.update(o, c.skb);
        return true;
      },
    };
  },
  // libxt_nfacct prints a space of its own before the name.
  save: (info) => `-m nfacct --nfacct-name  ${info.object}`,
  print: (info) => ` nfacct-name  ${info.object}`,
};

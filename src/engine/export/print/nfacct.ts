import type { NfacctCommand } from '../../command/nfacct';
import type { NfAcct } from '../../kernel/netfilter/nfnetlink_acct';
import type { Stack } from '../../kernel/stack';
import type { Printed } from './common';

/* `nfacct list` and `nfacct get NAME` as nfacct 1.0.2 prints an object (NFACCT_SNPRINTF_F_FULL off). */

const pad20 = (n: number) => String(n).padStart(20, '0');
const line = (o: NfAcct) => `{ pkts = ${pad20(o.pkts)}, bytes = ${pad20(o.bytes)} } = ${o.name};\n`;

export function printNfacct(stack: Stack, c: NfacctCommand): Printed | undefined {
  if (c.op !== 'list' && c.op !== 'get') return undefined;
  const acct = stack.nf.nfacct;
  const chosen = c.op === 'list' ? acct.objects : [acct.find(c.object!.text)];
  if (chosen.some((o) => o === undefined)) return { stdout: '', stderr: 'nfacct v1.0.2: error: No such file or directory\n', status: 1 };
  const stdout = chosen.map((o) => line(o!)).join('');
  // NFNL_MSG_ACCT_GET_CTRZERO: the counters are read and zeroed at once.
  if (c.reset) for (const o of chosen) (o!.pkts = 0), (o!.bytes = 0);
  return { stdout, stderr: '', status: 0 };
}

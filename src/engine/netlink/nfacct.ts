import { NFACCT_BANNER, type NfacctCommand } from '../command/nfacct';
import { STRERROR } from '../kernel/errors';
import type { Stack } from '../kernel/stack';
import { CommandFailure, type Output } from './libnetlink';

/* nfacct add, del and flush on the namespace's objects (nfnetlink_acct), errors as nfacct words them. */

export function nfacct(stack: Stack, c: NfacctCommand): Output {
  const acct = stack.nf.nfacct;
  const errno = c.op === 'add' ? acct.add(c.object!.text) : c.op === 'del' ? acct.del(c.object!.text) : c.op === 'flush' ? acct.del() : undefined;
  if (errno) throw new CommandFailure(`${NFACCT_BANNER}: error: ${STRERROR[errno]}`, 1, c.object?.column);
  return { stdout: '', stderr: '' };
}

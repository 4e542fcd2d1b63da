import { markExtension } from './libxt_mark';

/* libxt_connmark (xt_connmark): the mark match on the connection's mark. */

export const connmark = markExtension('connmark');

import { iptError } from '../../command/iptables-values';
import { saveString, type XtMatchType } from '../xtables';

/* libxt_comment (xt_comment): a note on the rule; matches every packet. */

export interface CommentInfo {
  name: 'comment';
  comment: string;
}

export const comment: XtMatchType<CommentInfo> = {
  kind: 'match',
  name: 'comment',
  detail: 'a note on the rule',
  options: [{ name: 'comment', hasArg: true, noInvert: true, detail: '-m comment' }],
  parser() {
    let text: string | undefined;
    return {
      parse(_o, value, _invert, column) {
        if (value.length > 255) throw iptError(column, 'comment: "--comment" must be no longer than 256');
        text = value;
      },
      finish(column) {
        if (text === undefined) throw iptError(column, 'comment: option "--comment" must be specified\n');
        return { name: 'comment', comment: text };
      },
    };
  },
  match: () => ({ test: () => true }),
  save: (info) => `-m comment --comment ${saveString(info.comment)}`,
  print: (info) => ` /* ${info.comment} */`,
};

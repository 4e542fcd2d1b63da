import type { Args } from './args';
import { incomplete } from './ip-names';
import type { Word } from './types';

/** `[dev] NAME` plus other selectors kept raw, as the show commands take them. */
export function showDevAndSelectors(args: Args): { dev?: Word; selectors: Word[] } {
  let dev: Word | undefined;
  const selectors: Word[] = [];
  while (!args.done) {
    const word = args.take()!;
    if (word.text === 'dev') {
      dev = args.need(() => incomplete(args.endColumn));
    } else if (!dev && /^[a-z][a-z0-9_.:@-]*$/i.test(word.text) && !isSelectorKeyword(word.text)) {
      dev = word;
    } else {
      selectors.push(word);
      // Selector keywords take a value: keep it with them.
      if (isSelectorKeyword(word.text) && !args.done && !['up', 'primary', 'secondary', 'permanent', 'dynamic'].includes(word.text)) selectors.push(args.take()!);
    }
  }
  return dev ? { dev, selectors } : { selectors };
}

function isSelectorKeyword(text: string): boolean {
  return ['scope', 'to', 'label', 'up', 'primary', 'secondary', 'permanent', 'dynamic', 'nud', 'proxy', 'type', 'master', 'vrf', 'group'].includes(text);
}

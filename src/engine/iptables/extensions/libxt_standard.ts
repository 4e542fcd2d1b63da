import type { XtTargetType } from '../xtables';

/* libxt_standard: the verdicts ACCEPT, DROP and RETURN. */

export interface StandardInfo {
  name: 'ACCEPT' | 'DROP' | 'RETURN';
}

function verdict(name: StandardInfo['name']): XtTargetType<StandardInfo> {
  return {
    kind: 'target',
    name,
    detail: name === 'RETURN' ? 'back to the calling chain' : `${name.toLowerCase()} the packet`,
    options: [],
    parser: () => ({ parse() {}, finish: () => ({ name }) }),
    target: () => ({ run: () => name }),
    save: () => `-j ${name}`,
    print: () => '',
  };
}

export const ACCEPT = verdict('ACCEPT');
export const DROP = verdict('DROP');
export const RETURN = verdict('RETURN');

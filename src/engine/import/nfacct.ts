import { shellQuote } from '../export/lab';
import type { Line } from './detect';
import type { Importer, Place } from './importer';

/** `nfacct list`: "{ pkts = 00000000000000000000, bytes = 00000000000000000000 } = NAME;" per object. */
const OBJECT = /^\{ pkts = \d+, bytes = \d+ \} = (.*);\s*$/;

/** Each accounting object becomes `nfacct add NAME` (its counters start at zero, as after a reboot). */
export function importNfacct(imp: Importer, lines: Line[]): void {
  for (const l of lines) {
    if (l.text.trim() === '') continue;
    const m = OBJECT.exec(l.text.trim());
    if (!m) {
      imp.bad(l.n, `'${l.text.trim()}' is not a line \`nfacct list\` prints`);
      continue;
    }
    addNfacct(imp, m[1]!, { source: imp.source, line: l.n });
  }
}

export function addNfacct(imp: Importer, name: string, place: Place): void {
  if (imp.nfacct.has(name)) return;
  imp.nfacct.add(name);
  const source = imp.source;
  imp.source = place.source;
  imp.add('sets', place.line, `nfacct add ${shellQuote(name)}`);
  imp.source = source;
}

/**
 * A rule that names an accounting object proves the object existed (iptables-restore refuses
 * the rule otherwise), and it holds nothing but its name: made when `nfacct list` was not
 * pasted. A set also has a type and members that iptables-save does not show: reported.
 */
export function resolveNamedObjects(imp: Importer): void {
  for (const [name, place] of imp.nfacctNamed) addNfacct(imp, name, place);
  for (const [name, place] of imp.setsNamed) {
    if (imp.sets.has(name)) continue;
    imp.skipped.push({ ...place, text: `--match-set ${name}`, reason: `set ${name}: its type and members are not in this output; paste \`ipset save\` too (until the set exists, the rules naming it are refused)` });
  }
}

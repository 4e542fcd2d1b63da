import { CommandError } from './args';
import type { HereDocument } from './lexer';
import type { ParseSite } from './registry';
import type { Word } from './types';

/*
 * nft's command line (main.c, nftables 1.0.6): options first, then the words of one command,
 * which nft joins with spaces and parses as a line of its language; or -f FILE (`-f -`: its
 * standard input, here a here-document). A file is read when nft runs: one the config did not
 * write (cat > /etc/nftables.conf <<EOF) is missing, as nft then says. The language itself is parsed when it runs
 * (src/engine/nft/), against the ruleset and the files as they are then.
 */

export interface NftCommandLine {
  kind: 'nft';
  /** -a: list with `# handle N`. */
  handles: boolean;
  /** -c: check only, commit nothing. */
  check: boolean;
  input:
    | { kind: 'words'; text: string }
    | { kind: 'file'; path: string; column: number }
    /** `place`: where the here-document's lines were typed in the config. */
    | { kind: 'stdin'; text: string; place: Pick<HereDocument, 'firstLine' | 'indents' | 'joins'> };
  column: number;
}

const UNMODELLED = new Map([
  ['-j', '--json'], ['-i', '--interactive'], ['-e', '--echo'], ['-s', '--stateless'], ['-n', '--numeric'],
  ['-S', '--service'], ['-u', '--guid'], ['-y', '--numeric-priority'], ['-p', '--numeric-protocol'], ['-T', '--numeric-time'],
  ['-t', '--terse'], ['-d', '--debug'], ['-o', '--optimize'], ['-I', '--includepath'], ['-N', '--reversedns'], ['-h', '--help'], ['-v', '--version'],
]);

export function parseNft(words: readonly Word[], at: ParseSite): NftCommandLine {
  let handles = false;
  let check = false;
  let file: Word | undefined;
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i]!;
    const t = w.text;
    if (!t.startsWith('-') || t === '-' || /^-\d/.test(t)) break;
    if (t === '--') {
      i++;
      break;
    }
    if (t === '-f' || t === '--file') {
      file = words[++i];
      if (!file) throw new CommandError(w.column, `nft: option requires an argument -- 'f'`, 1);
      continue;
    }
    if (t.startsWith('--file=')) {
      file = { text: t.slice('--file='.length), column: w.column };
      continue;
    }
    // Bundled short options (`-ac`).
    if (/^-[ac]+$/.test(t)) {
      handles ||= t.includes('a');
      check ||= t.includes('c');
      continue;
    }
    if (t === '--handle') handles = true;
    else if (t === '--check') check = true;
    else {
      const long = UNMODELLED.get(t) ?? [...UNMODELLED.values()].find((l) => l === t);
      if (long) throw new CommandError(w.column, `hairpin: nft ${long} is not simulated (-a, -c and -f are)`, 2);
      throw new CommandError(w.column, t.startsWith('--') ? `nft: unrecognized option '${t}'` : `nft: invalid option -- '${t[1]}'`, 1);
    }
  }
  const rest = words.slice(i);
  if (file) {
    // nft 1.0.6 given both reads neither (exit 0, nothing done): refused here instead.
    if (rest.length) throw new CommandError(rest[0]!.column, 'hairpin: nft -f FILE takes no command after it (nft would then run neither)', 2);
    if (file.text === '-' || file.text === '/dev/stdin') {
      if (!at.stdin) throw new CommandError(file.column, "hairpin: nft -f - would wait for its input: give it a here-document (nft -f - <<'EOF' … EOF)", 2);
      const { firstLine, indents, joins } = at.stdin;
      return { kind: 'nft', handles, check, input: { kind: 'stdin', text: at.stdin.lines.join('\n'), place: { firstLine, indents, ...(joins ? { joins } : {}) } }, column: at.column };
    }
    if (at.stdin) throw new CommandError(file.column, 'hairpin: nft -f FILE does not read its here-document: give -f -', 2);
    return { kind: 'nft', handles, check, input: { kind: 'file', path: file.text, column: file.column }, column: at.column };
  }
  if (at.stdin) throw new CommandError(at.column, 'hairpin: nft reads its here-document only with -f -', 2);
  if (rest.length === 0) throw new CommandError(at.column, 'nft: no command specified', 1);
  return { kind: 'nft', handles, check, input: { kind: 'words', text: rest.map((w) => w.text).join(' ') }, column: at.column };
}

/**
 * Only `nft list …` (and -c) changes nothing. A rule change on the command line may also run
 * in a flow, between packets of a connection (a rule inserted mid-ping: nat chains saw only its
 * first packet); a ruleset loaded from a file or a here-document is the device's config.
 */
export function nftRole(c: NftCommandLine): 'read' | 'config' | 'reset' {
  if (c.check || (c.input.kind === 'words' && /^(list|monitor)(\s|$)/.test(c.input.text))) return 'read';
  return c.input.kind === 'words' ? 'reset' : 'config';
}

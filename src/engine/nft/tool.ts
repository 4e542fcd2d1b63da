import type { NftCommandLine } from '../command/nft';
import { hereDocumentPlace } from '../command/lexer';
import type { Stack } from '../kernel/stack';
import { runNft, type NftRunResult, type NftSource } from './run';
import { iptablesNftDeleted } from './xt_translate';
import { nfDelTable } from '../kernel/netfilter/nf_tables_api';
import { AF_INET6 } from '../addr/family';

/*
 * `nft` run in a namespace: its ruleset is the namespace's (stack.nf.nftables), its devices
 * give iif/oif their ifindex, and -f and include read the files the config wrote.
 */

/** What nft printed, and for an error in its here-document, where in the config it was typed. */
export function runNftCommand(stack: Stack, c: NftCommandLine): NftRunResult & { typedAt?: { line: number; column: number } } {
  let source: NftSource;
  if (c.input.kind === 'words') source = { text: c.input.text };
  else if (c.input.kind === 'stdin') source = { text: c.input.text, name: '/dev/stdin' };
  else {
    const text = stack.files.texts.get(c.input.path);
    // nft's message when the file cannot be opened (nft_run_cmd_from_filename).
    if (text === undefined) return { stdout: '', stderr: `internal:0:0-0: Error: Could not open file "${c.input.path}": No such file or directory\n\n\n`, status: 1 };
    source = { text, name: c.input.path };
  }
  const out = runNft(
    {
      ruleset: stack.nf.nftables,
      commit: (rs, flushedAll) => {
        // A table the batch deleted (flush ruleset, delete table) goes with iptables' rules in it;
        // ip6tables' tables (family ip6, which nft here does not model) go with flush ruleset.
        for (const t of iptablesNftDeleted(rs, Object.values(stack.nf.tables))) nfDelTable(stack, t.name);
        if (flushedAll) for (const t of Object.values(stack.nf.tables6)) if (t.nft) nfDelTable(stack, t.name, AF_INET6);
        stack.nf.nftables = rs;
      },
      ifindex: (name) => stack.byName.get(name)?.ifindex,
      readFile: (path) => stack.files.texts.get(path),
      iptables: Object.values(stack.nf.tables),
    },
    source,
    { handles: c.handles, check: c.check },
  );
  if (c.input.kind === 'stdin' && out.errorAt?.input === 0) return { ...out, typedAt: hereDocumentPlace(c.input.place, out.errorAt.line - 1, out.errorAt.column) };
  return out;
}

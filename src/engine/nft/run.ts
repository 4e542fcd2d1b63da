import { Cursor } from './cursor';
import { expandDefines, type NftScopes } from './define';
import { formatNftError, NftSyntaxError, type NftErrorRecord } from './error';
import { evaluateCommands } from './evaluate';
import { nftLex, type NftInput, type NftLocation, type NftToken } from './lexer';
import { NftParser } from './parse-command';
import { printList } from './print';
import { findSet, findTable, type NftRuleset } from './ruleset';
import { runBatch } from './transaction';
import { withIptablesNft } from './xt_translate';
import type { IpTable } from '../kernel/netfilter/x_tables';

/*
 * One run of nft (main.c, libnftables.c): read the input (the command line's words joined by
 * spaces, or a file), parse it, evaluate every command against the cache, send the batch,
 * print what the list commands list. Any error: each is printed, nothing is applied, exit 1.
 */

export interface NftSource {
  /** The command line's text, or a file's (or standard input's) contents. */
  text: string;
  /** A file's name in messages (`/dev/stdin` for `-f -`); undefined for the command line. */
  name?: string;
}

export interface NftHost {
  ruleset: NftRuleset;
  /**
   * `flushedAll`: the batch flushed the whole ruleset (every family's tables, ip6 ones too).
   * A message: what the batch did cannot be simulated, and nothing was committed.
   */
  commit(rs: NftRuleset, flushedAll: boolean): string | undefined;
  ifindex(name: string): number | undefined;
  ifname?(index: number): string | undefined;
  /** The namespace's virtual time (ns): when elements with a timeout were added, and how long they have left. */
  now?(): number;
  /** A file's text, for include. */
  readFile(path: string): string | undefined;
  /** The paths of the files there are, for an include with a wildcard. */
  files?(): readonly string[];
  /** iptables-nft's tables in the namespace (nf_tables holds them too: nft lists them). */
  iptables?: readonly IpTable[];
}

export interface NftRunOptions {
  handles: boolean;
  /** -c: everything but the commit. */
  check: boolean;
}

export interface NftRunResult {
  stdout: string;
  stderr: string;
  status: number;
  /** Where the first error is: which input (0 the one given), its line and first column. */
  errorAt?: { input: number; line: number; column: number };
}

const MAX_INCLUDE_DEPTH = 16;

export function runNft(host: NftHost, source: NftSource, opts: NftRunOptions): NftRunResult {
  const inputs: NftInput[] = [{ ...(source.name !== undefined ? { name: source.name } : {}), lines: source.text.split('\n') }];
  const fail = (errors: NftErrorRecord[]): NftRunResult => ({
    stdout: '', stderr: errors.map((e) => formatNftError(e, inputs)).join(''), status: 1,
    errorAt: { input: errors[0]!.loc.input, line: errors[0]!.loc.line, column: errors[0]!.loc.first },
  });
  const include = (path: string, at: NftLocation): NftToken[] => {
    // A wildcard includes the files it matches in name order, and none is no error (nft's include_glob).
    if (/[*?[]/.test(path)) {
      const glob = globPattern(path);
      return (host.files?.() ?? []).filter((f) => glob.test(f)).sort().flatMap((f) => include(f, at));
    }
    const text = host.readFile(path);
    if (text === undefined) throw new NftSyntaxError({ message: `File not found: ${path}`, loc: at });
    if (inputs.length > MAX_INCLUDE_DEPTH) throw new NftSyntaxError({ message: 'Include nested too deeply, max 16 levels', loc: at });
    inputs.push({ name: path, lines: text.split('\n') });
    return expandDefines(nftLex(text, inputs.length - 1), scopes, defineErrors).slice(0, -1);
  };
  const scopes: NftScopes = [new Map()];
  const defineErrors: NftErrorRecord[] = [];
  // The command line ends with a newline, as nft's buffer does.
  const tokens = expandDefines(nftLex(source.name === undefined ? `${source.text}\n` : source.text, 0), scopes, defineErrors);
  const parser = new NftParser(new Cursor(tokens), {
    ifindex: (name) => host.ifindex(name),
    ifname: (index) => host.ifname?.(index),
    include,
    lookupSet: (family, table, name) => {
      const t = findTable(host.ruleset, family, table);
      const s = t && findSet(t, name);
      return s ? { spec: s.spec, map: s.map } : undefined;
    },
    unmodelledFamily: (family) => `hairpin: the nft family ${family} is not simulated (ip and inet are)`,
  });
  parser.parse();
  // Syntax errors first, then what the evaluation of the commands that parsed found.
  const syntax = [...defineErrors, ...parser.syntaxErrors].sort((a, b) => a.loc.input - b.loc.input || a.loc.line - b.loc.line || a.loc.first - b.loc.first);
  // What nft finds in the kernel includes iptables-nft's tables, chains and rules: the batch
  // works on them too, and the host makes iptables' model follow what it did to them.
  const before = host.iptables ? withIptablesNft(host.ruleset, host.iptables) : host.ruleset;
  const errors = [...syntax, ...parser.errors, ...evaluateCommands(before, parser.commands)];
  if (errors.length) return fail(errors);
  const now = host.now?.() ?? 0;
  // Listing alone changes nothing: no batch to copy the ruleset for, nothing to commit (the
  // kernel's generation stays), as `nft list` only reads.
  const readOnly = parser.commands.every((c) => c.op === 'list');
  const batch = readOnly ? { ruleset: before, errors: [] } : runBatch(before, parser.commands, !opts.check, now);
  if (batch.errors.length) return fail(batch.errors);
  if (!opts.check && !readOnly) {
    const refused = host.commit(batch.ruleset, parser.commands.some((c) => c.op === 'flush' && c.obj === 'ruleset' && !c.family));
    if (refused !== undefined) return { stdout: '', stderr: `${refused}\n`, status: 1 };
  }
  // The kernel keeps `iif`/`oif` as an ifindex: nft names it as the device is named now.
  if (host.ifname && parser.commands.some((c) => c.op === 'list')) renameInterfaces(before, host.ifname);
  // Each list command prints the ruleset as the commands before it left it.
  let stdout = '';
  let stderr = '';
  let rs = before;
  for (const cmd of parser.commands) {
    if (cmd.op === 'list') stdout += printList(rs, cmd, { handles: opts.handles, now, warn: (line) => (stderr += line) });
    else if (parser.commands.some((c) => c.op === 'list')) rs = runBatch(rs, [cmd], true, now).ruleset;
  }
  return { stdout, stderr, status: 0 };
}

/** A shell wildcard as glob(3) reads it ('*' and '?' never match a '/'). */
function globPattern(path: string): RegExp {
  const body = path.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

/** Every `iif`/`oif` value's name, from its ifindex as the namespace names it now ('' once the device is gone: nft prints the number). */
function renameInterfaces(rs: NftRuleset, ifname: (index: number) => string | undefined): void {
  const visit = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(visit);
    const o = v as Record<string, unknown>;
    if (o.type === 'iface_index' && typeof o.ifindex === 'number' && typeof o.name === 'string') o.name = ifname(o.ifindex) ?? '';
    for (const x of Object.values(o)) visit(x);
  };
  for (const t of rs.tables) for (const c of t.chains) visit(c.rules);
  for (const t of rs.tables) visit(t.sets);
}

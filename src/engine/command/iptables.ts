import { AF_INET, AF_INET6, type Family } from '../addr/family';
import { CommandError } from './args';
import { findMatch, findTarget, UNSIMULATED_MATCHES, UNSIMULATED_TARGETS } from '../iptables/extensions';
import type { XtOption, XtParseContext, XtParser } from '../iptables/xtables';
import { IPTABLES_BANNER, ip6tablesWording, iptBadArgument, iptError, parseIptAddressOf, parseProtocol, TRY_HELP } from './iptables-values';
import type { IptAction, IptMatch, IptRule, IptTable, IptTarget, IptablesCommand, Word } from './types';

/**
 * `iptables ...` as iptables 1.8 parses it (iptables/xshared.c do_parse): getopt_long over
 * the core options plus the options of every loaded extension (the latest loaded first, so
 * `-m mark --mark` and `-m connmark --mark` each bind to their own), unique prefixes of long
 * options accepted, `!` before an option inverting it, addresses resolved after all options.
 */

type Arg = 'none' | 'required' | 'optional';
interface CoreOption { name: string; short: string; arg: Arg }

const CORE: CoreOption[] = [
  { name: 'append', short: 'A', arg: 'required' }, { name: 'delete', short: 'D', arg: 'required' },
  { name: 'check', short: 'C', arg: 'required' }, { name: 'insert', short: 'I', arg: 'required' },
  { name: 'replace', short: 'R', arg: 'required' }, { name: 'list', short: 'L', arg: 'optional' },
  { name: 'list-rules', short: 'S', arg: 'optional' }, { name: 'flush', short: 'F', arg: 'optional' },
  { name: 'zero', short: 'Z', arg: 'optional' }, { name: 'new-chain', short: 'N', arg: 'required' },
  { name: 'delete-chain', short: 'X', arg: 'optional' }, { name: 'rename-chain', short: 'E', arg: 'required' },
  { name: 'policy', short: 'P', arg: 'required' }, { name: 'source', short: 's', arg: 'required' },
  { name: 'destination', short: 'd', arg: 'required' }, { name: 'src', short: 's', arg: 'required' },
  { name: 'dst', short: 'd', arg: 'required' }, { name: 'protocol', short: 'p', arg: 'required' },
  { name: 'in-interface', short: 'i', arg: 'required' }, { name: 'jump', short: 'j', arg: 'required' },
  { name: 'table', short: 't', arg: 'required' }, { name: 'match', short: 'm', arg: 'required' },
  { name: 'numeric', short: 'n', arg: 'none' }, { name: 'out-interface', short: 'o', arg: 'required' },
  { name: 'verbose', short: 'v', arg: 'none' }, { name: 'wait', short: 'w', arg: 'optional' },
  { name: 'wait-interval', short: 'W', arg: 'required' }, { name: 'exact', short: 'x', arg: 'none' },
  { name: 'fragment', short: 'f', arg: 'none' }, { name: 'version', short: 'V', arg: 'none' },
  { name: 'help', short: 'h', arg: 'optional' }, { name: 'line-numbers', short: '0', arg: 'none' },
  { name: 'modprobe', short: 'M', arg: 'required' }, { name: 'set-counters', short: 'c', arg: 'required' },
  { name: 'goto', short: 'g', arg: 'required' }, { name: 'ipv4', short: '4', arg: 'none' }, { name: 'ipv6', short: '6', arg: 'none' },
];
const SHORT = new Map(CORE.filter((o) => o.name !== 'src' && o.name !== 'dst').map((o) => [o.short, o]));
const COMMANDS = 'ADCIRLSFZNXEP';
const RULE_COMMANDS = 'ADCIR';
const INVERTIBLE = 'sdpiof';
const TABLES: IptTable[] = ['filter', 'nat', 'mangle', 'raw', 'security'];
const STANDARD_TARGETS = ['ACCEPT', 'DROP', 'RETURN', 'QUEUE', 'REJECT', 'LOG', 'SNAT', 'DNAT', 'MASQUERADE', 'REDIRECT', 'MARK', 'CONNMARK'];
/** The match `-p` loads implicitly. */
const PROTOCOL_MATCH: Record<number, string> = { 6: 'tcp', 17: 'udp', 1: 'icmp' };
/** ip6tables': ICMPv6's module is icmp6, and there is no icmp. */
const PROTOCOL_MATCH6: Record<number, string> = { 6: 'tcp', 17: 'udp', 58: 'icmp6' };
/** One loading of a registered extension: its name and options, and this rule's parser. */
interface Extension extends XtParser<IptMatch | IptTarget> {
  name: string;
  options: readonly XtOption[];
}

function load(kind: 'match' | 'target', name: string, family: Family): Extension | undefined {
  const type = kind === 'match' ? findMatch(name, family) : findTarget(name, family);
  if (!type) return undefined;
  const { parse, finish } = type.parser();
  return { name: type.name, options: type.options, parse, finish };
}

interface Loaded { ext: Extension; kind: 'match' | 'target'; column: number; seen: Set<string> }

export interface IptablesParseOptions {
  /** Inside an iptables-restore block: the table is fixed and -t is refused. */
  restoreTable?: IptTable;
  restoreLine?: number;
  /** ip6tables: IPv6 addresses, its own extensions, its own name in messages. */
  family?: typeof AF_INET6;
}

export function parseIptables(words: readonly Word[], endColumn: number, options: IptablesParseOptions = {}): IptablesCommand {
  // Inside ip6tables-restore input, the restore parser words the whole message itself.
  if (options.family !== AF_INET6 || options.restoreTable) return parseRule(words, endColumn, options);
  try {
    return parseRule(words, endColumn, options);
  } catch (e) {
    if (e instanceof CommandError) throw new CommandError(e.column, ip6tablesWording(e.message), e.exitStatus);
    throw e;
  }
}

function parseRule(words: readonly Word[], endColumn: number, options: IptablesParseOptions): IptablesCommand {
  const family = options.family ?? AF_INET;
  const createMatch = (name: string) => load('match', name, family);
  const createTarget = (name: string) => load('target', name, family);
  const protocolMatch = family === AF_INET6 ? PROTOCOL_MATCH6 : PROTOCOL_MATCH;
  let command: { letter: string; column: number } | undefined;
  let chain: Word | undefined;
  let rulenum: number | undefined;
  let policyOrName: Word | undefined;
  let table: Word | undefined;
  let invert: number | undefined;
  const seenCore = new Set<string>();
  const flags = { verbose: false, numeric: false, lineNumbers: false, exact: false };
  const ruleParts: { s?: [Word, boolean]; d?: [Word, boolean]; i?: [string, boolean]; o?: [string, boolean]; p?: [number, boolean]; f?: boolean } = {};
  const ruleOptionColumns: { letter: string; column: number }[] = [];
  const loaded: Loaded[] = [];
  let target: { loaded?: Loaded; chain?: Word; goto: boolean } | undefined;
  let implicitTried = false;
  const ctx: XtParseContext = { protocolInverted: false, ...(options.family ? { family: options.family } : {}) };

  let i = 0;
  const nextWord = (): Word | undefined => words[i++];
  /** Optional command arguments: taken when the next word is not an option or `!`. */
  const optionalWord = (): Word | undefined => {
    const w = words[i];
    if (w && !w.text.startsWith('-') && !w.text.startsWith('!')) { i++; return w; }
    return undefined;
  };

  const handleCore = (opt: CoreOption, value: Word | undefined, at: Word, shown: string) => {
    const letter = opt.short;
    if (COMMANDS.includes(letter)) {
      if (invert !== undefined) throw iptError(invert, "unexpected '!' flag");
      if (command) throw iptError(at.column, `Cannot use -${letter} with -${command.letter}\n`.trimEnd());
      command = { letter, column: at.column };
      chain = value ?? (opt.arg === 'optional' ? optionalWord() : undefined);
      if (letter === 'D' || letter === 'I' || letter === 'R') {
        const num = optionalWord();
        if (num) {
          if (!/^\d+$/.test(num.text) || Number(num.text) < 1 || Number(num.text) > 0x7fffffff) throw iptError(num.column, `Invalid rule number \`${num.text}'`);
          rulenum = Number(num.text);
        } else if (letter === 'R') throw iptError(at.column, '-R requires a rule number');
      } else if (letter === 'P' || letter === 'E') {
        policyOrName = optionalWord();
        if (!policyOrName) throw iptError(at.column, letter === 'P' ? '-P requires a chain and a policy' : '-E requires old-chain-name and new-chain-name');
      } else if (letter === 'N') {
        const name = chain!.text;
        if (name.startsWith('-') || name.startsWith('!')) throw iptError(chain!.column, `chain name not allowed to start with \`${name[0]}'\n`);
        if (STANDARD_TARGETS.includes(name) || UNSIMULATED_TARGETS.includes(name) || findTarget(name)) throw iptError(chain!.column, 'chain name may not clash with target name');
        if (name.length > 28) throw iptError(chain!.column, `chain name \`${name}' too long (must be under 29 chars)`);
      }
      return;
    }
    const inverted = invert !== undefined;
    if (inverted && !INVERTIBLE.includes(letter)) throw iptError(invert!, `cannot have ! before -${letter}`);
    invert = undefined;
    const once = (key: string) => {
      if (seenCore.has(key)) throw iptError(at.column, `multiple -${key} flags not allowed`);
      seenCore.add(key);
    };
    switch (letter) {
      case 's': case 'd': once(letter); ruleParts[letter] = [value!, inverted]; break;
      case 'i': case 'o':
        once(letter);
        if (value!.text.length >= 16) throw iptError(value!.column, `interface name \`${value!.text}' must be shorter than IFNAMSIZ (16)`);
        ruleParts[letter] = [value!.text, inverted];
        break;
      case 'p':
        once('p');
        ruleParts.p = [parseProtocol(value!.text, value!.column), inverted];
        ctx.protocol = ruleParts.p[0];
        ctx.protocolInverted = inverted;
        break;
      case 'f':
        if (family === AF_INET6) throw iptError(at.column, "`-f' is not supported in IPv6, use -m frag instead");
        once('f'); ruleParts.f = inverted; break;
      case 'j': case 'g': {
        // -j and -g are one option to iptables (OPT_JUMP): a second of either is a second -j.
        if (target) throw iptError(at.column, 'multiple -j flags not allowed');
        const name = value!.text;
        const ext = letter === 'j' ? createTarget(name) : undefined;
        if (ext) target = { loaded: { ext, kind: 'target', column: value!.column, seen: new Set() }, goto: false };
        else if (letter === 'j' && UNSIMULATED_TARGETS.includes(name)) throw new CommandError(value!.column, `hairpin: iptables target '${name}' is not simulated`, 2);
        else target = { chain: value!, goto: letter === 'g' };
        break;
      }
      case 'm': {
        // libxtables loads icmp6 by its protocol's names too (`-m ipv6-icmp`, `-m icmpv6`).
        const name = value!.text === 'icmpv6' || value!.text === 'ipv6-icmp' ? 'icmp6' : value!.text;
        const ext = createMatch(name);
        if (!ext) {
          if (UNSIMULATED_MATCHES.includes(name)) throw new CommandError(value!.column, `hairpin: iptables match '${name}' is not simulated`, 2);
          throw iptError(value!.column, `Couldn't load match \`${name}':No such file or directory\n`);
        }
        loaded.push({ ext, kind: 'match', column: value!.column, seen: new Set() });
        if (ruleParts.p && ext.name === protocolMatch[ruleParts.p[0]]) implicitTried = true;
        break;
      }
      case 't':
        if (options.restoreTable) throw iptError(at.column, `The -t option (seen in line ${options.restoreLine ?? 0}) cannot be used in iptables-restore.\n`);
        // A second -t simply wins, as in iptables.
        table = value!;
        break;
      case 'v': flags.verbose = true; break;
      case 'n': flags.numeric = true; break;
      case 'x': flags.exact = true; break;
      case '0': flags.lineNumbers = true; break;
      case 'w': if (!value) optionalWord(); break;
      case 'W': break;
      // -4 in ip6tables, -6 in iptables: the family is not this program's (only the help hint).
      case '4': case '6':
        if ((letter === '6') === (family === AF_INET6)) break;
        throw new CommandError(at.column, TRY_HELP, 2);
      default: throw new CommandError(at.column, `hairpin: iptables option '${shown}' is not supported`, 2);
    }
    if ('sdpiofjgm'.includes(letter)) ruleOptionColumns.push({ letter, column: at.column });
  };

  const extensionOrder = (): Loaded[] => [...(target?.loaded ? [target.loaded] : []), ...[...loaded].reverse()];

  const handleExtension = (owner: Loaded, name: string, at: Word, inlineValue: string | undefined, hasArg: boolean) => {
    let value = inlineValue ?? '';
    if (hasArg && inlineValue === undefined) {
      const w = nextWord();
      if (!w) throw iptError(at.column, `option "--${name}" requires an argument`);
      value = w.text;
      if (name === 'tcp-flags') {
        const comp = nextWord();
        if (!comp) throw iptError(at.column, '--tcp-flags requires two args.');
        value = `${value} ${comp.text}`;
      }
      // libxt_set / libxt_SET: NAME then the src,dst flags (a word that is not an option).
      if (name === 'match-set' || name === 'add-set' || name === 'del-set') {
        const flags = words[i]?.text.startsWith('-') ? undefined : nextWord();
        if (!flags) throw iptError(at.column, `--${name} requires two args.`);
        value = `${value} ${flags.text}`;
      }
    }
    const inverted = invert !== undefined;
    if (inverted && (owner.kind === 'target' || owner.ext.options.find((o) => o.name === name)?.noInvert)) {
      throw iptError(invert!, `${owner.ext.name}: option "--${name}" cannot be inverted.\n`);
    }
    invert = undefined;
    if (owner.seen.has(name) && owner.ext.name !== 'CONNMARK' && owner.ext.name !== 'MARK') {
      const long = name === 'sport' ? 'source-port' : name === 'dport' ? 'destination-port' : name;
      if (owner.ext.name === 'tcp') throw iptError(at.column, `Only one \`--${long}' allowed`);
      throw iptError(at.column, `${owner.ext.name}: option "--${owner.ext.name === 'udp' ? long : name}" can only be used once.\n`);
    }
    owner.seen.add(name);
    owner.ext.parse(name, value, inverted, at.column, ctx);
  };

  const handleLong = (word: Word) => {
    const eq = word.text.indexOf('=');
    const typed = eq < 0 ? word.text.slice(2) : word.text.slice(2, eq);
    const inline = eq < 0 ? undefined : word.text.slice(eq + 1);
    for (;;) {
      type Candidate = { core?: CoreOption; ext?: Loaded; name: string; hasArg: boolean };
      const all: Candidate[] = [
        ...CORE.map((core) => ({ core, name: core.name, hasArg: core.arg !== 'none' })),
        ...extensionOrder().flatMap((ext) => ext.ext.options.map((o) => ({ ext, name: o.name, hasArg: o.hasArg }))),
      ];
      // getopt_long: an exact name wins (the first in the table), else a unique prefix.
      const exact = all.find((c) => c.name === typed);
      const prefixed = all.filter((c) => typed.length > 0 && c.name.startsWith(typed));
      const distinct = new Set(prefixed.map((c) => (c.core ? `core:${c.core.short}` : `${c.ext!.ext.name}:${c.name}`)));
      const found = exact ?? (distinct.size === 1 ? prefixed[0] : undefined);
      if (found?.core) {
        const value = found.core.arg === 'required' ? (inline !== undefined ? { text: inline, column: word.column } : nextWord()) : undefined;
        if (found.core.arg === 'required' && !value) throw iptError(word.column, `option "--${found.name}" requires an argument`);
        return handleCore(found.core, value, word, word.text);
      }
      if (found?.ext) return handleExtension(found.ext, found.name, word, inline, found.hasArg);
      if (tryImplicitMatch()) continue;
      throw iptError(word.column, `unknown option "${word.text}"`);
    }
  };

  /** An unknown option with -p tcp/udp/icmp loads that protocol's match and is tried again. */
  const tryImplicitMatch = (): boolean => {
    if (implicitTried || !ruleParts.p) return false;
    implicitTried = true;
    const name = protocolMatch[ruleParts.p[0]];
    const ext = name ? createMatch(name) : undefined;
    if (!ext) return false;
    loaded.push({ ext, kind: 'match', column: words[i - 1]?.column ?? endColumn, seen: new Set() });
    return true;
  };

  const handleShort = (word: Word) => {
    const cluster = word.text.slice(1);
    for (let j = 0; j < cluster.length; j++) {
      const opt = SHORT.get(cluster[j]!);
      if (!opt || opt.short === '0') throw iptError(word.column, `unknown option "${word.text}"`);
      const rest = cluster.slice(j + 1);
      if (opt.arg === 'none') { handleCore(opt, undefined, word, `-${opt.short}`); continue; }
      let value: Word | undefined = rest ? { text: rest, column: word.column + 2 + j } : undefined;
      if (!value && opt.arg === 'required') {
        value = nextWord();
        if (!value) throw iptError(word.column, `option "-${opt.short}" requires an argument`);
      }
      handleCore(opt, value, word, `-${opt.short}`);
      return;
    }
  };

  while (i < words.length) {
    const word = nextWord()!;
    if (word.text === '!') {
      if (invert !== undefined) throw iptError(word.column, 'multiple consecutive ! not allowed');
      invert = word.column;
    } else if (word.text.startsWith('--') && word.text.length > 2) handleLong(word);
    else if (word.text.startsWith('-') && word.text.length > 1) handleShort(word);
    else throw iptBadArgument(word.column, word.text);
  }
  // A `!` with no option after it (`--syn !`, the old place of the `!`).
  if (invert !== undefined) throw iptError(invert, 'nothing appropriate following !');

  if (!command) throw iptError(words[0]?.column ?? endColumn, 'no command specified');
  const tableName = (options.restoreTable ?? table?.text ?? 'filter') as IptTable;
  if (!TABLES.includes(tableName)) {
    throw new CommandError(table!.column, `${IPTABLES_BANNER}: table '${table!.text}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.`, 3);
  }
  const isRuleCommand = RULE_COMMANDS.includes(command.letter) && !(command.letter === 'D' && rulenum !== undefined);
  if (!isRuleCommand && ruleOptionColumns.length > 0) {
    const bad = ruleOptionColumns[0]!;
    throw iptError(bad.column, `Illegal option \`-${bad.letter}' with this command`);
  }
  const chainName = chain?.text;
  const matches: IptMatch[] = loaded.map((l) => l.ext.finish(l.column, ctx));
  let ruleTarget: IptTarget | undefined;
  if (target?.loaded) ruleTarget = target.loaded.ext.finish(target.loaded.column, ctx);
  else if (target?.chain) ruleTarget = { name: 'chain', chain: target.chain.text, column: target.chain.column, goto: target.goto };
  if (isRuleCommand && chainName) {
    if (ruleParts.o && (chainName === 'PREROUTING' || chainName === 'INPUT')) throw iptError(command.column, `Can't use -o with ${chainName}\n`);
    if (ruleParts.i && (chainName === 'POSTROUTING' || chainName === 'OUTPUT')) throw iptError(command.column, `Can't use -i with ${chainName}\n`);
  }
  const rule: IptRule = { matches };
  if (ruleParts.s) rule.source = { value: parseIptAddressOf(options.family, ruleParts.s[0].text, ruleParts.s[0].column), negated: ruleParts.s[1] };
  if (ruleParts.d) rule.destination = { value: parseIptAddressOf(options.family, ruleParts.d[0].text, ruleParts.d[0].column), negated: ruleParts.d[1] };
  if (ruleParts.i) rule.inInterface = { value: ruleParts.i[0], negated: ruleParts.i[1] };
  if (ruleParts.o) rule.outInterface = { value: ruleParts.o[0], negated: ruleParts.o[1] };
  if (ruleParts.p) rule.protocol = { value: ruleParts.p[0], negated: ruleParts.p[1] };
  if (ruleParts.f !== undefined) rule.fragment = { value: true, negated: ruleParts.f };
  if (ruleTarget) rule.target = ruleTarget;

  const action = buildAction(command.letter, chainName, rulenum, policyOrName, rule, flags);
  const result: IptablesCommand = { kind: 'iptables', ...(options.family ? { family: options.family } : {}), table: tableName, action };
  if (chain) result.chainColumn = chain.column;
  return result;
}

function buildAction(
  letter: string, chain: string | undefined, rulenum: number | undefined, second: Word | undefined, rule: IptRule,
  flags: { verbose: boolean; numeric: boolean; lineNumbers: boolean; exact: boolean },
): IptAction {
  const c = chain!;
  switch (letter) {
    case 'A': return { op: 'append', chain: c, rule };
    case 'C': return { op: 'check', chain: c, rule };
    case 'I': return { op: 'insert', chain: c, index: rulenum ?? 1, rule };
    case 'R': return { op: 'replace', chain: c, index: rulenum!, rule };
    case 'D': return rulenum !== undefined ? { op: 'delete-index', chain: c, index: rulenum } : { op: 'delete', chain: c, rule };
    case 'P': return { op: 'policy', chain: c, policy: second!.text };
    case 'N': return { op: 'new-chain', chain: c };
    case 'E': return { op: 'rename-chain', chain: c, newName: second!.text };
    case 'L': return { op: 'list', ...(chain ? { chain } : {}), ...flags, zero: false };
    case 'S': return { op: 'list-rules', ...(chain ? { chain } : {}), verbose: flags.verbose, zero: false };
    case 'F': return { op: 'flush', ...(chain ? { chain } : {}) };
    case 'X': return { op: 'delete-chain', ...(chain ? { chain } : {}) };
    default: return { op: 'zero', ...(chain ? { chain } : {}) };
  }
}

/**
 * Splits pasted text into the outputs it holds. A prompt line (`root@srv:~# ip route`,
 * `$ sudo iptables-save`) names the command whose output follows; without one, each line's
 * shape tells which tool printed it, and a change of shape starts the next output.
 */

export type Kind =
  | 'ip-addr'
  | 'ip-link'
  | 'ip-brief'
  | 'ip-route'
  | 'ip-rule'
  | 'ip-neigh'
  | 'ip-json'
  | 'iptables'
  | 'nft'
  | 'ipset'
  | 'nfacct'
  | 'sysctl'
  | 'resolv-conf'
  | 'hosts'
  | 'rt-tables'
  /** A Hairpin scenario of one device, as `hairpin snapshot`'s script prints it (./scenario.ts). */
  | 'scenario'
  /** Output of a known command that holds no configuration (ip route get, ip -s link …). */
  | 'not-config'
  | 'unknown';

export interface Line {
  /** 1-based line number in the pasted text. */
  n: number;
  text: string;
}

export interface Section {
  kind: Kind;
  lines: Line[];
  /** The command from the prompt line, when there was one. */
  command?: string;
  /** The line number of that prompt. */
  prompt?: number;
  /** `iptables -t nat -S`: the table its rules belong to. */
  table?: string;
  /** `ip -6 …` or `ip6tables-save`: every line is IPv6. */
  ipv6?: boolean;
  /** Why a 'not-config' or 'unknown' section is not imported. */
  reason?: string;
}

const PROMPT = /^(?:\([^)]*\)\s*)?(?:[\w.-]+@[\w.-]+(?::\S*)?\s*|\[[^\]]*\]\s*|[\w.~/-]*\s*)?[#$%>]\s*(.+)$/;
const BARE_PROMPT = /^(?:[\w.-]+@[\w.-]+(?::\S*)?|\[[^\]]*\])\s*[#$%]\s*$/;
const TOOLS = /^(ip|iptables|iptables-save|iptables-nft-save|iptables-legacy-save|iptables-nft|iptables-legacy|ip6tables|ip6tables-save|nft|ipset|nfacct|sysctl|cat)$/;

/** The command a prompt line runs, or undefined when the line is not a prompt (an iptables-save or resolv.conf comment is not). */
export function promptCommand(line: string): string | undefined {
  const m = PROMPT.exec(line.trimEnd());
  if (!m) return undefined;
  const words = m[1]!.trim().split(/\s+/);
  while (words[0] === 'sudo' || words[0] === 'doas' || words[0] === 'command') words.shift();
  if (!words.length) return undefined;
  // `user@host:~$ ls` is a prompt whatever it runs; a bare `# …` is one only before a tool we know (else it is a comment).
  if (!TOOLS.test(words[0]!) && !/^(?:\([^)]*\)\s*)?(?:[\w.-]+@[\w.-]+|\[[^\]]*\])/.test(line)) return undefined;
  return words.join(' ');
}

const IP_OBJECTS: [string, Kind, string][] = [
  // [keyword, kind, shortest accepted abbreviation] as iproute2's matches() takes them
  ['address', 'ip-addr', 'a'],
  ['route', 'ip-route', 'r'],
  ['rule', 'ip-rule', 'ru'],
  ['neighbour', 'ip-neigh', 'n'],
  ['neighbor', 'ip-neigh', 'n'],
  ['link', 'ip-link', 'l'],
];

/** What a command's output is: the kind to parse it as, and its options that change the meaning. */
export function kindOfCommand(command: string): Omit<Section, 'lines'> {
  const words = command.split(/\s+/);
  const tool = words[0]!;
  const rest = words.slice(1);
  if (tool === 'ip') {
    let json = false;
    let brief = false;
    let ipv6 = false;
    let i = 0;
    for (; i < rest.length && rest[i]!.startsWith('-'); i++) {
      const o = rest[i]!.replace(/^--?/, '');
      if (o === 'j' || o === 'json') json = true;
      else if (o === 'br' || o === 'brief') brief = true;
      else if (o === '6') ipv6 = true;
      else if (o === 's' || o === 'stats' || o === 'statistics') return { kind: 'not-config', reason: 'statistics: counters, not configuration' };
      else if (o === 'n' || o === 'netns') i++;
    }
    const object = rest[i] ?? '';
    const verb = rest[i + 1] ?? '';
    const found = IP_OBJECTS.find(([word, , min]) => object.length >= min.length && word.startsWith(object));
    if (!found) return { kind: 'not-config', reason: `output of \`${command}\`: not a kind Hairpin imports` };
    if (verb === 'get') return { kind: 'not-config', reason: `output of \`${command}\`: an answer, not configuration` };
    const kind = json ? 'ip-json' : brief ? 'ip-brief' : found[1];
    return { kind, ipv6 };
  }
  if (/^ip6tables/.test(tool)) return { kind: 'iptables', ipv6: true };
  if (/^iptables.*-save$/.test(tool)) return { kind: 'iptables' };
  if (/^iptables/.test(tool)) {
    if (!rest.some((w) => w === '-S' || w === '--list-rules' || /^-[a-zA-Z]*S$/.test(w))) return { kind: 'not-config', reason: `output of \`${command}\`: use iptables-save or iptables -S, whose lines are rules` };
    const t = rest.findIndex((w) => w === '-t' || w === '--table');
    return { kind: 'iptables', table: t >= 0 ? rest[t + 1] : undefined };
  }
  if (tool === 'nft') return { kind: 'nft' };
  if (tool === 'ipset') {
    if (/^(save|-S|-save|--save)$/.test(rest[0] ?? '')) return { kind: 'ipset' };
    return { kind: 'not-config', reason: `output of \`${command}\`: paste \`ipset save\`, whose lines ipset restore takes back` };
  }
  if (tool === 'nfacct') return rest[0] === 'list' ? { kind: 'nfacct' } : { kind: 'not-config', reason: `output of \`${command}\`: not a kind Hairpin imports` };
  if (tool === 'sysctl') return { kind: 'sysctl' };
  const file = tool === 'cat' ? (rest[rest.length - 1] ?? '') : '';
  if (file === '/etc/resolv.conf') return { kind: 'resolv-conf' };
  if (file === '/etc/hosts') return { kind: 'hosts' };
  if (/\/iproute2\/rt_tables$/.test(file)) return { kind: 'rt-tables' };
  return { kind: 'not-config', reason: `output of \`${command}\`: not a kind Hairpin imports` };
}

const OPERSTATE = '(?:UP|DOWN|UNKNOWN|LOWERLAYERDOWN|DORMANT|NOTPRESENT|TESTING)';
const ROUTE_TYPE = '(?:unicast|local|broadcast|multicast|throw|unreachable|prohibit|blackhole|nat|anycast)';
const NUD = '(?:REACHABLE|STALE|DELAY|PROBE|FAILED|INCOMPLETE|PERMANENT|NOARP|NONE)';

type Guess = Kind | 'more' | 'neutral';

/** The kind of output one line looks like, without a prompt to say; 'more' continues the block above. */
export function guessKind(line: string): Guess {
  if (line.trim() === '') return 'neutral';
  if (/^\d+:\s+\S+:\s+</.test(line)) return / mode [A-Z]+ /.test(line) ? 'ip-link' : 'ip-addr';
  if (/^\s+(link\/|inet6? |valid_lft|altname|alias |vf |prop |nexthop |cache\b)/.test(line)) return 'more';
  // `nfacct list`: "{ pkts = 00000000000000000000, bytes = 00000000000000000000 } = NAME;"
  if (/^\{ pkts = \d+, bytes = \d+ \} = .*;\s*$/.test(line)) return 'nfacct';
  if (/^\s*[[{]/.test(line)) return 'ip-json';
  // `ip -d link` detail lines (promiscuity …, bridge forward_delay …, veth …).
  if (/^\s+[a-z_]+\s/.test(line)) return 'more';
  if (/^\d+:\s+(not\s+)?(from|to|fwmark|iif|oif|all|tos|dsfield|lookup|l3mdev|uidrange|ipproto|sport|dport)\b/.test(line)) return 'ip-rule';
  if (/^(\*(filter|nat|mangle|raw|security)\s*$|:[\w-]+ [\w-]+ \[\d+:\d+\]|COMMIT\s*$|# (Generated by ip6?tables-save|Completed on)|-[APN] )/.test(line)) return 'iptables';
  // `ipset save`: its create and add lines.
  if (/^create \S+ (hash|bitmap|list):\S+/.test(line) || /^add \S+ \S/.test(line)) return 'ipset';
  if (/^table (ip|ip6|inet|arp|bridge|netdev) \S+ \{/.test(line) || /^# Warning: table .* is managed by iptables-nft/.test(line)) return 'nft';
  if (/^[a-z][\w-]*(\.[\w@:+-]+)+ = /.test(line)) return 'sysctl';
  if (/^(nameserver|search|domain|options|sortlist)\s/.test(line)) return 'resolv-conf';
  if (/^\s*(0x[0-9a-fA-F]+|\d+)\s+[A-Za-z_][\w.-]*\s*$/.test(line)) return 'rt-tables';
  if (new RegExp(`^\\S+\\s+${OPERSTATE}(\\s|$)`).test(line)) return 'ip-brief';
  if (new RegExp(`^\\S+ dev \\S+ .*\\b${NUD}\\s*$`).test(line) || new RegExp(`^\\S+ dev \\S+\\s+${NUD}\\s*$`).test(line)) return 'ip-neigh';
  if (new RegExp(`^(${ROUTE_TYPE}\\s+)?(default|[\\d.]+(/\\d+)?|[0-9a-f:]+(/\\d+)?)(\\s+(via|dev|proto|scope|src|metric|table)\\s|\\s*$)`).test(line) && !/^[\d.]+\s*$/.test(line)) {
    if (new RegExp(`^${ROUTE_TYPE}\\s`).test(line) || /\s(via|dev|proto|scope|metric|table)\s/.test(line)) return 'ip-route';
  }
  if (/^([\d.]+|[0-9a-fA-F:]+:[0-9a-fA-F:.]*)\s+[A-Za-z0-9]/.test(line)) return 'hosts';
  if (/^\s*#/.test(line)) return 'neutral';
  return 'unknown';
}

function depth(text: string, open: string, close: string): number {
  let d = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === open) d++;
    else if (c === close) d--;
  }
  return d;
}

/**
 * Under a prompt, a line another tool plainly printed starts that tool's output (a paste that
 * gives the first command's prompt and not the next one's). Output that is no configuration
 * keeps every line: `ip route get` prints route-shaped lines.
 */
function startsAnother(kind: Kind, guess: Guess): boolean {
  if (kind === 'not-config' || kind === 'unknown' || guess === 'unknown' || guess === 'more' || guess === 'neutral') return false;
  const addrOrLink = (k: Kind | Guess) => k === 'ip-addr' || k === 'ip-link';
  return !(addrOrLink(kind) && addrOrLink(guess));
}

/** The outputs in `text`, in the order pasted. */
export function sections(text: string): Section[] {
  const out: Section[] = [];
  let current: Section | undefined;
  // Open braces of an nft ruleset or brackets of JSON: lines inside belong to it whatever they look like.
  let open = 0;
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  lines.forEach((raw, i) => {
    const line: Line = { n: i + 1, text: raw };
    if (open > 0 && current) {
      current.lines.push(line);
      open += current.kind === 'nft' ? depth(raw, '{', '}') : depth(raw, '[', ']') + depth(raw, '{', '}');
      return;
    }
    // The prompt left at the end of a paste: the output above it is complete.
    if (BARE_PROMPT.test(raw)) {
      current = undefined;
      return;
    }
    const command = promptCommand(raw);
    if (command !== undefined) {
      current = { ...kindOfCommand(command), command, prompt: line.n, lines: [] };
      out.push(current);
      return;
    }
    const guess = guessKind(raw);
    const opens = (kind: Kind) => (kind === 'nft' ? depth(raw, '{', '}') : kind === 'ip-json' ? depth(raw, '[', ']') + depth(raw, '{', '}') : 0);
    if (current && (guess === 'neutral' || guess === 'more' || guess === current.kind || (current.command !== undefined && !startsAnother(current.kind, guess)))) {
      current.lines.push(line);
      if (current.kind === 'nft' || current.kind === 'ip-json') open = Math.max(0, opens(current.kind));
      return;
    }
    if (guess === 'neutral' || guess === 'more') {
      // A comment or blank line before any output, or a stray continuation line.
      current = { kind: 'unknown', lines: [line] };
      out.push(current);
      return;
    }
    current = { kind: guess, lines: [line] };
    out.push(current);
    open = Math.max(0, opens(guess));
  });
  // Comments and blank lines on their own (before any output) hold nothing to import or report.
  return out.filter((s) => s.kind !== 'unknown' || s.lines.some((l) => l.text.trim() !== '' && !/^\s*#/.test(l.text)));
}

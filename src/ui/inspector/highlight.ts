/*
 * The config language's highlighter: one line of text → coloured spans. Pure (no DOM, no
 * CodeMirror) so it can be tested in Node; ConfigEditor turns the spans into decorations.
 * It follows bash's word rules closely enough for colour (quotes, `#` comments, operators);
 * whether a line is right is the parser's job, not this one's.
 */

export type TokenType =
  | 'command' // the first word of a simple command: ip, iptables, sysctl, echo, nc, dnsmasq ...
  | 'subcommand' // ip objects and verbs, ip route/rule keywords (addr add, via, dev, table ...)
  | 'option' // -t, -A, --dport, -w
  | 'constant' // iptables chains, targets and states: PREROUTING, MASQUERADE, ESTABLISHED
  | 'address' // 192.168.1.5, 10.0.0.0/8, 192.168.1.2:80, MACs
  | 'number' // 8080, 100
  | 'path' // /etc/hosts, /proc/sys/..., net.ipv4.ip_forward=1
  | 'string' // 'quoted' or "quoted" words
  | 'operator' // && || ; & | > >> <
  | 'comment'; // # to the end of the line

export interface Span {
  /** 0-based offsets into the line, `to` exclusive. */
  from: number;
  to: number;
  type: TokenType;
}

/** ip's objects and verbs and the keywords of ip addr/route/rule/neigh/link. */
export const IP_KEYWORDS = new Set([
  'addr', 'address', 'a', 'route', 'r', 'ro', 'rule', 'ru', 'neigh', 'neighbor', 'neighbour', 'n', 'link', 'l',
  'add', 'del', 'delete', 'replace', 'change', 'append', 'prepend', 'set', 'show', 'list', 'ls', 'flush', 'get',
  'up', 'down', 'dev', 'via', 'src', 'table', 'lookup', 'scope', 'metric', 'proto', 'onlink', 'from', 'to',
  'fwmark', 'iif', 'oif', 'not', 'priority', 'pref', 'preference', 'default', 'lladdr', 'nud', 'broadcast',
  'label', 'peer', 'blackhole', 'unreachable', 'prohibit', 'throw', 'local', 'unicast', 'host', 'global',
  'permanent', 'reachable', 'stale', 'noarp', 'mark', 'all', 'main', 'fdb',
]);

const COMMAND_RE = /^[A-Za-z_][\w.-]*$/;
const IPV4 = String.raw`\d{1,3}(?:\.\d{1,3}){3}`;
const ADDRESS_RE = new RegExp(String.raw`^!?${IPV4}(?:/\d{1,2}|:\d{1,5}(?:-\d{1,5})?)?(?:-${IPV4}(?::\d{1,5})?)?$`);
const MAC_RE = /^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}(?:\/[0-9a-fA-F:]+)?$/;
/**
 * An IPv6 address or prefix (ip6tables): with a `::` or all eight groups, so that a port range
 * (`1024:65535`) or a time (`10:30:00`) is not one.
 */
const IPV6_RE = /^!?(?=[^/]*::|(?:[^:/]*:){7}[^:/]*(?:\/|$))(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F.]*(?:\/\d{1,3})?$/;
const NUMBER_RE = /^(?:0x[0-9a-fA-F]+(?:\/0x[0-9a-fA-F]+)?|\d+(?:[:/]\d+)?)$/;
const CONSTANT_RE = /^[A-Z][A-Z0-9_,-]*$/;
const SYSCTL_KEY_RE = /^(?:net|kernel|vm)\.[\w.-]+(?:=.*)?$/;

const BLANK = /[ \t]/;
/** bash metacharacters: they end an unquoted word. */
const META = /[ \t;&|<>]/;

/** The spans of one line, in order, without overlaps. Plain words get no span. */
export function highlightLine(line: string): Span[] {
  return highlightFrom(line, { wordIndex: 0, command: '' }).spans;
}

/** A here-document opened above a line and not closed yet. */
interface HereDocument {
  delimiter: string;
  stripTabs: boolean;
}

/** What a line inherits from the lines above it: the command a `\` continued, the here-documents still open. */
export interface LineEntry {
  carry: CommandState;
  pending: readonly HereDocument[];
}

export const SCRIPT_START: LineEntry = { carry: { wordIndex: 0, command: '' }, pending: [] };

/** One line of a script, read from what the lines above left (`entry`); also what it leaves to the next line. */
export function highlightScriptLine(line: string, entry: LineEntry): { spans: Span[]; next: LineEntry } {
  const document = entry.pending[0];
  if (document) {
    const bare = document.stripTabs ? line.replace(/^\t+/, '') : line;
    if (bare === document.delimiter) {
      const rest = entry.pending.slice(1);
      return { spans: [{ from: line.length - bare.length, to: line.length, type: 'operator' }], next: rest.length || entry.carry !== SCRIPT_START.carry ? { carry: entry.carry, pending: rest } : SCRIPT_START };
    }
    return { spans: line.length ? [{ from: 0, to: line.length, type: 'string' }] : [], next: entry };
  }
  const { spans, state } = highlightFrom(line, entry.carry);
  const pending = line.includes('<<') ? [...line.matchAll(/<<(-?)\s*(['"]?)([A-Za-z_]\w*)\2/g)].map((m) => ({ delimiter: m[3]!, stripTabs: m[1] === '-' })) : [];
  const carry = CONTINUED.test(line) && !spans.some((sp) => sp.type === 'comment' && sp.to === line.length) ? state : SCRIPT_START.carry;
  return { spans, next: pending.length || carry !== SCRIPT_START.carry ? { carry, pending } : SCRIPT_START };
}

/** An odd number of backslashes at the end: the line goes on. */
const CONTINUED = /(?:^|[^\\])(?:\\\\)*\\$/;

/** What `line` leaves to the next one, without colouring it when nothing can carry over (most lines). */
function entryAfter(line: string, entry: LineEntry): LineEntry {
  if (entry === SCRIPT_START && !line.includes('<<') && !line.endsWith('\\')) return SCRIPT_START;
  return highlightScriptLine(line, entry).next;
}

/**
 * The spans of every line of a config, read as a script: a line after one ending in `\`
 * goes on with the same command, and a here-document's lines are its text (a string) up to
 * its delimiter.
 */
export function highlightDocument(lines: readonly string[]): Span[][] {
  const out: Span[][] = [];
  let entry = SCRIPT_START;
  for (const line of lines) {
    const { spans, next } = highlightScriptLine(line, entry);
    out.push(spans);
    entry = next;
  }
  return out;
}

/**
 * The entry of each line, remembered from the first line down to the last one asked about, so
 * an editor colours only the lines in view (a 100,000-line config is not coloured whole at each
 * keystroke) and an edit forgets only the lines from it on.
 */
export class ScriptEntries {
  private readonly entries: LineEntry[] = [SCRIPT_START];

  /** The entry of line `index` (0-based); `lineAt(i)` gives the text of line i. */
  at(index: number, lineAt: (i: number) => string): LineEntry {
    for (let i = this.entries.length - 1; i < index; i++) this.entries.push(entryAfter(lineAt(i), this.entries[i]!));
    return this.entries[index]!;
  }

  /** Line `index` (0-based) changed: the entries after it no longer hold. */
  changedFrom(index: number): void {
    this.entries.length = Math.max(1, Math.min(this.entries.length, index + 1));
  }

  /** How many entries are known (for tests: the work an edit or a scroll cost). */
  get known(): number {
    return this.entries.length;
  }
}

/** Where a line's last command stands: its word count so far and its name (a continued line goes on from there). */
interface CommandState {
  wordIndex: number;
  command: string;
}

function highlightFrom(line: string, from: CommandState): { spans: Span[]; state: CommandState } {
  const spans: Span[] = [];
  const n = line.length;
  let i = 0;
  /** Index of the current word within its simple command (0 = the command word). */
  let wordIndex = from.wordIndex;
  let command = from.command;
  let afterRedirect = false;
  while (i < n) {
    const c = line[i]!;
    if (BLANK.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      spans.push({ from: i, to: n, type: 'comment' });
      break;
    }
    const op = operatorAt(line, i);
    if (op) {
      const text = op;
      spans.push({ from: i, to: i + text.length, type: 'operator' });
      i += text.length;
      if (/^[;&|]/.test(text)) {
        wordIndex = 0;
        command = '';
        afterRedirect = false;
      } else if (!text.includes('&')) afterRedirect = true;
      continue;
    }
    // A word: runs of unquoted text, 'single' and "double" quotes and \escapes glued together.
    const start = i;
    let quoted = false;
    let unterminated = false;
    let text = '';
    while (i < n && !META.test(line[i]!)) {
      const ch = line[i]!;
      if (ch === "'" || ch === '"') {
        const close = line.indexOf(ch, i + 1);
        quoted = true;
        if (close < 0) {
          text += line.slice(i + 1);
          i = n;
          unterminated = true;
          break;
        }
        text += line.slice(i + 1, close);
        i = close + 1;
      } else if (ch === '\\') {
        text += line[i + 1] ?? '';
        i += 2;
      } else {
        text += ch;
        i++;
      }
    }
    i = Math.min(i, n);
    const type = afterRedirect ? 'path' : classify(text, quoted, wordIndex, command);
    if (type) spans.push({ from: start, to: i, type });
    if (afterRedirect) afterRedirect = false;
    else {
      if (wordIndex === 0) command = text;
      wordIndex++;
    }
    if (unterminated) break;
  }
  return { spans, state: { wordIndex, command } };
}

/** A shell operator or redirection starting at i (a word is starting there), if any. */
function operatorAt(line: string, i: number): string | undefined {
  const rest = line.slice(i);
  const m = /^(?:&&|\|\||;|&>|&|\||<<-?|<|\d*>>|\d*>&\d+|\d*>|\d+<)/.exec(rest);
  return m?.[0];
}

function classify(text: string, quoted: boolean, wordIndex: number, command: string): TokenType | undefined {
  if (wordIndex === 0) return COMMAND_RE.test(text) ? 'command' : quoted ? 'string' : undefined;
  if (quoted) return 'string';
  if (text.startsWith('-') && text.length > 1 && !/^-\d/.test(text)) return 'option';
  if (text === '!') return 'operator';
  if (ADDRESS_RE.test(text) || MAC_RE.test(text) || IPV6_RE.test(text)) return 'address';
  if (NUMBER_RE.test(text)) return 'number';
  if (text.startsWith('/')) return 'path';
  if (SYSCTL_KEY_RE.test(text)) return 'path';
  if (command === 'ip' || command === 'bridge') return IP_KEYWORDS.has(text) ? 'subcommand' : undefined;
  if (command.startsWith('iptables') || command.startsWith('ip6tables') || command === 'conntrack') {
    if (CONSTANT_RE.test(text)) return 'constant';
    if (['filter', 'nat', 'mangle', 'raw', 'security', 'tcp', 'udp', 'icmp', 'all'].includes(text)) return 'subcommand';
  }
  return undefined;
}

import type { Ip4 } from '../addr/ipv4';
import { CommandError } from './args';
import type { ConntrackCommand, ConntrackFilter, Word } from './types';

/*
 * conntrack (conntrack-tools 1.4.7): -L/-D/-F/-C with the filters of the original and reply
 * tuples, -m/--mark, -n/-g (NATed entries), -u/--status and, after -p, the protocol's own
 * options (--sport, --dport, --state…: before -p they are unknown options, as in the tool).
 * Messages and statuses as the tool gives them (tried in a namespace).
 */

const TOOL = 'conntrack v1.4.7 (conntrack-tools)';
const usage = (column: number, message: string) => new CommandError(column, `${TOOL}: ${message}\nTry \`conntrack -h' or 'conntrack --help' for more information.`, 2);

const PROTOCOLS: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, udplite: 136, sctp: 132, dccp: 33, gre: 47 };
const TCP_STATES = ['NONE', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'LISTEN', 'SYN_SENT2'];
/** The per-protocol options and the tuple field each sets. */
const PORT_OPTIONS: Record<string, keyof ConntrackFilter> = {
  '--sport': 'sport', '--orig-port-src': 'sport', '--dport': 'dport', '--orig-port-dst': 'dport',
  '--reply-port-src': 'replySport', '--reply-port-dst': 'replyDport',
};
const ADDRESS_OPTIONS: Record<string, keyof ConntrackFilter> = {
  '-s': 'origSrc', '--src': 'origSrc', '--orig-src': 'origSrc', '-d': 'origDst', '--dst': 'origDst', '--orig-dst': 'origDst',
  '-r': 'replySrc', '--reply-src': 'replySrc', '-q': 'replyDst', '--reply-dst': 'replyDst',
};
const COMMANDS: Record<string, ConntrackCommand['action'] | 'events'> = {
  '-L': 'list', '--dump': 'list', '-D': 'delete', '--delete': 'delete', '-F': 'flush', '--flush': 'flush', '-C': 'count', '--count': 'count', '-E': 'events', '--event': 'events',
};

export function parseConntrack(words: readonly Word[], column: number): ConntrackCommand {
  let action: ConntrackCommand['action'] | undefined;
  let table: 'conntrack' | 'expect' | undefined;
  const filter: ConntrackFilter = {};
  let extended = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const value = () => {
      const v = words[++i];
      if (!v) throw usage(w.column, `option \`${w.text}' requires an argument`);
      return v;
    };
    const command = COMMANDS[w.text];
    if (command === 'events') throw new CommandError(w.column, 'hairpin: conntrack -E waits for events until killed; events are not simulated: list the table with conntrack -L', 2);
    if (command) {
      if (action) throw usage(w.column, 'Invalid commands combination');
      action = command;
      // -F and -L take an optional table: conntrack or expect.
      const next = words[i + 1]?.text;
      if ((command === 'flush' || command === 'list') && (next === 'conntrack' || next === 'expect')) {
        table = next;
        i++;
      }
      continue;
    }
    if (w.text === '-p' || w.text === '--proto') {
      const v = value();
      const proto = PROTOCOLS[v.text.toLowerCase()] ?? (/^\d+$/.test(v.text) && Number(v.text) < 256 ? Number(v.text) : undefined);
      if (proto === undefined) throw usage(v.column, `\`${v.text}' unsupported protocol`);
      filter.proto = proto;
    } else if (ADDRESS_OPTIONS[w.text]) {
      const v = value();
      const ip = inetAton(v.text);
      if (ip === undefined) throw usage(v.column, `Invalid IP address \`${v.text}'`);
      (filter as Record<string, number>)[ADDRESS_OPTIONS[w.text]!] = ip;
    } else if (PORT_OPTIONS[w.text] || w.text === '--state') {
      // The protocol's own options exist only once -p named a protocol that has them.
      if (filter.proto !== 6 && filter.proto !== 17 && !(w.text !== '--state' && (filter.proto === 136 || filter.proto === 132 || filter.proto === 33))) throw usage(w.column, `unknown option \`${w.text}'`);
      if (w.text === '--state' && filter.proto !== 6) throw usage(w.column, `unknown option \`${w.text}'`);
      const v = value();
      if (w.text === '--state') {
        const state = v.text.toUpperCase();
        if (!TCP_STATES.includes(state)) throw usage(v.column, `unknown TCP state \`${v.text}'`);
        filter.state = state;
      } else {
        // atoi, as the tool reads it (tried: `080` is 80, `0x50` is 0, `x` is 0), kept to 16 bits.
        (filter as Record<string, number>)[PORT_OPTIONS[w.text]!] = Number(/^\s*\d*/.exec(v.text)![0].trim() || 0) & 0xffff;
      }
    } else if (w.text === '-m' || w.text === '--mark') {
      const v = value();
      // strtoul for the mark and its mask, as the tool reads them (`-m foo` is mark 0).
      const [markText, maskText] = v.text.split('/');
      filter.mark = { value: strtoul(markText!) >>> 0, mask: maskText === undefined ? 0xffffffff : strtoul(maskText) >>> 0 };
    } else if (w.text === '-n' || w.text === '--src-nat') filter.srcNat = true;
    else if (w.text === '-g' || w.text === '--dst-nat') filter.dstNat = true;
    else if (w.text === '-u' || w.text === '--status') {
      const v = value();
      const flags = v.text.split(',');
      for (const f of flags) if (!['ASSURED', 'SEEN_REPLY', 'UNSET', 'FIXED_TIMEOUT', 'EXPECTED', 'OFFLOAD', 'HW_OFFLOAD'].includes(f)) throw usage(v.column, `Bad parameter \`${f}'`);
      filter.status = flags;
    } else if (w.text === '-f' || w.text === '--family') {
      const v = value();
      if (v.text !== 'ipv4' && v.text !== 'ipv6') throw usage(v.column, `\`${v.text}' unsupported protocol`);
      filter.family = v.text;
    } else if (w.text === '-o' || w.text === '--output') {
      const v = value();
      for (const format of v.text.split(',')) {
        if (format === 'extended') extended = true;
        else if (['xml', 'timestamp', 'id', 'ktimestamp', 'labels', 'userspace', 'save'].includes(format)) throw new CommandError(v.column, `hairpin: conntrack -o ${format} is not simulated (only -o extended)`, 2);
        else throw usage(v.column, `Bad parameter \`${format}'`);
      }
    } else throw usage(w.column, `unknown option \`${w.text}'`);
  }
  if (!action) throw new CommandError(column, `${TOOL}: no command specified\nTry \`conntrack -h' or 'conntrack --help' for more information.`, 2);
  const command: ConntrackCommand = { kind: 'conntrack', action };
  if (table) command.table = table;
  if (Object.keys(filter).length) command.filter = filter;
  if (extended) command.extended = true;
  return command;
}

/** C's strtoul(text, NULL, 0): the leading number (decimal, 0x hex or 0 octal); 0 when there is none. */
function strtoul(text: string): number {
  const m = /^\s*(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)/i.exec(text);
  if (!m) return 0;
  return m[1]!.toLowerCase().startsWith('0x') ? parseInt(m[1]!.slice(2), 16) : m[1]!.length > 1 && m[1]!.startsWith('0') ? parseInt(m[1]!, 8) : Number(m[1]);
}

/** glibc inet_aton: one to four parts, each a C number; the last fills the bytes left (`10.9.0` is 10.9.0.0, `10.1` is 10.0.0.1). */
function inetAton(text: string): Ip4 | undefined {
  const parts = text.split('.');
  if (parts.length > 4 || parts.some((p) => !/^(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i.test(p))) return undefined;
  const values = parts.map(strtoul);
  const last = values.pop()!;
  if (values.some((v) => v > 255) || last >= 2 ** (8 * (4 - values.length))) return undefined;
  return values.reduce((acc, v, i) => acc + v * 2 ** (8 * (3 - i)), 0) + last;
}

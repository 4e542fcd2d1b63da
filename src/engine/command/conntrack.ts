import { parseIp4 } from '../addr/ipv4';
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
      if (action) throw usage(w.column, 'Invalid parameters');
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
      const ip = parseIp4(v.text);
      if (ip === undefined) throw new CommandError(v.column, `${TOOL}: Invalid IP address \`${v.text}'`, 2);
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
        if (!/^\d+$/.test(v.text) || Number(v.text) > 65535) throw usage(v.column, `invalid port \`${v.text}'`);
        (filter as Record<string, number>)[PORT_OPTIONS[w.text]!] = Number(v.text);
      }
    } else if (w.text === '-m' || w.text === '--mark') {
      const v = value();
      const m = /^(0x[0-9a-f]+|\d+)(?:\/(0x[0-9a-f]+|\d+))?$/i.exec(v.text);
      if (!m) throw usage(v.column, `invalid mark \`${v.text}'`);
      filter.mark = { value: Number(m[1]) >>> 0, mask: m[2] === undefined ? 0xffffffff : Number(m[2]) >>> 0 };
    } else if (w.text === '-n' || w.text === '--src-nat') filter.srcNat = true;
    else if (w.text === '-g' || w.text === '--dst-nat') filter.dstNat = true;
    else if (w.text === '-u' || w.text === '--status') {
      const v = value();
      const flags = v.text.split(',');
      for (const f of flags) if (!['ASSURED', 'SEEN_REPLY', 'UNSET', 'FIXED_TIMEOUT', 'EXPECTED', 'OFFLOAD', 'HW_OFFLOAD'].includes(f)) throw usage(v.column, `Bad parameter \`${f}'`);
      filter.status = flags;
    } else if (w.text === '-f' || w.text === '--family') {
      const v = value();
      if (v.text !== 'ipv4' && v.text !== 'ipv6') throw usage(v.column, `Unknown layer 3 protocol \`${v.text}'`);
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

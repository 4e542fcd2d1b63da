import { parseIp4 } from '../addr/ipv4';
import { CommandError } from './args';
import { getopt } from './getopt';
import { fdbAction, parseBridgeFdbChange } from './bridge-fdb';
import type { BridgeFdbChange, BridgeFdbShow, DnsmasqCommand, Word } from './types';

/** dnsmasq (as a DNS server for /etc/hosts), conntrack -L/-F and bridge fdb show. */

const DNSMASQ_LONG = {
  'no-daemon': { arg: false, short: 'd' }, 'keep-in-foreground': { arg: false, short: 'k' },
  'no-hosts': { arg: false, short: 'h' }, 'no-resolv': { arg: false, short: 'R' },
  'addn-hosts': { arg: true, short: 'H' }, address: { arg: true, short: 'A' }, server: { arg: true, short: 'S' },
  'listen-address': { arg: true, short: 'a' }, interface: { arg: true, short: 'i' },
  'bind-interfaces': { arg: false, short: 'z' }, port: { arg: true, short: 'p' }, 'log-queries': { arg: false, short: 'q' },
  'conf-file': { arg: true, short: 'C' }, 'cache-size': { arg: true, short: 'c' }, 'domain-needed': { arg: false },
  'bogus-priv': { arg: false }, user: { arg: true, short: 'u' }, 'pid-file': { arg: true, short: 'x' },
  'no-negcache': { arg: false, short: 'N' }, 'log-facility': { arg: true, short: '8' },
};

export function parseDnsmasq(words: readonly Word[]): DnsmasqCommand {
  const r = getopt(words, { short: 'dkhRH:A:S:a:i:zp:qC:c:u:x:N8:', long: DNSMASQ_LONG });
  if (!r.ok) {
    const shown = r.option.startsWith('--') ? r.option : `-${r.option}`;
    const msg = r.kind === 'missing' ? `dnsmasq: option requires an argument -- '${r.option}'` : `dnsmasq: bad command line options: try --help`;
    throw new CommandError(r.word.column, r.kind === 'unknown' && shown.startsWith('--') ? `dnsmasq: unrecognized option '${shown}'\n${msg}` : msg, 1);
  }
  if (r.operands.length) throw new CommandError(r.operands[0]!.column, 'dnsmasq: junk found in command line', 1);
  const d: DnsmasqCommand = {
    kind: 'dnsmasq', foreground: false, noHosts: false, noResolv: false, addnHosts: [], addresses: [], servers: [],
    listenAddresses: [], interfaces: [], bindInterfaces: false, port: 53, logQueries: false,
  };
  const bad = (w: Word, what: string) => new CommandError(w.column, `dnsmasq: ${what}`, 1);
  for (const o of r.options) {
    const v = o.value;
    switch (o.name) {
      case 'd': case 'k': d.foreground = true; break;
      case 'h': d.noHosts = true; break;
      case 'R': d.noResolv = true; break;
      case 'H': d.addnHosts.push(v!.text); break;
      case 'A': {
        // --address=/name[/name...]/[ip]
        const m = /^\/(.+)\/([^/]*)$/.exec(v!.text);
        if (!m) throw bad(v!, 'bad command line options: try --help');
        const ip = m[2] ? parseIp4(m[2]) : undefined;
        if (m[2] && ip === undefined) throw bad(v!, 'bad address at line 0');
        d.addresses.push({ domains: m[1]!.split('/'), ...(ip !== undefined ? { ip } : {}) });
        break;
      }
      case 'S': d.servers.push(v!.text); break;
      case 'a': {
        for (const part of v!.text.split(',')) {
          const ip = parseIp4(part);
          if (ip === undefined) throw bad(v!, `bad address at line 0`);
          d.listenAddresses.push(ip);
        }
        break;
      }
      case 'i': d.interfaces.push(...v!.text.split(',')); break;
      case 'z': d.bindInterfaces = true; break;
      case 'p': {
        if (!/^\d+$/.test(v!.text) || Number(v!.text) > 65535) throw bad(v!, 'bad port');
        d.port = Number(v!.text);
        break;
      }
      case 'q': d.logQueries = true; break;
      case 'C': if (v!.text !== '/dev/null') throw new CommandError(v!.column, 'hairpin: dnsmasq configuration files are not simulated', 2); break;
      // Files outside the device (the lab runs dnsmasq as root on the host's filesystem).
      case 'x': throw new CommandError(o.word.column, 'hairpin: dnsmasq --pid-file writes a file outside the device; it is not simulated', 2);
      case '8': if (v!.text !== '-') throw new CommandError(o.word.column, "hairpin: dnsmasq --log-facility other than '-' (stderr) is not simulated", 2); break;
      default: break; // cache size, user, pid file, bogus-priv...: no effect on answers here.
    }
  }
  return d;
}

export function parseBridge(words: readonly Word[], column: number, end = column): BridgeFdbShow | BridgeFdbChange {
  const object = words[0];
  if (!object || !'fdb'.startsWith(object.text)) {
    throw new CommandError(object?.column ?? column, `hairpin: unsupported command 'bridge${object ? ` ${object.text}` : ''}'`, 2);
  }
  const rest = words.slice(1);
  const action = rest[0] && fdbAction(rest[0].text);
  if (action) return parseBridgeFdbChange(action, rest.slice(1), end);
  if (rest[0] && !['show', 'list', 'lst'].some((s) => s.startsWith(rest[0]!.text))) {
    throw new CommandError(rest[0].column, `hairpin: unsupported command 'bridge fdb ${rest[0].text}'`, 2);
  }
  const out: BridgeFdbShow = { kind: 'bridge-fdb-show' };
  for (let i = 1; i < rest.length; i++) {
    const w = rest[i]!;
    const value = rest[i + 1];
    if ((w.text === 'dev' || w.text === 'br') && value) {
      out[w.text] = value;
      i++;
    } else throw new CommandError(w.column, `hairpin: bridge fdb show selector '${w.text}' is not supported`, 2);
  }
  return out;
}

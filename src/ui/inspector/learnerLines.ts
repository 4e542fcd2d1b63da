import { formatIp4, isLoopback, isMulticast, networkOf, parseIp4 } from '../../engine/addr/ipv4';

/*
 * The lines the learner buttons write: real commands, exactly as one would type them on a
 * Linux box. Each builder checks its inputs and says what is wrong instead of writing a bad
 * line. Pure, so the rules are tested without a browser.
 */

export type Built = { ok: true; line: string; note?: string } | { ok: false; field: string; error: string };

const fail = (field: string, error: string): Built => ({ ok: false, field, error });

function checkPort(port: string, ports: readonly string[]): string | undefined {
  if (!port) return 'choose a port';
  if (!ports.includes(port)) return `this device has no port ${port}`;
  return undefined;
}

function checkHost(text: string, what: string): string | undefined {
  const t = text.trim();
  if (!t) return `enter ${what}, like 192.168.1.1`;
  const ip = parseIp4(t);
  if (ip === undefined) return `"${t}" is not an IPv4 address (four numbers 0–255 separated by dots)`;
  if (ip === 0) return '0.0.0.0 is not a host address';
  if (isMulticast(ip) || ip >>> 28 === 0xf) return `${t} is not a unicast address`;
  return undefined;
}

function checkPortNumber(text: string): string | undefined {
  const t = text.trim();
  if (!/^\d{1,5}$/.test(t) || Number(t) < 1 || Number(t) > 65535) return `"${t}" is not a port number (1–65535)`;
  return undefined;
}

/** `ip addr add 192.168.1.5/24 dev eth0` */
export function addressLine(cidr: string, port: string, ports: readonly string[]): Built {
  const t = cidr.trim();
  const m = /^([^/\s]+)(?:\/(\d{1,2}))?$/.exec(t);
  if (!t) return fail('address', 'enter an address with its prefix length, like 192.168.1.5/24');
  if (!m || parseIp4(m[1]!) === undefined) return fail('address', `"${t}" is not an IPv4 address with a prefix, like 192.168.1.5/24`);
  if (m[2] === undefined) return fail('address', `add the prefix length, like ${m[1]}/24 (without one, ip takes /32: a network of one address)`);
  const len = Number(m[2]);
  if (len > 32) return fail('address', `/${len} is not a prefix length (0–32)`);
  const ip = parseIp4(m[1]!)!;
  if (ip === 0 || isMulticast(ip) || ip === 0xffffffff) return fail('address', `${m[1]} cannot be an interface's address`);
  const portProblem = checkPort(port, ports);
  if (portProblem) return fail('port', portProblem);
  const line = `ip addr add ${m[1]}/${len} dev ${port}`;
  if (len < 31 && networkOf(ip, len) === ip) return { ok: true, line, note: `${m[1]} is the network address of ${formatIp4(networkOf(ip, len))}/${len}; a host usually takes another one` };
  if (isLoopback(ip) && port !== 'lo') return { ok: true, line, note: '127.0.0.0/8 addresses belong on lo' };
  return { ok: true, line };
}

/** `ip route add default via 192.168.1.1` (with `dev PORT` when a port is chosen). */
export function defaultRouteLine(gateway: string, port: string, ports: readonly string[]): Built {
  const problem = checkHost(gateway, 'the gateway');
  if (problem) return fail('gateway', problem);
  if (port) {
    const portProblem = checkPort(port, ports);
    if (portProblem) return fail('port', portProblem);
  }
  return { ok: true, line: `ip route add default via ${gateway.trim()}${port ? ` dev ${port}` : ''}` };
}

/** `iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE` */
export function masqueradeLine(outPort: string, ports: readonly string[]): Built {
  const portProblem = checkPort(outPort, ports);
  if (portProblem) return fail('port', portProblem);
  return { ok: true, line: `iptables -t nat -A POSTROUTING -o ${outPort} -j MASQUERADE` };
}

/** `iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.2:80` */
export function portForwardLine(inPort: string, protocol: string, publicPort: string, target: string, ports: readonly string[]): Built {
  const portProblem = checkPort(inPort, ports);
  if (portProblem) return fail('port', portProblem);
  if (protocol !== 'tcp' && protocol !== 'udp') return fail('protocol', 'choose tcp or udp');
  const pub = checkPortNumber(publicPort);
  if (pub) return fail('public', pub);
  const t = target.trim();
  if (!t) return fail('target', 'enter where to send it, like 192.168.1.2:80');
  const m = /^([^:\s]+)(?::(.*))?$/.exec(t);
  const hostProblem = m ? checkHost(m[1]!, 'the target address') : `"${t}" is not an address:port`;
  if (hostProblem) return fail('target', hostProblem);
  if (m![2] !== undefined) {
    const tp = checkPortNumber(m![2]);
    if (tp) return fail('target', tp);
  }
  return { ok: true, line: `iptables -t nat -A PREROUTING -i ${inPort} -p ${protocol} --dport ${publicPort.trim()} -j DNAT --to-destination ${t}` };
}

export const FORWARDING_LINE = 'sysctl -w net.ipv4.ip_forward=1';

/** True when the config turns on forwarding (a DNAT'd or masqueraded packet must be forwarded). */
export function forwardsPackets(config: readonly string[]): boolean {
  let on = false;
  for (const raw of config) {
    const line = raw.replace(/#.*/, '').trim();
    const m = /(?:sysctl\s+(?:-w\s+)?net\.ipv4\.(?:ip_forward|conf\.all\.forwarding)\s*=\s*(\d)|echo\s+['"]?(\d)['"]?\s*>\s*\/proc\/sys\/net\/ipv4\/ip_forward)/.exec(line);
    if (m) on = (m[1] ?? m[2]) === '1';
  }
  return on;
}

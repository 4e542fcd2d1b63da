/**
 * An IPv4 address as an unsigned 32-bit number. The kernel model works on numbers (fast,
 * comparable with ===). The text is read and the masks made here, checked against ip-num by the
 * tests: importing ip-num itself builds its IPv6 ranges from text (BigInts, regular expressions),
 * 30 ms of the page's first task, of the worker's start and of every `hairpin` command.
 */
export type Ip4 = number;

export const IP4_ANY: Ip4 = 0;
export const IP4_BROADCAST: Ip4 = 0xffffffff;

/** Four decimal octets, none with a leading zero (ip-num's strict form: "01.2.3.4" is refused). */
const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/**
 * Strict dotted quad ("10.0.0.1"). Returns undefined for anything else. Read here rather than by
 * ip-num (which builds BigInts): a tool's every address is read this way, on every run.
 */
export function parseIp4(text: string): Ip4 | undefined {
  const m = DOTTED_QUAD.exec(text);
  if (!m) return undefined;
  let ip = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    ip = ip * 256 + octet;
  }
  return ip;
}

/** Each octet's text, made once: printing a 100,000-route table formats 200,000 addresses. */
const OCTETS: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));

/** Dotted quad text of an address. */
export function formatIp4(ip: Ip4): string {
  return OCTETS[ip >>> 24]! + '.' + OCTETS[(ip >>> 16) & 255]! + '.' + OCTETS[(ip >>> 8) & 255]! + '.' + OCTETS[ip & 255]!;
}

/** The netmask of each prefix length, as a number: `len` one bits from the top. */
const masks: Ip4[] = Array.from({ length: 33 }, (_, len) => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0));
export function prefixMask(len: number): Ip4 {
  return masks[len]!;
}

/** The network address of `ip` within a prefix of `len` bits. */
export function networkOf(ip: Ip4, len: number): Ip4 {
  return (ip & masks[len]!) >>> 0;
}

/** True when `ip` lies inside `net/len`. */
export function inPrefix(ip: Ip4, net: Ip4, len: number): boolean {
  return ((ip ^ net) & masks[len]!) === 0;
}

/** The directed broadcast address of `ip/len`. */
export function broadcastOf(ip: Ip4, len: number): Ip4 {
  return (networkOf(ip, len) | ~masks[len]!) >>> 0;
}

export function isLoopback(ip: Ip4): boolean {
  return ip >>> 24 === 127;
}
export function isMulticast(ip: Ip4): boolean {
  return ip >>> 28 === 0xe;
}
/** 0.0.0.0/8, class E and the limited broadcast: never valid as a source (route.c martians). */
export function isZeronet(ip: Ip4): boolean {
  return ip >>> 24 === 0;
}
export function isLbcast(ip: Ip4): boolean {
  return ip === IP4_BROADCAST;
}

export function formatPrefix(net: Ip4, len: number): string {
  return len === 32 ? formatIp4(net) : `${formatIp4(net)}/${len}`;
}

/*
 * IPv6 addresses as eight 16-bit groups (struct in6_addr's s6_addr16, host order): plain arrays
 * so a parsed command stays cloneable and JSON-printable. inet_pton and glibc's inet_ntop are
 * the text forms: iptables, ip and the kernel's %pI6c all print what inet_ntop prints.
 */

export type Ip6 = readonly number[];

/** inet_pton(AF_INET6): hex groups, one `::`, an optional dotted IPv4 tail; undefined otherwise. */
export function parseIp6(text: string): Ip6 | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.split('::').length > 2) return undefined;
  let tail: number[] = [];
  let body = text;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const parts = text.slice(lastColon + 1).split('.');
    if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255 || (p.length > 1 && p[0] === '0'))) return undefined;
    const b = parts.map(Number);
    tail = [(b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!];
    body = text.slice(0, lastColon + 1);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
  }
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const gap = body.indexOf('::');
  if (gap < 0) {
    const all = groups(body);
    if (!all || all.length + tail.length !== 8) return undefined;
    return [...all, ...tail];
  }
  const head = groups(body.slice(0, gap));
  const rest = groups(body.slice(gap + 2));
  if (!head || !rest) return undefined;
  const missing = 8 - head.length - rest.length - tail.length;
  // glibc's inet_pton lets `::` stand for a single zero group too.
  if (missing < 1) return undefined;
  return [...head, ...Array<number>(missing).fill(0), ...rest, ...tail];
}

/** glibc inet_ntop: lowercase, the longest run (2+) of zero groups as `::`, IPv4-mapped and compatible tails dotted. */
export function formatIp6(a: Ip6): string {
  let best = { base: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (a[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && a[j] === 0) j++;
    if (j - i > best.len) best = { base: i, len: j - i };
    i = j;
  }
  if (best.len < 2) best = { base: -1, len: 0 };
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (i >= best.base && i < best.base + best.len && best.base >= 0) {
      if (i === best.base) s += ':';
      continue;
    }
    if (i !== 0) s += ':';
    if (i === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && a[5] === 0xffff))) {
      s += `${a[6]! >> 8}.${a[6]! & 255}.${a[7]! >> 8}.${a[7]! & 255}`;
      break;
    }
    s += a[i]!.toString(16);
  }
  if (best.base >= 0 && best.base + best.len === 8) s += ':';
  return s;
}

/** `addr` with every bit past the first `len` cleared. */
export function networkOf6(a: Ip6, len: number): Ip6 {
  return a.map((g, i) => {
    const bits = Math.max(0, Math.min(16, len - i * 16));
    return bits === 0 ? 0 : g & ((0xffff << (16 - bits)) & 0xffff);
  });
}

/** The prefix length of a contiguous netmask, or undefined for one with holes. */
export function maskToLength6(mask: Ip6): number | undefined {
  let len = 0;
  let ended = false;
  for (const g of mask) {
    for (let bit = 15; bit >= 0; bit--) {
      const set = ((g >> bit) & 1) === 1;
      if (set && ended) return undefined;
      if (set) len++;
      else ended = true;
    }
  }
  return len;
}

import type { CapturedFrame } from '../wire/types';
import { decodeDns } from '../wire/dns';

/*
 * glibc sends a lookup's A and AAAA queries with one sendmmsg(); on a real LAN the answer to
 * the first often reaches the capture before the second query does (the sending thread is
 * still in the syscall), so the kernel shows "A?, answer, AAAA?" or "A?, AAAA?, answer" at
 * random. Both sides are put in one canonical order before comparing: a query moves ahead of
 * the frame just before it when that frame answers (or is an ICMP error about) the previous
 * query of the same socket. Everything else keeps its order.
 */

interface DnsKey {
  sock: string;
  id: number;
  query: boolean;
}

function dnsKey(f: CapturedFrame): DnsKey | undefined {
  const p = f.payload;
  if (p.kind !== 'ipv4') return undefined;
  const l4 = p.payload;
  if (l4.kind === 'udp' && (l4.dport === 53 || l4.sport === 53)) {
    const query = l4.dport === 53;
    const id = l4.data.length >= 2 ? (l4.data[0]! << 8) | l4.data[1]! : -1;
    const sock = query ? `${p.src}:${l4.sport}>${p.dst}` : `${p.dst}:${l4.dport}>${p.src}`;
    return { sock, id, query };
  }
  // An ICMP error quoting one of our queries stands for its answer.
  if (l4.kind === 'icmp' && l4.original && l4.original.payload.kind === 'udp' && l4.original.payload.dport === 53) {
    const o = l4.original;
    const u = o.payload as { sport: number; data: Uint8Array };
    const id = u.data.length >= 2 ? (u.data[0]! << 8) | u.data[1]! : -1;
    return { sock: `${o.src}:${u.sport}>${o.dst}`, id, query: false };
  }
  return undefined;
}

export function canonicalDnsOrder<T extends { frame: CapturedFrame }>(frames: readonly T[]): T[] {
  const out: { item: T; key?: DnsKey }[] = [];
  const lastQuery = new Map<string, number>();
  for (const item of frames) {
    const key = dnsKey(item.frame);
    if (key?.query) {
      const prev = lastQuery.get(key.sock);
      const top = out[out.length - 1];
      lastQuery.set(key.sock, key.id);
      if (prev !== undefined && prev !== key.id && top?.key && !top.key.query && top.key.sock === key.sock && top.key.id === prev) {
        out.splice(out.length - 1, 0, { item, key });
        continue;
      }
    }
    out.push({ item, key });
  }
  return out.map((o) => o.item);
}

/** A DNS message in a comparable one-line form (ids are renamed by the caller). */
export function dnsSummary(data: Uint8Array, renameId: (id: number) => string): string | undefined {
  let m;
  try {
    m = decodeDns(data);
  } catch {
    return undefined;
  }
  const flags = [m.response && 'qr', m.authoritative && 'aa', m.truncated && 'tc', m.recursionDesired && 'rd', m.recursionAvailable && 'ra', m.authenticData && 'ad', m.checkingDisabled && 'cd'].filter(Boolean).join(' ');
  const rr = (r: (typeof m.answers)[number]) => {
    if (r.type === 41) {
      // OPT: size and option codes and lengths (a client cookie is random).
      const b = r.data.kind === 'bytes' ? r.data.bytes : new Uint8Array();
      const opts: string[] = [];
      for (let i = 0; i + 4 <= b.length; i += 4 + ((b[i + 2]! << 8) | b[i + 3]!)) {
        const code = (b[i]! << 8) | b[i + 1]!;
        const len = (b[i + 2]! << 8) | b[i + 3]!;
        opts.push(code === 10 ? `cookie/${len}` : `${code}:${Array.from(b.subarray(i + 4, i + 4 + len)).join(',')}`);
      }
      return `OPT ${r.class} ttl ${r.ttl} [${opts.join(' ')}]`;
    }
    const d = r.data;
    const v = d.kind === 'address' ? `${d.address >>> 24}.${(d.address >>> 16) & 255}.${(d.address >>> 8) & 255}.${d.address & 255}` : d.kind === 'name' ? d.name : d.kind;
    return `${r.name} ${r.ttl} ${r.class} ${r.type} ${v}`;
  };
  const q = m.questions.map((x) => `${x.name} ${x.class} ${x.type}`).join(',');
  return `DNS ${renameId(m.id)} [${flags}] rcode ${m.rcode} q ${q} an [${m.answers.map(rr).join('; ')}] ns [${m.authorities.map(rr).join('; ')}] ar [${m.additionals.map(rr).join('; ')}]`;
}

import { NFT_LOG_FLAGS, type NftElement, type NftFamily, type NftKey, type NftLogFlag, type NftScalar, type NftStmt, type NftValue, type NftVerdict } from './ast';
import { ICMPX_REJECT_CODE, printScalar, SYMBOLS } from './datatypes';
import { UNQUALIFIED_META } from './parse-key';
import { printNftTime } from './nft_time';

/*
 * A rule as nft lists it (the netlink_delinearize + *_print functions): its statements in
 * order, the dependencies nft added itself left out, `==` not written, constants by their
 * type's printer, set elements in key order, `mark` as `meta mark`, a counter with its counts.
 */

export function printKey(k: NftKey): string {
  switch (k.kind) {
    case 'payload':
      return `${k.proto} ${k.field}`;
    case 'meta':
      return UNQUALIFIED_META.has(k.key) && k.key !== 'mark' ? k.key : `meta ${k.key}`;
    case 'ct':
      return 'dir' in k ? `ct ${k.dir} ip ${k.key}` : `ct ${k.key}`;
    case 'fib':
      return `fib ${k.flags.join(' . ')} ${k.result}`;
    case 'concat':
      return k.parts.map(printKey).join(' . ');
    case 'numgen':
      return `numgen ${k.mode} mod ${k.mod}${k.offset ? ` offset ${k.offset}` : ''}`;
  }
}

/** Where an element sorts (nft lists a set's elements by their key). */
function sortKey(v: NftValue): number {
  switch (v.kind) {
    case 'value':
      return 'value' in v.v ? v.v.value : 0;
    case 'prefix':
      return v.v.value;
    case 'range':
      return v.lo.value;
    case 'concat':
      return sortKey(v.parts[0]!);
    default:
      return 0;
  }
}

/**
 * A concatenation's key as the kernel holds it: each part in its byte order (addresses and
 * ports in network order, marks in host order: little-endian here), padded to 4 bytes.
 */
function concatBytes(v: NftValue & { kind: 'concat' }): number[] {
  const bytes: number[] = [];
  for (const p of v.parts) {
    const n = sortKey(p);
    const type = p.kind === 'value' || p.kind === 'prefix' ? p.v.type : p.kind === 'range' ? p.lo.type : 'integer';
    const size = type === 'ipv4_addr' ? 4 : type === 'inet_service' ? 2 : type === 'inet_proto' || type === 'icmp_type' ? 1 : 4;
    const part = Array.from({ length: size }, (_, i) => (n >>> (8 * (size - 1 - i))) & 0xff);
    if (type !== 'ipv4_addr' && type !== 'inet_service' && size === 4) part.reverse();
    bytes.push(...part, ...Array(((4 - (size % 4)) % 4)).fill(0));
  }
  return bytes;
}

/**
 * nft lists a set's elements in order of their keys' values; a concatenation's value is its
 * bytes read as one little-endian number, so its last part counts most (recorded:
 * `1.1.1.1 . 1, 9.9.9.9 . 1, 1.1.1.1 . 2`).
 */
export function sortedElements(elements: readonly NftElement[]): NftElement[] {
  const cmp = (a: NftValue, b: NftValue): number => {
    if (a.kind === 'value' && b.kind === 'value' && 'name' in a.v && 'name' in b.v) return nameOrder(a.v.name, b.v.name);
    if (a.kind !== 'concat' || b.kind !== 'concat') return sortKey(a) - sortKey(b);
    const x = concatBytes(a);
    const y = concatBytes(b);
    for (let i = Math.max(x.length, y.length) - 1; i >= 0; i--) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  };
  return [...elements].sort((a, b) => cmp(a.key, b.key));
}

/**
 * Interface names are 16 bytes in host order, compared as one little-endian number: from the
 * last byte (recorded: "lo" before "eth0", whose fourth byte is not zero).
 */
function nameOrder(a: string, b: string): number {
  for (let i = 15; i >= 0; i--) {
    const d = (a.charCodeAt(i) || 0) - (b.charCodeAt(i) || 0);
    if (d) return d;
  }
  return 0;
}

export function printVerdict(v: NftVerdict): string {
  return 'chain' in v ? `${v.verdict} ${v.chain}` : v.verdict;
}

/** `timed`: a named set's element, with its timeout (when not the set's) and what is left of it. */
export function printElement(e: NftElement, timed?: { setTimeout: number | undefined; now: number }): string {
  let key = printValue(e.key);
  if (timed && e.timeout !== undefined && e.timeout !== timed.setTimeout) key += ` timeout ${printNftTime(e.timeout)}`;
  if (timed && e.expires !== undefined) key += ` expires ${printNftTime((e.expires - timed.now) / 1_000_000)}`;
  if (e.comment !== undefined) key += ` comment "${e.comment}"`;
  if (!e.data) return key;
  return `${key} : ${e.data.kind === 'verdict' ? printVerdict(e.data) : printValue(e.data)}`;
}

export function printValue(v: NftValue): string {
  switch (v.kind) {
    case 'value':
      return printScalar(v.v);
    case 'prefix':
      return `${printScalar(v.v)}/${v.len}`;
    case 'range':
      return `${printScalar(v.lo)}-${printScalar(v.hi)}`;
    case 'concat':
      return v.parts.map(printValue).join(' . ');
    case 'set':
      // Inside a set a bitmask's several bits are `syn | ack` (one element), not `syn,ack` (two).
      return `{ ${sortedElements(v.elements).map((e) => (isBitmaskValue(e.key) && !e.data && e.comment === undefined ? printValue(e.key).split(',').join(' | ') : printElement(e))).join(', ')} }`;
    case 'setref':
      return `@${v.name}`;
  }
}

const isBitmaskValue = (v: NftValue): boolean => v.kind === 'value' && 'value' in v.v && SYMBOLS[v.v.type]?.bitmask === true;

/** nft's log_stmt_print: prefix, the nflog group's settings, a level other than warn, the flags. */
function printLog(s: Extract<NftStmt, { kind: 'log' }>): string {
  let out = 'log';
  if (s.prefix !== undefined) out += ` prefix "${s.prefix}"`;
  if (s.group !== undefined) out += ` group ${s.group}`;
  if (s.snaplen !== undefined) out += ` snaplen ${s.snaplen}`;
  if (s.queueThreshold !== undefined) out += ` queue-threshold ${s.queueThreshold}`;
  if (s.level !== undefined && s.level !== 'warn') out += ` level ${s.level}`;
  const f = new Set(s.flags ?? []);
  if (f.size === NFT_LOG_FLAGS.length) return `${out} flags all`;
  const tcp = ['sequence', 'options'].filter((x) => f.has(`tcp ${x}` as NftLogFlag));
  if (tcp.length) out += ` flags tcp ${tcp.join(',')}`;
  if (f.has('ip options')) out += ' flags ip options';
  if (f.has('skuid')) out += ' flags skuid';
  if (f.has('ether')) out += ' flags ether';
  return out;
}

/** A byte count in nft's largest unit that divides it (`1048576` is `1 mbytes`). */
function printBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} mbytes`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} kbytes`;
  return `${n} bytes`;
}

function printPorts(p: { lo: number; hi: number }): string {
  return p.lo === p.hi ? `${p.lo}` : `${p.lo}-${p.hi}`;
}

export function printStmt(s: NftStmt, family: NftFamily): string {
  switch (s.kind) {
    case 'match': {
      const op = s.op === 'implicit' ? ' ' : ` ${s.op} `;
      const right = printValue(s.right);
      if (s.mask !== undefined && s.key.type === 'tcp_flag' && (s.op === 'implicit' || s.op === '!=')) {
        const mask = printScalar({ type: 'tcp_flag', value: s.mask });
        // flags & mask == 0: none of them set.
        if (s.right.kind === 'value' && 'value' in s.right.v && s.right.v.value === 0 && s.op === 'implicit') return `${printKey(s.key)} ! ${mask}`;
        // flags & f == f of one flag: nft keeps the binary operation (recorded: `tcp flags & syn == syn`;
        // of several it is `syn,ack / syn,ack`, list-tcp-flags).
        if (s.right.kind === 'value' && 'value' in s.right.v && s.right.v.value === s.mask && (s.mask & (s.mask - 1)) === 0) return `${printKey(s.key)} & ${mask} ${s.op === '!=' ? '!=' : '=='} ${right}`;
        return `${printKey(s.key)} ${s.op === '!=' ? '!= ' : ''}${right} / ${mask}`;
      }
      if (s.mask !== undefined) return `${printKey(s.key)} & ${printScalar({ type: s.key.type, value: s.mask } as NftScalar)} ${s.op === 'implicit' ? '==' : s.op} ${right}`;
      // A bitmask compared whole (cmp eq/neq) with several bits: nft 1.0.6 prints tcp flags in hex
      // (`tcp flags == 0x12`) and a conntrack state or status as `a | b`, dropping the `==`.
      if ((s.op === '==' || s.op === '!=') && s.right.kind === 'value' && 'value' in s.right.v && s.right.v.value & (s.right.v.value - 1)) {
        const v = s.right.v.value;
        if (s.key.type === 'tcp_flag') return `${printKey(s.key)} ${s.op} 0x${v.toString(16).padStart(2, '0')}`;
        return `${printKey(s.key)} ${s.op === '!=' ? '!= ' : ''}${right.split(',').join(' | ')}`;
      }
      return `${printKey(s.key)}${op}${right}`;
    }
    case 'verdict':
      return printVerdict(s);
    case 'counter':
      return `counter packets ${s.packets} bytes ${s.bytes}`;
    case 'limit':
      if (s.bytes) return `limit rate ${s.over ? 'over ' : ''}${printBytes(s.rate)}/${s.unit}${s.burst ? ` burst ${printBytes(s.burst)}` : ''}`;
      return `limit rate ${s.over ? 'over ' : ''}${s.rate}/${s.unit}${s.burst !== 5 ? ` burst ${s.burst} packets` : ''}`;
    case 'log':
      return printLog(s);
    case 'notrack':
      return 'notrack';
    case 'dynset':
      return `${s.op} @${s.set.name} { ${printKey(s.key)}${s.timeout !== undefined ? ` timeout ${printNftTime(s.timeout)}` : ''} }`;
    case 'tcpmss-set':
      return `tcp option maxseg size set ${s.value}`;
    case 'meta-set':
    case 'ct-set': {
      if (s.map) return `${s.kind === 'ct-set' ? 'ct' : 'meta'} ${s.key} set ${printKey(s.map.key)} map ${printValue(s.map.map)}`;
      const value = s.key === 'mark' ? printScalar({ type: 'mark', value: s.value }) : String(s.value);
      if (s.from && !s.from.op) return `${s.kind === 'ct-set' ? 'ct' : 'meta'} ${s.key} set ${printKey(s.from.key)}`;
      return `${s.kind === 'ct-set' ? 'ct' : 'meta'} ${s.key} set ${s.from ? `${printKey(s.from.key)} ${s.from.op} ` : ''}${value}`;
    }
    case 'reject':
      if (!s.with) return 'reject';
      if (s.with.kind === 'tcp-reset') return 'reject with tcp reset';
      const code = s.with.type;
      if (s.with.kind === 'icmpx') return `reject with icmpx ${Object.keys(ICMPX_REJECT_CODE).find((k) => ICMPX_REJECT_CODE[k] === code) ?? code}`;
      return `reject with icmp ${printIcmpCode(code)}`;
    case 'vmap':
      return `${printKey(s.key)} vmap ${printValue(s.map)}`;
    case 'xt':
      return s.xlate ?? `xt ${s.ext} ${s.name}`;
    case 'nat': {
      let out = s.type;
      if ((s.type === 'snat' || s.type === 'dnat') && family === 'inet') out += ' ip';
      if (s.addr || s.port) {
        out += ' to ';
        if (s.addr) out += s.addr.kind === 'map' ? `${printKey(s.addr.key)} map ${printValue(s.addr.map)}` : printValue(s.addr);
        if (s.port) out += `:${printPorts(s.port)}`;
      }
      if (s.flags.length) out += ` ${s.flags.join(',')}`;
      return out;
    }
  }
}

const ICMP_CODES = ['net-unreachable', 'host-unreachable', 'prot-unreachable', 'port-unreachable', 'frag-needed'];

function printIcmpCode(code: number): string {
  return ICMP_CODES[code] ?? ({ 9: 'net-prohibited', 10: 'host-prohibited', 13: 'admin-prohibited' } as Record<number, string>)[code] ?? String(code);
}

export function printRule(stmts: readonly NftStmt[], family: NftFamily, comment?: string): string {
  const printed = stmts.filter((s) => !(s.kind === 'match' && s.hidden)).map((s) => printStmt(s, family)).join(' ');
  return comment === undefined ? printed : `${printed} comment "${comment}"`;
}

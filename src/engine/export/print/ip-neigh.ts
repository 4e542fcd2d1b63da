import { formatIp4, inPrefix, parseIp4 } from '../../addr/ipv4';
import type { IpShow } from '../../command/types';
import { neighValues, type NudState } from '../../kernel/neighbour';
import type { Stack } from '../../kernel/stack';
import { fail, ok, type Printed } from './common';

/*
 * `ip neigh show` as iproute2 6.1 prints it (ip/ipneigh.c): `ADDR dev DEV lladdr MAC STATE `
 * (a trailing space), no lladdr unless the entry is valid, NOARP entries only with `nud all`,
 * and `dev DEV` left out when the listing was asked for one device.
 */

const VALID: ReadonlySet<NudState> = new Set(['REACHABLE', 'STALE', 'DELAY', 'PROBE', 'PERMANENT', 'NOARP']);
const NUD_NAMES: Record<string, NudState[] | 'all'> = {
  all: 'all', permanent: ['PERMANENT'], reachable: ['REACHABLE'], stale: ['STALE'], delay: ['DELAY'], probe: ['PROBE'],
  failed: ['FAILED'], incomplete: ['INCOMPLETE'], noarp: ['NOARP'],
};

export function printIpNeighShow(stack: Stack, c: IpShow): Printed {
  let dev = c.dev ? stack.byName.get(c.dev.text) : undefined;
  if (c.dev && !dev) return fail(`Cannot find device "${c.dev.text}"`, 1);
  let states: NudState[] | 'all' | undefined;
  let to: { addr: number; len: number } | undefined;
  const words = c.selectors.map((w) => w.text);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === 'nud' && words[i + 1] !== undefined) {
      const s = NUD_NAMES[words[++i]!];
      if (!s) return fail(`Error: argument "${words[i]}" is wrong: nud state is bad`, 1);
      states = s === 'all' ? 'all' : [...(Array.isArray(states) ? states : []), ...s];
    } else if (w === 'dev' && words[i + 1] !== undefined) {
      dev = stack.byName.get(words[++i]!);
      if (!dev) return fail(`Cannot find device "${words[i]}"`, 1);
    } else {
      const text = w === 'to' ? words[++i] ?? '' : w;
      const [a, l] = text.split('/');
      const addr = parseIp4(a ?? '');
      if (addr === undefined) return fail(`hairpin: ip neigh show selector '${w}' is not supported`, 2);
      to = { addr, len: l === undefined ? 32 : Number(l) };
    }
  }
  let out = '';
  for (const n of neighValues(stack)) {
    if (dev && n.dev !== dev) continue;
    if (states === undefined ? n.state === 'NOARP' : states !== 'all' && !states.includes(n.state)) continue;
    if (to && !inPrefix(n.ip, to.addr, to.len)) continue;
    out += neighLine(n.ip, dev ? undefined : n.dev.name, lladdrOf(n.mac, n.state), n.state);
  }
  return ok(out);
}

/** The link-layer address iproute2 prints: only for a valid entry ('' for none). */
function lladdrOf(mac: string | undefined, state: NudState): string {
  return mac && VALID.has(state) ? mac : '';
}

function neighLine(ip: number, dev: string | undefined, lladdr: string, state: NudState): string {
  return `${formatIp4(ip)} ${dev === undefined ? '' : `dev ${dev} `}${lladdr ? `lladdr ${lladdr} ` : ''}${state} \n`;
}

/** What plain `ip neigh` lists, as values: address, device, lladdr ('' when not printed) and state of each entry, in order. */
export type IpNeighRows = readonly (number | string)[];

/** The entries plain `ip neigh` prints, as values (the view log keeps these, and prints them only for a step that is shown). */
export function ipNeighRows(stack: Stack): IpNeighRows {
  const rows: (number | string)[] = [];
  // Table by table without a generator: the view log reads these at every neighbour change.
  for (const tbl of stack.neighTables) {
    if (tbl) for (const n of tbl.values()) if (n.state !== 'NOARP') rows.push(n.ip, n.dev.name, lladdrOf(n.mac, n.state), n.state);
  }
  return rows;
}

/** What plain `ip neigh` printed for these rows. */
export function printIpNeighRows(rows: IpNeighRows): string {
  let out = '';
  for (let i = 0; i < rows.length; i += 4) out += neighLine(rows[i] as number, rows[i + 1] as string, rows[i + 2] as string, rows[i + 3] as NudState);
  return out;
}

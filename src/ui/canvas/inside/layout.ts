import type { DeviceInside, InnerInterface, InnerNamespace } from '../../../engine/api';

/*
 * Where a device's insides go, worked out from the engine's description alone (no DOM, no
 * saved positions: the scenario format is unchanged, and the same description always gives
 * the same picture). The device card grows to hold them:
 *
 *   ┌ box ─────────────────────────────────┐
 *   │ [br0 bridge 10.0.0.1/24 ═══════════] │  the init namespace's bridges (bars, their ports
 *   │   veth1 ┆        veth2 ┆  [macvlan0] │  hanging from them) and other interfaces it made;
 *   │         ┆              ┆             │  veth pairs: short links down to the named
 *   │   ┌─────┴────┐   ┌─────┴────┐        │  namespaces, up to five a row, ordered as their
 *   │   │ [ceth1]  │   │ [ceth2]  │        │  peers are above them, interfaces side by side,
 *   │   └ ns1 ─────┘   └ ns2 ─────┘        │  the name on the bottom border
 *   └──────────────────────────────────────┘
 *
 * Sizes are fixed here, not measured: React Flow places the children before the browser
 * lays anything out, and a device's size must not depend on the font.
 */

/** The card's padding (canvas.css), and where the inner area starts: under its header (glyph, id, kind; 44 px) and a gap. */
const PAD = 14;
const INNER_TOP = 70;
const MIN_INNER_W = 220;
const GAP_X = 18;
/** Between the init namespace's row and the namespaces: room for the veth links. */
const LINK_GAP = 46;
const ROW_GAP = 30;

const BAR_H = 30;
/** A port's tab: wide enough for its name (12.5 px monospace, 7.6 px a character), within bounds; 8 px apart. */
const TAB_MIN = 76;
const TAB_MAX = 132;
const TAB_GAP = 8;
const TAB_H = 28;
const BAR_MIN_W = 170;
const CHIP_W = 136;
const CHIP_H = 46;

/** Sizes of the parts, as canvas.css draws them. A namespace box: its interfaces side by side, its name on the bottom border (links come from above). */
const NS_MIN_W = 160;
const NS_LABEL = 24;
const IF_W = 136;
const IF_H = 46;
const IF_GAP = 8;
const NS_PAD = 10;
/** More namespaces than this start another row; rows are balanced (7 make 4 and 3). */
const PER_ROW = 5;

/** A child node of the device, positioned by its centre relative to the card's top-left (nodeOrigin 0.5). */
export type InsidePart =
  | { kind: 'bridge'; id: string; x: number; y: number; width: number; height: number; bridge: InnerInterface; ports: InnerInterface[]; tab: number }
  | { kind: 'iface'; id: string; x: number; y: number; width: number; height: number; iface: InnerInterface }
  | { kind: 'netns'; id: string; x: number; y: number; width: number; height: number; namespace: InnerNamespace };

/** A link inside the device: between the handles (interface names) of two parts. */
export interface InsideLink {
  /** The trace's names of its ends, `box:veth1` and `box/ns1:ceth1` (as frames on it are labelled). */
  a: string;
  b: string;
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
  /** veth: a pair; lower: a macvlan, vlan or vxlan on the device it sits on; nic: a port of the device moved into a namespace. */
  kind: 'veth' | 'lower' | 'nic';
  label?: string;
}

export interface InsideLayout {
  /** The card's size. */
  width: number;
  height: number;
  parts: InsidePart[];
  links: InsideLink[];
  notRecorded: string[];
}

/** `box:veth1`, `box/ns1:ceth1`: how the trace names an interface (its namespace's label, its name). */
export function endOf(ns: string, name: string): string {
  return `${ns}:${name}`;
}

/** A namespace box's size: its interfaces in a row (an empty one keeps room to say so). */
function nsSize(n: number): { width: number; height: number } {
  return { width: Math.max(NS_MIN_W, n * IF_W + Math.max(0, n - 1) * IF_GAP + 2 * NS_PAD), height: NS_PAD + IF_H + NS_LABEL };
}

export function layoutInside(device: string, inside: DeviceInside): InsideLayout {
  const [init, ...named] = inside.namespaces;
  const parts: InsidePart[] = [];
  const links: InsideLink[] = [];
  /** Which part draws each interface: its node id (the handle id is the interface's name). */
  const owner = new Map<string, string>();

  // The namespaces, ordered by where their peers sit above them (fewer crossing links).
  const initItems = (init?.interfaces ?? []).filter((i) => !i.port);
  const bridges = initItems.filter((i) => i.type === 'bridge');
  const loose = initItems.filter((i) => i.type !== 'bridge' && !(i.master && bridges.some((b) => b.name === i.master)));
  const aboveOrder = new Map<string, number>();
  let k = 0;
  for (const b of bridges) for (const p of portsOf(init!, b.name)) if (p.peer) aboveOrder.set(p.peer.ns, aboveOrder.get(p.peer.ns) ?? k++);
  for (const i of loose) if (i.peer) aboveOrder.set(i.peer.ns, aboveOrder.get(i.peer.ns) ?? k++);
  const order = named.map((n, i) => ({ n, i })).sort((p, q) => (aboveOrder.get(p.n.label) ?? 1e6 + p.i) - (aboveOrder.get(q.n.label) ?? 1e6 + q.i));

  // Row 1: the init namespace's bridges (ports ordered by their peers' namespaces) and other interfaces.
  const nsRank = new Map(order.map(({ n }, i) => [n.label, i]));
  // Ports whose peers are below come in their order; the rest (a NIC, a veth end of its own) after them.
  const rank = (i: InnerInterface) => (i.peer ? (nsRank.get(i.peer.ns) ?? 1e6) : 1e6);
  const row1: { width: number; height: number; make(x: number, y: number): void }[] = [];
  for (const b of bridges) {
    const ports = portsOf(init!, b.name).sort((p, q) => rank(p) - rank(q));
    // Room for its name, its tag and its first address on the bar (13 px monospace, about 8 px a character).
    const text = 24 + (b.name.length + (b.addresses[0]?.length ?? 0)) * 8 + 64;
    const tab = Math.min(TAB_MAX, Math.max(TAB_MIN, Math.ceil(Math.max(0, ...ports.map((p) => p.name.length)) * 7.6 + 16)));
    const width = Math.max(BAR_MIN_W, ports.length * (tab + TAB_GAP) + 16, Math.ceil(text));
    const id = `${init!.label}#${b.name}`;
    row1.push({
      width,
      height: BAR_H + TAB_H,
      make: (x, y) => parts.push({ kind: 'bridge', id, x: x + width / 2, y: y + (BAR_H + TAB_H) / 2, width, height: BAR_H + TAB_H, bridge: b, ports, tab }),
    });
    for (const p of ports) owner.set(endOf(init!.label, p.name), id);
    owner.set(endOf(init!.label, b.name), id);
  }
  for (const i of loose.sort((p, q) => rank(p) - rank(q))) {
    const id = `${init!.label}#${i.name}`;
    row1.push({ width: CHIP_W, height: CHIP_H, make: (x, y) => parts.push({ kind: 'iface', id, x: x + CHIP_W / 2, y: y + CHIP_H / 2, width: CHIP_W, height: CHIP_H, iface: i }) });
    owner.set(endOf(init!.label, i.name), id);
  }

  // Rows of namespaces.
  const rows: (typeof order)[] = [];
  const perRow = Math.ceil(order.length / Math.ceil(order.length / PER_ROW));
  for (let i = 0; i < order.length; i += perRow) rows.push(order.slice(i, i + perRow));
  const rowWidth = (w: number[]) => w.reduce((s, x) => s + x, 0) + Math.max(0, w.length - 1) * GAP_X;
  const nsWidths = rows.map((r) => r.map(({ n }) => nsSize(n.interfaces.length).width));
  const innerW = Math.max(MIN_INNER_W, rowWidth(row1.map((r) => r.width)), ...nsWidths.map(rowWidth));

  let y = INNER_TOP;
  if (row1.length) {
    let x = PAD + (innerW - rowWidth(row1.map((r) => r.width))) / 2;
    const h = Math.max(...row1.map((r) => r.height));
    for (const item of row1) {
      item.make(x, y);
      x += item.width + GAP_X;
    }
    y += h + (rows.length ? LINK_GAP : 0);
  }
  rows.forEach((row, r) => {
    const { height } = nsSize(0);
    let x = PAD + (innerW - rowWidth(nsWidths[r]!)) / 2;
    for (const { n } of row) {
      const { width } = nsSize(n.interfaces.length);
      parts.push({ kind: 'netns', id: n.label, x: x + width / 2, y: y + height / 2, width, height, namespace: n });
      for (const i of n.interfaces) owner.set(endOf(n.label, i.name), n.label);
      x += width + GAP_X;
    }
    y += height + (r < rows.length - 1 ? ROW_GAP : 0);
  });

  // Links: each veth pair once, and each upper device to its lower one.
  for (const ns of inside.namespaces) {
    for (const i of ns.interfaces) {
      const here = endOf(ns.label, i.name);
      if (i.peer) {
        const there = endOf(i.peer.ns, i.peer.name);
        if (here < there) addLink(links, owner, device, here, there, 'veth');
      }
      if (i.lower) addLink(links, owner, device, endOf(i.lower.ns, i.lower.name), here, 'lower', i.type);
      // The device's port, now in a namespace (ip link set eth0 netns ns1): its link on the card
      // (by the scenario's name, should the config have renamed it) leads to it.
      if (i.port && ns !== init) addLink(links, owner, device, endOf(device, i.scenarioPort ?? i.name), here, 'nic');
    }
  }
  // Room at the bottom for the "Modelled, not recorded" mark (DeviceNode).
  const mark = inside.notRecorded.length ? 24 : 0;
  return { width: innerW + 2 * PAD, height: y + PAD + mark, parts, links, notRecorded: inside.notRecorded };
}

/**
 * The links frames travel on, as pairs of trace ends: the veth pairs. A macvlan's or vlan's
 * frames go out on its lower device's own link, and a port moved into a namespace keeps its
 * link: neither is a wire of its own.
 */
export function frameLinks(layout: InsideLayout): [string, string][] {
  return layout.links.filter((l) => l.kind === 'veth').map((l) => [l.a, l.b]);
}

function portsOf(ns: InnerNamespace, bridge: string): InnerInterface[] {
  return ns.interfaces.filter((i) => i.master === bridge);
}

/** A link between two drawn interfaces; a topology port is drawn by the device itself (its handle on the card's edge). */
function addLink(links: InsideLink[], owner: Map<string, string>, device: string, a: string, b: string, kind: InsideLink['kind'], label?: string): void {
  const source = (kind === 'nic' ? undefined : owner.get(a)) ?? (a.startsWith(`${device}:`) ? device : undefined);
  const target = owner.get(b) ?? (b.startsWith(`${device}:`) ? device : undefined);
  if (!source || !target) return;
  const link: InsideLink = { a, b, source, sourceHandle: a.slice(a.indexOf(':') + 1), target, targetHandle: b.slice(b.indexOf(':') + 1), kind };
  if (label) link.label = label;
  links.push(link);
}

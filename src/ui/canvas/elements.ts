import type { Edge, Node } from '@xyflow/react';
import type { DeviceKind, ScenarioDoc } from '../../engine/scenario/types';
import { estimateDevice } from './estimate';
import { linkPeers, portLayout, splitEnd, toFlow, type PortLayout } from './geometry';
import { linkId } from './traffic';

/*
 * The document as React Flow nodes and edges. Derived data is kept identical (same object)
 * while what it shows is unchanged, so moving one device re-renders only that device.
 */

export interface DeviceData extends Record<string, unknown> {
  kind: DeviceKind;
  /** Which side each port sits on, facing its peer. */
  sides: PortLayout;
  /** Port → addresses in CIDR form, from the config. */
  addresses: Record<string, string[]>;
  forwarding: boolean;
}

export interface LinkData extends Record<string, unknown> {
  a: string;
  b: string;
}

export type DeviceNode = Node<DeviceData, 'device'>;
export type LinkEdge = Edge<LinkData, 'link'>;

export function deviceLabel(id: string, kind: DeviceKind): string {
  return `${id} (${kind})`;
}

const derived = new WeakMap<readonly string[], { addresses: Record<string, string[]>; forwarding: boolean }>();
const NO_CONFIG: string[] = [];
const NOT_READ = { addresses: {}, forwarding: false };

/*
 * The config reader is the engine's whole command parser (every tool and iptables extension):
 * it loads after the first render, so the page starts without it, and the devices get their
 * address labels a moment later (useFlowState rebuilds them when it is ready).
 */
let configReader: typeof import('./addresses') | undefined;
export const configReaderReady: Promise<void> = import('./addresses').then((m) => {
  configReader = m;
});

function fromConfig(config: readonly string[] = NO_CONFIG) {
  if (!configReader) return NOT_READ;
  let d = derived.get(config);
  if (!d) derived.set(config, (d = { addresses: configReader.portAddresses(config), forwarding: configReader.isForwarding(config) }));
  return d;
}

function sameData(a: DeviceData, b: DeviceData): boolean {
  return a.kind === b.kind && a.forwarding === b.forwarding && JSON.stringify([a.sides, a.addresses]) === JSON.stringify([b.sides, b.addresses]);
}

/** From this many devices on, the canvas draws only the devices and links in view. */
export const IN_VIEW_ONLY_AT = 250;

export function drawsInViewOnly(doc: ScenarioDoc): boolean {
  let n = 0;
  for (const _ in doc.devices) if (++n >= IN_VIEW_ONLY_AT) return true;
  return false;
}

/** Sizes that are estimates (estimate.ts), not the browser's measurements. */
const estimated = new WeakSet<object>();

/**
 * With `estimate` (large documents, drawn only in view), a device not yet measured carries an
 * estimated size and port places, so React Flow need not draw it to know where its links go.
 */
export function buildNodes(doc: ScenarioDoc, prev: readonly DeviceNode[] = [], estimate = false): DeviceNode[] {
  const old = new Map(prev.map((n) => [n.id, n]));
  const peers = linkPeers(doc);
  return Object.entries(doc.devices).map(([id, d]) => {
    const { addresses, forwarding } = fromConfig(d.config);
    const fresh: DeviceData = { kind: d.kind, sides: portLayout(doc, id, peers), addresses, forwarding };
    const before = old.get(id);
    const data = before && sameData(before.data, fresh) ? before.data : fresh;
    const position = toFlow(d.at);
    if (before && before.data === data && before.position.x === position.x && before.position.y === position.y && (!estimate || before.measured)) return before;
    const node: DeviceNode = {
      id,
      type: 'device',
      position,
      data,
      ariaLabel: deviceLabel(id, d.kind),
      selected: before?.selected,
      measured: before?.measured,
    };
    if (estimate && (!node.measured || estimated.has(node.measured))) {
      const e = estimateDevice(data);
      estimated.add(e.measured);
      node.measured = e.measured;
      node.handles = e.handles;
    }
    return node;
  });
}

export function buildEdges(doc: ScenarioDoc, prev: readonly LinkEdge[] = []): LinkEdge[] {
  const old = new Map(prev.map((e) => [e.id, e]));
  return doc.links.map(([a, b]) => {
    const id = linkId(a, b);
    const before = old.get(id);
    if (before) return before;
    const [da, pa] = splitEnd(a);
    const [db, pb] = splitEnd(b);
    return { id, type: 'link', source: da, sourceHandle: pa, target: db, targetHandle: pb, data: { a, b }, ariaLabel: `Link ${a} to ${b}` };
  });
}

/** The index in doc.links of each deleted edge, highest first (so removing in order is safe). */
export function linkIndexes(doc: ScenarioDoc, edgeIds: readonly string[]): number[] {
  return doc.links
    .map(([a, b], i) => (edgeIds.includes(linkId(a, b)) ? i : -1))
    .filter((i) => i >= 0)
    .sort((x, y) => y - x);
}

import type { Edge, Node } from '@xyflow/react';
import type { DeviceKind, ScenarioDoc } from '../../engine/scenario/types';
import { estimateDevice } from './estimate';
import { linkPeers, portLayout, splitEnd, type PortLayout } from './geometry';
import { spreadOf, spreadToFlow } from './spread';
import type { InsideLayout, InsidePart } from './inside/layout';
import { NO_INSIDES, type Insides } from './insides';
import { boxOf } from '../../engine/trace/netns-label';
import type { ModelledFeature } from '../../engine/trace/modelled-note';
import { linkId } from './traffic';
import type { ConfigFacts } from './addresses';
import { devicesOfLinks } from './flow-window';
import { deviceCount, deviceIds } from '../../state/device-ids';

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
  /** Port → the name Linux knows it by, for ports the config renames (`ip link set eth1 name wan0`). */
  names: Record<string, string>;
  forwarding: boolean;
  /** What it holds inside (namespaces, bridges, veth pairs), drawn within its card. */
  inside?: InsideLayout;
  /** What its config sets up that the test kernel lacks (IPVS services), in any of its namespaces. */
  modelled?: readonly ModelledFeature[];
}

export interface LinkData extends Record<string, unknown> {
  a: string;
  b: string;
  /** A link inside a device: a veth pair, an upper device on its lower one, a port moved into a namespace. */
  inner?: 'veth' | 'lower' | 'nic';
}

/** A part drawn inside a device (a namespace, a bridge, an interface), a child node of it. */
export interface InsideData extends Record<string, unknown> {
  device: string;
  part: InsidePart;
  /** Interface types of this device the test kernel cannot show (modelled, not recorded). */
  notRecorded: readonly string[];
}

export type DeviceNode = Node<DeviceData, 'device'>;
export type InsideNode = Node<InsideData, InsidePart['kind']>;
export type CanvasNode = DeviceNode | InsideNode;
export type LinkEdge = Edge<LinkData, 'link'>;

export function isDeviceNode(n: CanvasNode): n is DeviceNode {
  return n.type === 'device';
}

export function deviceLabel(id: string, kind: DeviceKind): string {
  return `${id} (${kind})`;
}

const NOT_READ: ConfigFacts = { addresses: {}, names: {}, forwarding: false };

/**
 * Per config array, what the worker read from it (config-facts.ts asks, so no config is parsed
 * on the page); a device whose config has no answer yet is drawn without its labels.
 */
export const configFactsRead = new WeakMap<readonly string[], ConfigFacts>();

function fromConfig(config: readonly string[] | undefined): ConfigFacts {
  return (config && configFactsRead.get(config)) ?? NOT_READ;
}

/** Device id → the features its namespaces use (from the labels `box`, `box/ns1`), each once. */
function modelledByDevice(byLabel: Insides['modelled']): Map<string, ModelledFeature[]> {
  const out = new Map<string, ModelledFeature[]>();
  for (const [label, features] of byLabel) {
    const box = boxOf(label);
    out.set(box, [...new Set([...(out.get(box) ?? []), ...features])]);
  }
  return out;
}

function sameData(a: DeviceData, b: DeviceData): boolean {
  return a.kind === b.kind && a.forwarding === b.forwarding && a.inside === b.inside && a.modelled?.join() === b.modelled?.join() && JSON.stringify([a.sides, a.addresses, a.names]) === JSON.stringify([b.sides, b.addresses, b.names]);
}

/** From this many devices on, the canvas draws only the devices and links in view. */
export const IN_VIEW_ONLY_AT = 250;

export function drawsInViewOnly(doc: ScenarioDoc): boolean {
  // Counted once per devices object: a `for in` over 10,000 devices lists them all first, at every render.
  return deviceCount(doc) >= IN_VIEW_ONLY_AT;
}

/** Sizes that are estimates (estimate.ts), not the browser's measurements. */
const estimated = new WeakSet<object>();

/** Nodes built before, by id: a list, or the canvas's keep of every node it built (flow-window.ts). */
export type EarlierNodes = readonly CanvasNode[] | ReadonlyMap<string, CanvasNode>;

function byId(prev: EarlierNodes): ReadonlyMap<string, CanvasNode> {
  return prev instanceof Map ? prev : new Map((prev as readonly CanvasNode[]).map((n) => [n.id, n]));
}

/**
 * With `estimate` (large documents, drawn only in view), a device not yet measured carries an
 * estimated size and port places, so React Flow need not draw it to know where its links go.
 * With `only`, just those devices (and what is inside them), in document order.
 */
export function buildNodes(doc: ScenarioDoc, prev: EarlierNodes = [], estimate = false, insides: Insides = NO_INSIDES, only?: ReadonlySet<string>): CanvasNode[] {
  const old = byId(prev);
  const peers = linkPeers(doc);
  const spread = spreadOf(doc, insides.layouts);
  const modelled = insides.modelled.size ? modelledByDevice(insides.modelled) : undefined;
  const ids = only ? deviceIds(doc).filter((id) => only.has(id)) : deviceIds(doc);
  const devices = ids.map((id): DeviceNode => {
    const d = doc.devices[id]!;
    const { addresses, names, forwarding } = fromConfig(d.config);
    const fresh: DeviceData = { kind: d.kind, sides: portLayout(doc, id, peers), addresses, names, forwarding };
    const inside = insides.layouts.get(id);
    if (inside) fresh.inside = inside;
    const features = modelled?.get(id);
    if (features) fresh.modelled = features;
    const earlier = old.get(id);
    const before = earlier && isDeviceNode(earlier) ? earlier : undefined;
    const data = before && sameData(before.data, fresh) ? before.data : fresh;
    const position = spreadToFlow(d.at, spread);
    if (before && before.data === data && before.position.x === position.x && before.position.y === position.y && (!estimate || before.measured)) return before;
    // In a window that moves while a device is dragged (React Flow pans at the edge), the device stays where the drag has it.
    if (only && before?.dragging && before.data === data) return before;
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
  return insides.layouts.size ? [...devices, ...buildInsideNodes(doc, insides, old, only)] : devices;
}

/** The parts inside devices, after their devices (React Flow wants a parent before its children). */
function buildInsideNodes(doc: ScenarioDoc, insides: Insides, old: ReadonlyMap<string, CanvasNode>, only?: ReadonlySet<string>): InsideNode[] {
  const out: InsideNode[] = [];
  for (const [device, layout] of insides.layouts) {
    if (!Object.hasOwn(doc.devices, device) || (only && !only.has(device))) continue;
    for (const part of layout.parts) {
      const earlier = old.get(part.id);
      const before = earlier && !isDeviceNode(earlier) ? earlier : undefined;
      if (before && before.data.part === part) {
        out.push(before);
        continue;
      }
      out.push({
        id: part.id,
        type: part.kind,
        parentId: device,
        position: { x: part.x, y: part.y },
        width: part.width,
        height: part.height,
        data: { device, part, notRecorded: layout.notRecorded },
        draggable: false,
        deletable: false,
        connectable: false,
        // A namespace opens its own inspector; a bridge or an interface belongs to the device's.
        selectable: part.kind === 'netns',
        focusable: part.kind === 'netns',
        ariaLabel: part.kind === 'netns' ? `Namespace ${part.namespace.name} in ${device}` : undefined,
        selected: before?.selected,
      });
    }
  }
  return out;
}

/** The links between devices (and inside devices) of the document; with `only`, those whose both devices are in it. */
export function buildEdges(doc: ScenarioDoc, prev: readonly LinkEdge[] = [], insides: Insides = NO_INSIDES, only?: ReadonlySet<string>): LinkEdge[] {
  const old = new Map(prev.map((e) => [e.id, e]));
  const ends = only ? devicesOfLinks(doc.links) : undefined;
  const shown = ends ? doc.links.filter((_, i) => only!.has(ends[i]![0]) && only!.has(ends[i]![1])) : doc.links;
  const links = shown.map(([a, b]): LinkEdge => {
    const id = linkId(a, b);
    const before = old.get(id);
    if (before) return before;
    const [da, pa] = splitEnd(a);
    const [db, pb] = splitEnd(b);
    return { id, type: 'link', source: da, sourceHandle: pa, target: db, targetHandle: pb, data: { a, b }, ariaLabel: `Link ${a} to ${b}` };
  });
  if (!insides.layouts.size) return links;
  for (const [device, layout] of insides.layouts) {
    if (!Object.hasOwn(doc.devices, device) || (only && !only.has(device))) continue;
    for (const l of layout.links) {
      // The id is the animation's (traffic.ts): frames on it are found by their trace ends.
      const id = linkId(l.a, l.b);
      const before = old.get(id);
      if (before && before.source === l.source && before.target === l.target) {
        links.push(before);
        continue;
      }
      links.push({
        id,
        type: 'link',
        source: l.source,
        sourceHandle: l.sourceHandle,
        target: l.target,
        targetHandle: l.targetHandle,
        data: { a: l.a, b: l.b, inner: l.kind },
        selectable: false,
        deletable: false,
        focusable: false,
        ariaLabel: l.kind === 'veth' ? `veth pair ${l.a} to ${l.b}` : l.kind === 'nic' ? `${l.a} is ${l.b}` : `${l.label ?? 'link'} ${l.b} on ${l.a}`,
      });
    }
  }
  return links;
}

/** The index in doc.links of each deleted edge, highest first (so removing in order is safe). */
export function linkIndexes(doc: ScenarioDoc, edgeIds: readonly string[]): number[] {
  return doc.links
    .map(([a, b], i) => (edgeIds.includes(linkId(a, b)) ? i : -1))
    .filter((i) => i >= 0)
    .sort((x, y) => y - x);
}

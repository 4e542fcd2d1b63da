import { applyEdgeChanges, applyNodeChanges, useUpdateNodeInternals, type EdgeChange, type NodeChange } from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useDocument } from '../../state/document';
import { useSession } from '../../state/session';
import { buildEdges, buildNodes, drawsInViewOnly, isDeviceNode, type CanvasNode, type DeviceNode, type LinkEdge } from './elements';
import { useConfigFacts } from './config-facts';
import { useInsides } from './insides';
import { needsLayout } from './layout';

/*
 * React Flow's nodes and edges, derived from the document. React Flow owns what is transient
 * (positions while dragging, selection, measured sizes); the document owns the rest and wins
 * whenever it changes. Removals are not applied here: they go through the document (undo).
 */

const NO_NODES: CanvasNode[] = [];
const NO_EDGES: LinkEdge[] = [];

export function useFlowState() {
  const doc = useDocument((s) => s.doc);
  // A document still waiting for its layout is not drawn: every device would sit at the
  // origin, and drawing a large one twice costs seconds.
  const placed = !needsLayout(doc);
  const inViewOnly = drawsInViewOnly(doc);
  const selectedDevice = useSession((s) => s.selectedDevice);
  const insides = useInsides(doc, useDocument((s) => s.generation));
  const [nodes, setNodes] = useState<CanvasNode[]>(() => (placed ? buildNodes(doc, [], inViewOnly, insides) : NO_NODES));
  const [edges, setEdges] = useState<LinkEdge[]>(() => (placed ? buildEdges(doc) : NO_EDGES));
  const updateNodeInternals = useUpdateNodeInternals();
  const sidesOf = useRef(new Map<string, DeviceNode['data']['sides']>());
  const remeasure = useRef(new Set<string>());

  // Address labels come once the worker has read the configs (config-facts.ts).
  const configsAnswered = useConfigFacts(doc);

  useLayoutEffect(() => {
    if (!placed) return;
    setNodes((prev) => buildNodes(doc, prev, inViewOnly, insides));
    setEdges((prev) => buildEdges(doc, prev, insides));
  }, [doc, placed, inViewOnly, configsAnswered, insides]);

  // Ports move to other sides when links or positions change: re-measure the handles of those
  // devices (new ones are measured by React Flow as they mount).
  useEffect(() => {
    const before = sidesOf.current;
    const now = new Map<string, DeviceNode['data']['sides']>();
    for (const n of nodes) {
      if (!isDeviceNode(n)) continue;
      const was = before.get(n.id);
      if (was && was !== n.data.sides && JSON.stringify(was) !== JSON.stringify(n.data.sides)) remeasure.current.add(n.id);
      now.set(n.id, n.data.sides);
    }
    sidesOf.current = now;
    if (!remeasure.current.size) return;
    const frame = requestAnimationFrame(() => {
      const ids = [...remeasure.current].filter((id) => now.has(id));
      remeasure.current.clear();
      updateNodeInternals(ids);
    });
    return () => cancelAnimationFrame(frame);
  }, [nodes, updateNodeInternals]);

  // A device selected elsewhere (inspector, trace) becomes React Flow's selection too.
  useEffect(() => {
    if (!selectedDevice) return;
    setNodes((prev) => {
      if (prev.every((n) => !!n.selected === (n.id === selectedDevice))) return prev;
      if (prev.find((n) => n.id === selectedDevice)?.selected) return prev;
      return prev.map((n) => (!!n.selected === (n.id === selectedDevice) ? n : { ...n, selected: n.id === selectedDevice }));
    });
  }, [selectedDevice]);

  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    const kept = changes.filter((c) => c.type !== 'remove' && c.type !== 'add' && c.type !== 'replace');
    if (!kept.length) return;
    // A device measured by the browser drops its estimated port places (elements.ts), or
    // React Flow would take them over the measured ones.
    const measured = new Set(kept.flatMap((c) => (c.type === 'dimensions' && c.dimensions ? [c.id] : [])));
    setNodes((prev) => applyNodeChanges(kept, prev).map((n) => (n.handles && measured.has(n.id) ? { ...n, handles: undefined } : n)));
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<LinkEdge>[]) => {
    const kept = changes.filter((c) => c.type === 'select');
    if (kept.length) setEdges((prev) => applyEdgeChanges(kept, prev));
  }, []);

  return { nodes: placed ? nodes : NO_NODES, edges: placed ? edges : NO_EDGES, placed, inViewOnly, onNodesChange, onEdgesChange };
}

import { applyEdgeChanges, applyNodeChanges, useUpdateNodeInternals, type EdgeChange, type NodeChange } from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useDocument } from '../../state/document';
import { useSession } from '../../state/session';
import { buildEdges, buildNodes, type DeviceNode, type LinkEdge } from './elements';

/*
 * React Flow's nodes and edges, derived from the document. React Flow owns what is transient
 * (positions while dragging, selection, measured sizes); the document owns the rest and wins
 * whenever it changes. Removals are not applied here: they go through the document (undo).
 */

export function useFlowState() {
  const doc = useDocument((s) => s.doc);
  const selectedDevice = useSession((s) => s.selectedDevice);
  const [nodes, setNodes] = useState<DeviceNode[]>(() => buildNodes(doc));
  const [edges, setEdges] = useState<LinkEdge[]>(() => buildEdges(doc));
  const updateNodeInternals = useUpdateNodeInternals();
  const sidesKey = useRef(new Map<string, string>());

  useLayoutEffect(() => {
    setNodes((prev) => buildNodes(doc, prev));
    setEdges((prev) => buildEdges(doc, prev));
  }, [doc]);

  // Ports move to other sides when links or positions change: re-measure those nodes' handles
  // (only those: each one is a DOM query, and all of them at once freezes a big scenario). A new
  // node is measured by React Flow when it mounts.
  useEffect(() => {
    const previous = sidesKey.current;
    const next = new Map(nodes.map((n) => [n.id, JSON.stringify(n.data.sides)]));
    sidesKey.current = next;
    const ids = [...next].filter(([id, sides]) => previous.has(id) && previous.get(id) !== sides).map(([id]) => id);
    if (!ids.length) return;
    const frame = requestAnimationFrame(() => updateNodeInternals(ids));
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

  const onNodesChange = useCallback((changes: NodeChange<DeviceNode>[]) => {
    const kept = changes.filter((c) => c.type !== 'remove' && c.type !== 'add' && c.type !== 'replace');
    if (kept.length) setNodes((prev) => applyNodeChanges(kept, prev));
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<LinkEdge>[]) => {
    const kept = changes.filter((c) => c.type === 'select');
    if (kept.length) setEdges((prev) => applyEdgeChanges(kept, prev));
  }, []);

  return { nodes, edges, onNodesChange, onEdgesChange };
}

import { ReactFlow, ViewportPortal, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useRef } from 'react';
import { createRoot } from 'react-dom/client';

/*
 * The baseline for the canvas benchmark: React Flow with its default nodes and edges showing
 * the same devices at the same positions as the app, and `dots` small dots moving along edges,
 * each frame placed with a CSS transform from requestAnimationFrame. The bench (bench/ui.ts)
 * puts the topology in `window.__BARE__` before the page loads.
 */

interface BareInput {
  nodes: { id: string; x: number; y: number }[];
  edges: [string, string][];
  dots: number;
  /** Matches the app's zoom limit so fitView shows the same picture. */
  minZoom: number;
}

const input = (window as unknown as { __BARE__: BareInput }).__BARE__;
const nodes: Node[] = input.nodes.map((n) => ({ id: n.id, position: { x: n.x, y: n.y }, data: { label: n.id } }));
const edges: Edge[] = input.edges.map(([a, b], i) => ({ id: `e${i}`, source: a, target: b }));
/** Positions are centres, as in the app. */
const ORIGIN: [number, number] = [0.5, 0.5];
const at = new Map(input.nodes.map((n) => [n.id, n]));

function Dots() {
  const refs = useRef<(HTMLDivElement | null)[]>([]);
  useEffect(() => {
    const paths = input.edges.slice(0, input.dots).map(([a, b]) => [at.get(a)!, at.get(b)!] as const);
    let frame = requestAnimationFrame(function tick(now) {
      paths.forEach(([a, b], i) => {
        const t = ((now / 1100 + i / paths.length) % 1 + 1) % 1;
        const el = refs.current[i];
        if (el) el.style.transform = `translate(${a.x + (b.x - a.x) * t}px, ${a.y + (b.y - a.y) * t}px)`;
      });
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, []);
  return (
    <ViewportPortal>
      {Array.from({ length: Math.min(input.dots, input.edges.length) }, (_, i) => (
        <div key={i} ref={(el) => void (refs.current[i] = el)} className="bare-dot" style={{ position: 'absolute', left: -5, top: -5, width: 10, height: 10, borderRadius: 5, background: '#e0641b' }} />
      ))}
    </ViewportPortal>
  );
}

function App() {
  return (
    <div style={{ width: '100vw', height: '100vh' }}>
      <ReactFlow defaultNodes={nodes} defaultEdges={edges} nodeOrigin={ORIGIN} fitView minZoom={input.minZoom}>
        <Dots />
      </ReactFlow>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(<App />);

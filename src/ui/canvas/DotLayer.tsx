import { useStoreApi } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { useRunOutOfDate } from '../../state/currency';
import { useSession } from '../../state/session';
import type { ScenarioDoc } from '../../engine/scenario/types';
import { devicesOfLinks } from './flow-window';
import type { Point } from './geometry';

/*
 * The canvas zoomed out past cards (detail.ts): every device a dot in its kind's colour and
 * every link a hairline, drawn on one bitmap in a few milliseconds however many there are,
 * and redrawn once per frame while the view moves. The device at the current step and the
 * selected one are drawn bigger, so a flow can be followed at any zoom. It takes no pointer
 * events: panning and zooming go to the pane beneath, as with cards.
 */

const KINDS = ['host', 'router', 'switch', 'cloud'] as const;
/** A dot's side on screen, in CSS pixels, at every zoom. */
const DOT = 4;
const MARKED_DOT = 10;

interface Drawing {
  /** x, y of each device, in flow units. */
  at: Float64Array;
  kind: Uint8Array;
  index: Map<string, number>;
  /** Device index pairs, one per link between devices. */
  links: Uint32Array;
}

interface Paint {
  fills: string[];
  line: string;
  /** Devices drawn bigger, each in its colour: the selected one, then the current step's. */
  marks: [string | undefined, string][];
}

/** Every device of the document where the canvas draws it (`centres`), and every link between devices. */
function drawingOf(doc: ScenarioDoc, centres: ReadonlyMap<string, Point>): Drawing {
  const at = new Float64Array(centres.size * 2);
  const kind = new Uint8Array(centres.size);
  const index = new Map<string, number>();
  let i = 0;
  for (const [id, p] of centres) {
    at[2 * i] = p.x;
    at[2 * i + 1] = p.y;
    kind[i] = Math.max(0, KINDS.indexOf(doc.devices[id]?.kind ?? 'host'));
    index.set(id, i++);
  }
  const pairs: number[] = [];
  for (const [da, db] of devicesOfLinks(doc.links)) {
    const a = index.get(da);
    const b = index.get(db);
    if (a !== undefined && b !== undefined) pairs.push(a, b);
  }
  return { at, kind, index, links: Uint32Array.from(pairs) };
}

/** `centres`: every device's centre on the canvas (a very large document's nodes are only those near the view: flow-window.ts). */
export function DotLayer({ doc, centres }: { doc: ScenarioDoc; centres: ReadonlyMap<string, Point> }) {
  const store = useStoreApi();
  const ref = useRef<HTMLCanvasElement>(null);
  const drawing = useMemo(() => drawingOf(doc, centres), [doc, centres]);
  const outOfDate = useRunOutOfDate();
  const current = useSession((s) => (!outOfDate && s.run.status === 'done' ? s.run.result.events[s.step]?.device : undefined));
  const selected = useSession((s) => s.selectedDevice);
  // The colours are the theme's (canvas.css), read again when it changes.
  const theme = useSession((s) => s.theme);

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    // Read at the first frame: the page's theme attribute is set by an effect that runs after this one.
    let paint: Paint | undefined;
    const colours = (): Paint => {
      const style = getComputedStyle(canvas);
      const colour = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
      return {
        fills: KINDS.map((k) => colour(`--kind-${k}`, '#64748b')),
        line: colour('--muted', '#94a3b8'),
        marks: [
          [selected, colour('--accent', '#2563eb')],
          [current, colour('--current', '#f59e0b')],
        ],
      };
    };
    let frame = 0;

    const draw = () => {
      frame = 0;
      paint ??= colours();
      const { fills, line, marks } = paint;
      const { transform, width, height } = store.getState();
      const [tx, ty, zoom] = transform;
      const dpr = window.devicePixelRatio || 1;
      if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
        canvas.width = Math.round(width * dpr);
        canvas.height = Math.round(height * dpr);
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      const { at, kind, index, links } = drawing;
      const sx = (i: number) => at[2 * i]! * zoom + tx;
      const sy = (i: number) => at[2 * i + 1]! * zoom + ty;
      // Links: one path, skipping those wholly off screen.
      ctx.beginPath();
      for (let l = 0; l < links.length; l += 2) {
        const [x0, y0, x1, y1] = [sx(links[l]!), sy(links[l]!), sx(links[l + 1]!), sy(links[l + 1]!)];
        if ((x0 < 0 && x1 < 0) || (x0 > width && x1 > width) || (y0 < 0 && y1 < 0) || (y0 > height && y1 > height)) continue;
        ctx.moveTo(x0, y0);
        ctx.lineTo(x1, y1);
      }
      ctx.strokeStyle = line;
      ctx.lineWidth = 1;
      ctx.stroke();
      // Devices: one path per kind.
      for (let k = 0; k < KINDS.length; k++) {
        ctx.beginPath();
        for (let i = 0; i < kind.length; i++) {
          if (kind[i] !== k) continue;
          const [x, y] = [sx(i), sy(i)];
          if (x < -DOT || y < -DOT || x > width + DOT || y > height + DOT) continue;
          ctx.rect(x - DOT / 2, y - DOT / 2, DOT, DOT);
        }
        ctx.fillStyle = fills[k]!;
        ctx.fill();
      }
      for (const [id, fill] of marks) {
        const i = id === undefined ? undefined : index.get(id);
        if (i === undefined) continue;
        ctx.beginPath();
        ctx.arc(sx(i), sy(i), MARKED_DOT / 2, 0, 2 * Math.PI);
        ctx.fillStyle = fill;
        ctx.fill();
      }
    };

    frame = requestAnimationFrame(draw);
    const unsubscribe = store.subscribe((s, before) => {
      if (s.transform !== before.transform || s.width !== before.width || s.height !== before.height) frame ||= requestAnimationFrame(draw);
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [store, drawing, current, selected, theme]);

  const count = drawing.kind.length;
  return <canvas ref={ref} className="dot-layer" role="img" aria-label={`${count.toLocaleString('en-US')} devices drawn as dots: zoom in to see them as cards`} />;
}

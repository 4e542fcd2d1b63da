import { useInternalNode, useStore, ViewportPortal } from '@xyflow/react';
import type { Mark } from './traffic';
import { useActivity } from './useActivity';

/*
 * What happens at devices at the current step, drawn over the canvas (not in the nodes, so
 * stepping re-renders only this layer): a NAT rewrite flashes "old → new" beside the device
 * (IPVS's choice of real server, "IPVS rr → 10.0.3.2:80", in the same column),
 * a drop puts a red ✕ on its corner with the reason as its tooltip.
 */

/** About how wide a mark's label is, in flow units (14 px monospace, its padding and border). */
const labelWidth = (label: string) => label.length * 8.6 + 24;

/**
 * Which side of the device the marks' column goes: its right, as a rule; its left when the
 * right would run past the canvas's edge and the left has room (a device drawn wide with its
 * namespaces fills the canvas); else over the device's own right edge, inside it.
 */
function useSide(x: number, width: number, widest: number): 'right' | 'left' | 'inside' {
  const fits = useStore((s) => {
    const [tx, , zoom] = s.transform;
    const right = (x + width + 10 + widest) * zoom + tx <= s.width;
    const left = (x - 10 - widest) * zoom + tx >= 0;
    return right ? 'right' : left ? 'left' : 'inside';
  });
  return fits;
}

function MarksAt({ at, device, marks }: { at: string; device: string; marks: Mark[] }) {
  // In a namespace drawn inside its device: at the namespace's box; else (not drawn yet) at the device.
  const inner = useInternalNode(at);
  const outer = useInternalNode(device);
  const node = inner ?? outer;
  if (!node) return null;
  const { x, y } = node.internals.positionAbsolute;
  const width = node.measured.width ?? 0;
  const height = node.measured.height ?? 0;
  // NAT rewrites and IPVS's choices share one column beside the device, newest last.
  const nats = marks.filter((m) => m.kind === 'nat' || m.kind === 'ipvs').slice(-3);
  const drop = marks.filter((m) => m.kind === 'drop').at(-1);
  const side = useSide(x, width, Math.max(0, ...nats.map((m) => labelWidth(m.label))));
  const place =
    side === 'right'
      ? `translate(${x + width}px, ${y + height / 2}px) translateY(-50%)`
      : side === 'left'
        ? `translate(${x}px, ${y + height / 2}px) translate(-100%, -50%)`
        : `translate(${x + width - 10}px, ${y + 12}px) translateX(-100%)`;
  return (
    <>
      {nats.length > 0 && (
        <div className={`marks-nat marks-nat--${side}`} style={{ transform: place }}>
          {nats.map((m) => (
            <div key={m.key} className={`mark-nat${m.kind === 'ipvs' ? ' mark-ipvs' : ''}${m.age === 0 ? ' is-new' : ''}`} role="note" aria-label={`${at}: ${m.detail}`} title={m.detail} style={{ opacity: Math.max(0.45, 1 - m.age * 0.1) }}>
              {m.label}
            </div>
          ))}
        </div>
      )}
      {drop && (
        <div
          key={drop.key}
          className={`mark-drop${drop.age === 0 ? ' is-new' : ''}`}
          style={{ transform: `translate(${x + width}px, ${y}px) translate(-60%, -40%)` }}
          title={`Dropped: ${drop.detail}`}
          role="img"
          aria-label={`${at} dropped the packet: ${drop.detail}`}
        >
          ✕
        </div>
      )}
    </>
  );
}

export function DeviceMarks() {
  const { marks } = useActivity();
  if (!marks.length) return null;
  const byPlace = new Map<string, Mark[]>();
  for (const m of marks) byPlace.set(m.at, [...(byPlace.get(m.at) ?? []), m]);
  return (
    <ViewportPortal>
      {[...byPlace].map(([at, list]) => (
        <MarksAt key={at} at={at} device={list[0]!.device} marks={list} />
      ))}
    </ViewportPortal>
  );
}

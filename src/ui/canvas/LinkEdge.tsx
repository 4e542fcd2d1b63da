import { BaseEdge, EdgeLabelRenderer, getStraightPath, type EdgeProps } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import type { LinkEdge } from './elements';
import type { Transit } from './traffic';
import { useLinkActivity, useTravelMs } from './useActivity';
import { frameLabel, openFrame, PROTO_LABEL } from '../present/frames';
import { usePresentation } from '../../state/presentation';

/*
 * A link between two ports: a straight cable, highlighted in the protocol's colour while it
 * carries traffic at the current step, with the frames on it drawn as dots that travel from
 * the sending port to its peer (a CSS transform animation: the compositor moves it, React
 * renders once per step). A frame of a connection's reply direction carries an arrow. A frame
 * is a button: pressing it takes playback to the event that sent it (its packet shows); it
 * stops moving under the pointer so it can be caught.
 */

export { PROTO_LABEL };

type Point = { x: number; y: number };

/** Where a frame starts and stops on a link: just off each end, so it does not hide the ports. */
export function travel(from: Point, to: Point, inset = 16): { x0: number; y0: number; x1: number; y1: number; angle: number } {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy);
  const angle = (Math.atan2(dy, dx) * 180) / Math.PI;
  if (length <= 2 * inset) return { x0: (from.x + to.x) / 2, y0: (from.y + to.y) / 2, x1: (from.x + to.x) / 2, y1: (from.y + to.y) / 2, angle };
  const [ux, uy] = [(dx / length) * inset, (dy / length) * inset];
  return { x0: from.x + ux, y0: from.y + uy, x1: to.x - ux, y1: to.y - uy, angle };
}

/** Presenting, frames are drawn bigger (present.css): they stop further off the port labels. */
const PRESENT_INSET = 26;

function FrameDot({ t, from, to, ms, loop, inset }: { t: Transit; from: Point; to: Point; ms: number; loop: boolean; inset?: number }) {
  const flying = t.state === 'flight';
  const { x0, y0, x1, y1, angle } = travel(from, to, inset);
  const style = {
    '--x0': `${x0}px`,
    '--y0': `${y0}px`,
    '--x1': `${x1}px`,
    '--y1': `${y1}px`,
    '--a': `${angle}deg`,
    '--travel-ms': `${ms}ms`,
    opacity: flying ? 1 : Math.max(0.25, 0.85 - t.age * 0.12),
  } as CSSProperties;
  const cls = ['frame-dot', `frame-dot--${t.proto}`, flying ? (loop ? 'is-flying is-looping' : 'is-flying') : 'is-arrived', t.reply && 'is-reply', 'nodrag nopan'];
  const label = frameLabel(t);
  return (
    <button
      type="button"
      className={cls.filter(Boolean).join(' ')}
      style={style}
      data-transit={t.key}
      aria-label={label}
      title={`${label}: show its packet`}
      onClick={(e) => {
        // Not the link's own click (it would select the link).
        e.stopPropagation();
        openFrame(t);
      }}
    >
      {t.reply && <span className="frame-reply" />}
    </button>
  );
}

function LinkEdgeView({ id, sourceX, sourceY, targetX, targetY, selected, data }: EdgeProps<LinkEdge>) {
  const [path] = getStraightPath({ sourceX, sourceY, targetX, targetY });
  const { proto, transits } = useLinkActivity(id);
  const { ms, loop } = useTravelMs();
  const inset = usePresentation((s) => (s.presenting ? PRESENT_INSET : undefined));
  const source = { x: sourceX, y: sourceY };
  const target = { x: targetX, y: targetY };
  const cls = ['link', data?.inner && `link--${data.inner}`, proto && `link--active link--${proto}`, selected && 'is-selected'].filter(Boolean).join(' ');
  return (
    <>
      <BaseEdge id={id} path={path} className={cls} interactionWidth={18} />
      {transits.length > 0 && (
        <EdgeLabelRenderer>
          {transits.map((t) => (
            <FrameDot key={t.key} t={t} from={t.from === data?.a ? source : target} to={t.from === data?.a ? target : source} ms={ms} loop={loop} inset={inset} />
          ))}
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const LinkEdgeComponent = memo(LinkEdgeView);

import { BaseEdge, EdgeLabelRenderer, getStraightPath, type EdgeProps } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import type { LinkEdge } from './elements';
import type { Proto, Transit } from './traffic';
import { useLinkActivity, useTravelMs } from './useActivity';

/*
 * A link between two ports: a straight cable, highlighted in the protocol's colour while it
 * carries traffic at the current step, with the frames on it drawn as dots that travel from
 * the sending port to its peer (CSS motion path: the browser animates, React renders once per
 * step). A frame of a connection's reply direction carries an arrow.
 */

export const PROTO_LABEL: Record<Proto, string> = { arp: 'ARP', icmp: 'ICMP', tcp: 'TCP', udp: 'UDP', dns: 'DNS', other: 'frame' };

function FrameDot({ t, path, ms, loop }: { t: Transit; path: string; ms: number; loop: boolean }) {
  const flying = t.state === 'flight';
  const style = {
    offsetPath: `path("${path}")`,
    '--travel-ms': `${ms}ms`,
    opacity: flying ? 1 : Math.max(0.25, 0.85 - t.age * 0.12),
  } as CSSProperties;
  const cls = ['frame-dot', `frame-dot--${t.proto}`, flying ? (loop ? 'is-flying is-looping' : 'is-flying') : 'is-arrived', t.reply && 'is-reply'];
  return (
    <div className={cls.filter(Boolean).join(' ')} style={style} data-transit={t.key} aria-hidden="true">
      {t.reply && <span className="frame-reply" />}
    </div>
  );
}

function LinkEdgeView({ id, sourceX, sourceY, targetX, targetY, selected, data }: EdgeProps<LinkEdge>) {
  const [path] = getStraightPath({ sourceX, sourceY, targetX, targetY });
  const { proto, transits } = useLinkActivity(id);
  const { ms, loop } = useTravelMs();
  const forward = `M ${sourceX} ${sourceY} L ${targetX} ${targetY}`;
  const backward = `M ${targetX} ${targetY} L ${sourceX} ${sourceY}`;
  const cls = ['link', proto && `link--active link--${proto}`, selected && 'is-selected'].filter(Boolean).join(' ');
  return (
    <>
      <BaseEdge id={id} path={path} className={cls} interactionWidth={18} />
      {transits.length > 0 && (
        <EdgeLabelRenderer>
          {transits.map((t) => (
            <FrameDot key={t.key} t={t} path={t.from === data?.a ? forward : backward} ms={ms} loop={loop} />
          ))}
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const LinkEdgeComponent = memo(LinkEdgeView);

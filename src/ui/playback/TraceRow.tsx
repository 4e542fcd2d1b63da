import { memo } from 'react';
import type { TraceEvent } from '../../engine/trace/types';
import { badgeFor, kindGroupOf, placeOf, protocolOf } from './classify';
import { why } from '../../engine/trace/why';

/*
 * One event of the trace list: time, device:port, kind badge, protocol chip, direction and the
 * why sentence. Rows have a fixed height so the list can place (and virtualise) them.
 */

export const ROW_HEIGHT = 30;

interface Props {
  event: TraceEvent;
  /** The event's step: its index in the trace. */
  step: number;
  /** Position in the shown (filtered) list. */
  pos: number;
  count: number;
  current: boolean;
  focusable: boolean;
  onPick(seq: number): void;
  /** The row's height in CSS pixels (rows are placed at pos × height). */
  height?: number;
}

export const TraceRow = memo(function TraceRow({ event: e, step, pos, count, current, focusable, onPick, height = ROW_HEIGHT }: Props) {
  const protocol = protocolOf(e);
  const group = kindGroupOf(e.kind) ?? 'other';
  return (
    <li
      className={`trace-row${current ? ' is-current' : ''}${e.kind === 'drop' ? ' is-drop' : ''}`}
      style={{ top: pos * height, height }}
      aria-current={current ? 'step' : undefined}
      aria-posinset={pos + 1}
      aria-setsize={count}
      data-pos={pos}
      tabIndex={focusable ? 0 : -1}
      title={why(e)}
      onClick={() => onPick(step)}
      onKeyDown={(k) => {
        if (k.key === 'Enter') {
          k.preventDefault();
          onPick(step);
        }
      }}
    >
      <span className="trace-time">
        {(e.t / 1e6).toFixed(3)}
        <span className="sr-only"> ms</span>
      </span>
      <span className="trace-place" title={placeOf(e)}>
        {placeOf(e)}
      </span>
      <span className={`trace-badge kind-${group}`} title={e.kind}>
        {badgeFor(e)}
      </span>
      {protocol ? <span className={`trace-chip proto-${protocol.toLowerCase()}`}>{protocol}</span> : <span className="trace-chip trace-chip-none" aria-hidden="true" />}
      <span className="trace-dir" title={e.dir ? `${e.dir} direction` : undefined}>
        {e.dir === 'original' ? '→' : e.dir === 'reply' ? '←' : ''}
        {e.dir && <span className="sr-only"> {e.dir}</span>}
      </span>
      <span className="trace-why">{why(e)}</span>
    </li>
  );
});

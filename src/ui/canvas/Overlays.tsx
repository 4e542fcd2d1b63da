import { Panel } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { PROTO_LABEL } from './LinkEdge';
import type { Proto } from './traffic';
import { useEvents } from './useActivity';

/*
 * What floats over the canvas besides the diagram: the legend of frame colours (once there is
 * a trace), a short alert (why a link was refused) that goes away by itself, and the hint on
 * an empty canvas.
 */

export const ALERT_MS = 5000;

export function useCanvasAlert() {
  const [message, setMessage] = useState<{ text: string; id: number } | undefined>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const show = useCallback((text: string) => {
    clearTimeout(timer.current);
    setMessage({ text, id: Date.now() });
    timer.current = setTimeout(() => setMessage(undefined), ALERT_MS);
  }, []);
  const dismiss = useCallback(() => {
    clearTimeout(timer.current);
    setMessage(undefined);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);
  return { message, show, dismiss };
}

export function CanvasAlert({ message, onDismiss }: { message?: { text: string; id: number }; onDismiss: () => void }) {
  if (!message) return null;
  return (
    <div className="canvas-alert" role="alert" key={message.id}>
      <span className="canvas-alert-icon" aria-hidden="true">
        ⚠
      </span>
      <span className="canvas-alert-text">{message.text}</span>
      <button type="button" className="canvas-alert-close" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}

const SHOWN: Proto[] = ['arp', 'icmp', 'tcp', 'udp', 'dns'];

export function Legend() {
  const events = useEvents();
  if (!events.length) return null;
  return (
    <Panel position="top-left" className="canvas-legend" aria-label="Frame colours">
      <ul>
        {SHOWN.map((p) => (
          <li key={p}>
            <span className={`legend-dot frame-dot--${p}`} aria-hidden="true" />
            {PROTO_LABEL[p]}
          </li>
        ))}
        <li>
          <span className="legend-dot legend-dot--reply frame-dot--tcp" aria-hidden="true">
            <span className="frame-reply" />
          </span>
          reply
        </li>
      </ul>
    </Panel>
  );
}

export function EmptyHint() {
  return <p className="canvas-empty">Drag a host, router, switch or cloud from the palette onto the canvas, or press its button.</p>;
}

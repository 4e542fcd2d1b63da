import { useMemo } from 'react';
import type { ScenarioDoc } from '../../engine/scenario/types';
import { PICTURE_HEIGHT, PICTURE_WIDTH, pictureOf } from '../../lessons/picture';
import { DeviceIcon } from '../canvas/icons';

/*
 * A lesson's picture: its topology drawn small, with the device that runs the question (or
 * the first flow) in the accent colour and a broken/fixed mark. SVG elements only; labels are
 * text nodes, so a device name can never become markup.
 */
export function LessonPicture({ doc, actor, state }: { doc: ScenarioDoc; actor?: string; state?: 'broken' | 'fixed' }) {
  const picture = useMemo(() => pictureOf(doc, actor), [doc, actor]);
  return (
    <svg className="lesson-picture" viewBox={`0 0 ${PICTURE_WIDTH} ${PICTURE_HEIGHT}`} role="img" aria-label={`Topology: ${Object.keys(doc.devices).join(', ')}`}>
      {picture.links.map((l, i) => (
        <line key={i} x1={l.x1} y1={l.y1} x2={l.x2} y2={l.y2} className="lesson-picture-link" />
      ))}
      {picture.nodes.map((n) => (
        <g key={n.id} transform={`translate(${n.x} ${n.y})`} className={`lesson-picture-node${n.actor ? ' is-actor' : ''}`}>
          <circle r="11" className="lesson-picture-disc" />
          <g transform="translate(-8 -8)">
            <DeviceIcon kind={n.kind} size={16} />
          </g>
          <text y="21" textAnchor="middle" className="lesson-picture-label">
            {n.id}
          </text>
        </g>
      ))}
      {state && (
        <text x={PICTURE_WIDTH - 8} y="14" textAnchor="end" className={`lesson-picture-state is-${state}`}>
          {state === 'broken' ? '✗ broken' : '✓ fixed'}
        </text>
      )}
    </svg>
  );
}

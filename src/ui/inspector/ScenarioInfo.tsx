import { Suspense } from 'react';
import { useDocument } from '../../state/document';
import { lazyNamed } from '../lazy';
import { printHandout } from '../print/Handout';
import { visibleText } from '../visibleText';
import { deviceCount } from '../../state/device-ids';

// With the markdown preview: loaded as a chunk of its own, the title shows meanwhile.
const ScenarioText = lazyNamed(() => import('../authoring/ScenarioText'), 'ScenarioText');

/**
 * With no device selected: how to pick one, and the scenario's title (with its editor, which
 * edits the about text too). The about text follows in the lesson panel, rendered from markdown
 * (sanitised). A handout of it all prints from here.
 */
export function ScenarioInfo() {
  const title = useDocument((s) => s.doc.title);
  const count = useDocument((s) => deviceCount(s.doc));
  return (
    <div className="scenario-info">
      <p className="hint">
        {count > 0
          ? 'Select a device on the canvas to see and edit its config, its ports and what ip, iptables and conntrack show on it.'
          : 'Drag a host, router or switch from the palette onto the canvas to start.'}
      </p>
      <Suspense fallback={<h2 className="scenario-title">{visibleText(title)}</h2>}>
        <ScenarioText />
      </Suspense>
      {/* The browser's print dialog; print.css makes the page a handout (Ctrl+P gives the same). */}
      {count > 0 && (
        <p className="scenario-actions">
          <button type="button" onClick={printHandout}>
            Print handout
          </button>
        </p>
      )}
    </div>
  );
}

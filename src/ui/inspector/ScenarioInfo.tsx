import { useDocument } from '../../state/document';
import { visibleText } from '../visibleText';

/**
 * With no device selected: how to pick one, and the scenario's title. The about text follows in
 * the lesson panel, rendered from markdown (sanitised).
 */
export function ScenarioInfo() {
  const title = useDocument((s) => s.doc.title);
  const count = useDocument((s) => Object.keys(s.doc.devices).length);
  return (
    <div className="scenario-info">
      <p className="hint">
        {count > 0
          ? 'Select a device on the canvas to see and edit its config, its ports and what ip, iptables and conntrack show on it.'
          : 'Drag a host, router or switch from the palette onto the canvas to start.'}
      </p>
      <h2 className="scenario-title">{visibleText(title)}</h2>
    </div>
  );
}

import { useDocument } from '../../state/document';
import { useSession } from '../../state/session';
import { portRows } from './ports';

/** The device's ports: name, MAC (default when the document says null), link peer; add and remove. */
export function Ports({ device }: { device: string }) {
  const doc = useDocument((s) => s.doc);
  const addPort = useDocument((s) => s.addPort);
  const removePort = useDocument((s) => s.removePort);
  const select = useSession((s) => s.select);
  const rows = portRows(doc, device);
  return (
    <div className="ports">
      <table className="ports-table" aria-label={`Ports of ${device}`}>
        <thead>
          <tr>
            <th scope="col">Port</th>
            <th scope="col">MAC</th>
            <th scope="col">Linked to</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.name}>
              <th scope="row" className="mono">
                {p.name}
              </th>
              <td className="mono">
                {p.mac}{' '}
                {p.defaultMac && (
                  <span className="tag" title="The document gives null: 02:00 + device index + port index">
                    default
                  </span>
                )}
              </td>
              <td className="mono">
                {p.peer ? (
                  <button type="button" className="link" title={`Select ${p.peer.split(':')[0]}`} onClick={() => select(p.peer!.split(':')[0])}>
                    {p.peer}
                  </button>
                ) : (
                  <span className="muted">no link (no carrier)</span>
                )}
              </td>
              <td>
                <button type="button" className="icon danger" aria-label={`Remove port ${p.name}`} title={`Remove port ${p.name}`} onClick={() => removePort(device, p.name)}>
                  ×
                </button>
              </td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                No ports: only lo.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <button type="button" onClick={() => addPort(device)}>
        Add port
      </button>
    </div>
  );
}

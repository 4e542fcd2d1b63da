import { useState } from 'react';
import { Picker } from '../picker/Picker';
import { useDocument } from '../../state/document';
import { useSession } from '../../state/session';
import { portRows } from './ports';
import { PortName } from '../rename/DeviceHeader';
import { deleteLink } from '../rename/deleting';

/** Deletes the link at this end, whichever way round the document writes it. */
function deleteLinkOf(end: string): void {
  const link = useDocument.getState().doc.links.find((l) => l.includes(end));
  if (link) deleteLink(link[0], link[1]);
}

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
                <PortName device={device} port={p.name} />
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
                  <>
                    <button type="button" className="link" title={`Select ${p.peer.split(':')[0]}`} onClick={() => select(p.peer!.split(':')[0])}>
                      {p.peer}
                    </button>{' '}
                    <button type="button" className="icon danger" aria-label={`Unlink ${p.name}`} title={`Delete the link ${device}:${p.name} — ${p.peer}`} onClick={() => deleteLinkOf(`${device}:${p.name}`)}>
                      ⌫
                    </button>
                  </>
                ) : (
                  <>
                    <span className="muted">no link (no carrier)</span> <LinkPort device={device} port={p.name} />
                  </>
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

/**
 * Linking by keyboard: "Link to…" opens a list of the other devices' ports; Link asks the
 * document, which refuses as it refuses a drag between ports, with the same reason.
 */
function LinkPort({ device, port }: { device: string; port: string }) {
  const doc = useDocument((s) => s.doc);
  const addLink = useDocument((s) => s.addLink);
  const [open, setOpen] = useState(false);
  const [peer, setPeer] = useState('');
  const [refused, setRefused] = useState<string | undefined>();
  const others = Object.entries(doc.devices).flatMap(([id, d]) => (id === device ? [] : Object.keys(d.ports ?? {}).map((p) => `${id}:${p}`)));
  const taken = new Set(doc.links.flat());
  if (!open) {
    return (
      <button type="button" className="link" aria-label={`Link ${port} to…`} onClick={() => setOpen(true)}>
        Link to…
      </button>
    );
  }
  const chosen = peer || others.find((o) => !taken.has(o)) || others[0] || '';
  return (
    <form
      className="link-port"
      onSubmit={(e) => {
        e.preventDefault();
        const why = addLink(`${device}:${port}`, chosen);
        if (why) setRefused(`Cannot link: ${why}.`);
        else setOpen(false);
      }}
    >
      {/* Searchable: every other device's ports, thousands in a large document. */}
      <Picker label={`Port to link ${device}:${port} to`} className="link-port-peer" choices={others.map((o) => ({ value: o, label: taken.has(o) ? `${o} (linked)` : o }))} value={chosen} onChange={(o) => (setPeer(o), setRefused(undefined))} autoFocus />
      <button type="submit" disabled={!chosen}>
        Link
      </button>
      <button type="button" onClick={() => (setOpen(false), setRefused(undefined))}>
        Cancel
      </button>
      {refused && (
        <p role="alert" className="link-port-refused">
          {refused}
        </p>
      )}
    </form>
  );
}

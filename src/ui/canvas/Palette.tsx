import { Suspense, useState, type DragEvent } from 'react';
import type { DeviceKind } from '../../engine/scenario/types';
import { DeviceIcon } from './icons';
import { addDeviceInView, DEVICE_MIME } from './placement';
import { lazyNamed } from '../lazy';
import './canvas.css';

/*
 * The device palette: drag a device onto the canvas, or press its button to place it in the
 * middle of the view. New devices start from the templates (a router forwards, a host has eth0).
 * "Real machine" makes one from what a real Linux box printed (or its snapshot's box.json).
 */

const ITEMS: { kind: DeviceKind; name: string; hint: string }[] = [
  { kind: 'host', name: 'Host', hint: 'A Linux box with eth0' },
  { kind: 'router', name: 'Router', hint: 'Two ports, forwarding on (sysctl -w net.ipv4.ip_forward=1)' },
  { kind: 'switch', name: 'Switch', hint: 'A Linux bridge with four ports' },
  { kind: 'cloud', name: 'Cloud', hint: 'The internet or a remote network, one port' },
];

// The paste dialog is a chunk of its own (prefetched in idle time); the modal shows once it is here.
const AddMachineDialog = lazyNamed(() => import('../paste/PasteDialog'), 'AddMachineDialog');

function onDragStart(e: DragEvent<HTMLButtonElement>, kind: DeviceKind) {
  e.dataTransfer.setData(DEVICE_MIME, kind);
  e.dataTransfer.setData('text/plain', kind);
  e.dataTransfer.effectAllowed = 'copy';
}

export function Palette() {
  const [pasting, setPasting] = useState(false);
  return (
    <nav className="palette" aria-label="Devices">
      <h2 className="palette-title">Add</h2>
      <ul className="palette-list">
        {ITEMS.map(({ kind, name, hint }) => (
          <li key={kind}>
            <button
              type="button"
              className={`palette-item palette-item--${kind}`}
              aria-label={`Add ${kind}`}
              title={`${hint}. Click to add, or drag onto the canvas.`}
              draggable
              onDragStart={(e) => onDragStart(e, kind)}
              onClick={() => addDeviceInView(kind)}
            >
              <DeviceIcon kind={kind} size={26} />
              <span className="palette-name">{name}</span>
            </button>
          </li>
        ))}
        <li>
          <button type="button" className="palette-item palette-item--machine" aria-label="Add a real machine" title="Paste what a real Linux machine printed (ip addr, ip route, iptables-save…) or its snapshot's box.json" onClick={() => setPasting(true)}>
            <DeviceIcon kind="host" size={26} />
            <span className="palette-name">Real machine</span>
          </button>
        </li>
      </ul>
      {pasting && (
        <Suspense fallback={null}>
          <AddMachineDialog onClose={() => setPasting(false)} />
        </Suspense>
      )}
    </nav>
  );
}

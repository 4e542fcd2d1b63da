import { Suspense, useCallback, useRef, useState } from 'react';
import type { DeviceViewName } from '../../engine/api';
import { useDocument } from '../../state/document';
import { useSession } from '../../state/session';
import { lazyNamed } from '../lazy';
import type { SectionId } from './DeviceSections';
import './inspector.css';
import { ScenarioInfo } from './ScenarioInfo';
import { boxOf, netnsNameOf } from '../../engine/trace/netns-label';
import { DeleteDevice, DeviceName, RenameDevice } from '../rename/DeviceHeader';
import { openSendPacket } from '../inject/sendPacketStore';

/*
 * The right-hand column: for the selected device its config, buttons that write common lines,
 * its ports, and what the real tools print on it at the current step (DeviceSections). With
 * nothing selected, the scenario's title, its lesson and its flows. Both load as chunks of their own.
 */

const DeviceSections = lazyNamed(() => import('./DeviceSections'), 'DeviceSections');
const NamespaceSections = lazyNamed(() => import('./NamespaceSections'), 'NamespaceSections');
const LessonPanel = lazyNamed(() => import('../lessons/LessonPanel'), 'LessonPanel');
const FlowsEditor = lazyNamed(() => import('../authoring/FlowsEditor'), 'FlowsEditor');

function Loading({ what }: { what: string }) {
  return (
    <p className="muted small inspector-loading" role="status">
      Loading {what}…
    </p>
  );
}

export function Inspector() {
  const selected = useSession((s) => s.selectedDevice);
  // A namespace's label (`box/ns1`) names its device before the slash.
  const device = useDocument((s) => (selected ? s.doc.devices[boxOf(selected)] : undefined));
  const select = useSession((s) => s.select);
  const flush = useRef<(() => void) | null>(null);
  const [view, setView] = useState<DeviceViewName | undefined>();
  const [closed, setClosed] = useState<Record<SectionId, boolean>>({ config: false, ports: false, state: false, tcpdump: false });
  const onToggle = useCallback((id: SectionId, open: boolean) => setClosed((c) => (c[id] === !open ? c : { ...c, [id]: !open })), []);

  // A namespace inside a device (its trace label, `box/ns1`): its own state, as `ip netns exec` shows it.
  const netns = selected ? netnsNameOf(selected) : undefined;
  if (selected && netns !== undefined && device) {
    const box = boxOf(selected);
    return (
      <section role="region" aria-label="Inspector" className="inspector">
        <header className="inspector-head">
          <h2>
            <span className="mono">{netns}</span> <span className="kind kind-netns">netns</span> <span className="muted small">in</span>{' '}
            <button type="button" className="link-button mono" onClick={() => select(box)} title={`Open ${box}'s inspector`}>
              {box}
            </button>
          </h2>
          <button type="button" className="icon" aria-label="Close inspector" title="Deselect (show the lesson)" onClick={() => select(undefined)}>
            ×
          </button>
        </header>
        <Suspense fallback={<Loading what="the namespace" />}>
          <NamespaceSections label={selected} box={box} netns={netns} view={view} onView={setView} />
        </Suspense>
      </section>
    );
  }

  if (!selected || !device) {
    return (
      <section role="region" aria-label="Inspector" className="inspector">
        <ScenarioInfo />
        <Suspense fallback={<Loading what="the lesson" />}>
          <LessonPanel />
        </Suspense>
        <Suspense fallback={<Loading what="the flows" />}>
          <FlowsEditor />
        </Suspense>
      </section>
    );
  }

  return (
    <section role="region" aria-label="Inspector" className="inspector">
      <header className="inspector-head">
        <h2>
          <DeviceName id={selected} /> <span className={`kind kind-${device.kind}`}>{device.kind}</span>
        </h2>
        <RenameDevice id={selected} />
        <DeleteDevice id={selected} />
        <button type="button" className="icon" aria-label="Close inspector" title="Deselect (show the lesson)" onClick={() => select(undefined)}>
          ×
        </button>
      </header>
      <div className="inspector-actions">
        <button type="button" aria-haspopup="dialog" title={`Put one packet on ${selected} and see where it goes, step by step`} onClick={() => openSendPacket(selected)}>
          Send a packet here…
        </button>
      </div>
      <Suspense fallback={<Loading what="the config editor" />}>
        <DeviceSections selected={selected} device={device} closed={closed} onToggle={onToggle} view={view} onView={setView} flush={flush} />
      </Suspense>
    </section>
  );
}

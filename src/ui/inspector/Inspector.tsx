import { useRef, useState, type ReactNode } from 'react';
import type { DeviceViewName } from '../../engine/api';
import { useDocument } from '../../state/document';
import { useSession } from '../../state/session';
import { ConfigEditor } from './ConfigEditor';
import { DeviceViews } from './DeviceViews';
import './inspector.css';
import { LearnerActions } from './LearnerActions';
import { Ports } from './Ports';
import { LessonPanel } from '../lessons/LessonPanel';
import { ScenarioInfo } from './ScenarioInfo';
import { TcpdumpView } from './TcpdumpView';

/*
 * The right-hand column: for the selected device its config (an editor of command lines with
 * the engine's errors in place), buttons that write common lines, its ports, and what the real
 * tools print on it at the current step. With nothing selected, the scenario's title and about.
 */

type SectionId = 'config' | 'ports' | 'state' | 'tcpdump';

export function Inspector() {
  const selected = useSession((s) => s.selectedDevice);
  const device = useDocument((s) => (selected ? s.doc.devices[selected] : undefined));
  const appendConfig = useDocument((s) => s.appendConfig);
  const select = useSession((s) => s.select);
  const flush = useRef<(() => void) | null>(null);
  const [view, setView] = useState<DeviceViewName | undefined>();
  const [closed, setClosed] = useState<Record<SectionId, boolean>>({ config: false, ports: false, state: false, tcpdump: false });

  if (!selected || !device) {
    return (
      <section role="region" aria-label="Inspector" className="inspector">
        <ScenarioInfo />
        <LessonPanel />
      </section>
    );
  }

  const ports = Object.keys(device.ports);
  const section = (id: SectionId, title: string, children: ReactNode) => (
    <details
      className={`inspector-section inspector-${id}`}
      open={!closed[id]}
      onToggle={(e) => {
        const open = (e.currentTarget as HTMLDetailsElement).open;
        setClosed((c) => (c[id] === !open ? c : { ...c, [id]: !open }));
      }}
    >
      <summary>
        <h3>{title}</h3>
      </summary>
      <div className="inspector-section-body">{children}</div>
    </details>
  );

  return (
    <section role="region" aria-label="Inspector" className="inspector">
      <header className="inspector-head">
        <h2>
          <span className="mono">{selected}</span> <span className={`kind kind-${device.kind}`}>{device.kind}</span>
        </h2>
        <button type="button" className="icon" aria-label="Close inspector" title="Deselect (show the lesson)" onClick={() => select(undefined)}>
          ×
        </button>
      </header>
      {section(
        'config',
        'Config',
        <>
          <ConfigEditor key={selected} device={selected} flushRef={flush} />
          {device.kind !== 'switch' ? (
            <LearnerActions
              ports={ports}
              config={device.config ?? []}
              append={(lines) => {
                flush.current?.();
                appendConfig(selected, lines);
              }}
            />
          ) : (
            <p className="muted small">A switch is a Linux bridge: it learns MACs and forwards frames, with no addresses of its own.</p>
          )}
        </>,
      )}
      {section('state', 'State', <DeviceViews device={selected} kind={device.kind} view={view} onView={setView} />)}
      {section('tcpdump', 'tcpdump', <TcpdumpView device={selected} />)}
      {section('ports', `Ports (${ports.length})`, <Ports device={selected} />)}
    </section>
  );
}

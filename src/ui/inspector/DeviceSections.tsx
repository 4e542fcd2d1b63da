import type { ReactNode } from 'react';
import type { DeviceViewName } from '../../engine/api';
import type { DeviceDoc } from '../../engine/scenario/types';
import { useDocument } from '../../state/document';
import { ConfigEditor } from './ConfigEditor';
import { DeviceViews } from './DeviceViews';
import { LearnerActions } from './LearnerActions';
import { PasteButton } from '../paste/PasteDialog';
import { Ports } from './Ports';
import { TcpdumpView } from './TcpdumpView';

/*
 * The selected device's sections in the inspector: its config (an editor of command lines
 * with the engine's errors in place) and buttons that write common lines, what the real tools
 * print on it at the current step, tcpdump, its ports. A chunk of its own (the editor is
 * CodeMirror), loaded when a device is first selected.
 */

export type SectionId = 'config' | 'ports' | 'state' | 'tcpdump';

export interface DeviceSectionsProps {
  selected: string;
  device: DeviceDoc;
  closed: Record<SectionId, boolean>;
  onToggle(id: SectionId, open: boolean): void;
  view: DeviceViewName | undefined;
  onView(view: DeviceViewName | undefined): void;
  flush: { current: (() => void) | null };
}

export function DeviceSections({ selected, device, closed, onToggle, view, onView, flush }: DeviceSectionsProps) {
  const appendConfig = useDocument((s) => s.appendConfig);
  const ports = Object.keys(device.ports);
  const section = (id: SectionId, title: string, children: ReactNode) => (
    <details className={`inspector-section inspector-${id}`} open={!closed[id]} onToggle={(e) => onToggle(id, (e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        <h3>{title}</h3>
      </summary>
      <div className="inspector-section-body">{children}</div>
    </details>
  );

  return (
    <>
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
          ) : null}
          {device.kind !== 'switch' ? (
            <PasteButton device={selected} flush={flush} />
          ) : (
            <p className="muted small">A switch is a Linux bridge: it learns MACs and forwards frames, with no addresses of its own.</p>
          )}
        </>,
      )}
      {section('state', 'State', <DeviceViews device={selected} kind={device.kind} view={view} onView={onView} />)}
      {section('tcpdump', 'tcpdump', <TcpdumpView device={selected} />)}
      {section('ports', `Ports (${ports.length})`, <Ports device={selected} />)}
    </>
  );
}

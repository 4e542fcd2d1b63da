import { useRunOutOfDate } from '../../state/currency';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useSession } from '../../state/session';
import { DeviceIcon } from './icons';
import type { DeviceNode } from './elements';
import type { ModelledFeature } from '../../engine/trace/modelled-note';
import type { Side } from './geometry';
import { useRenaming } from '../../state/renaming';
import { NameField } from '../rename/NameField';
import { modelledConfigNote, modelledMarkLabel, notRecordedNote } from './inside/notRecorded';

/*
 * A device on the canvas: a card with its kind's icon, its id and a "forwarding" badge, and
 * one labelled port per interface on the side facing its link. A port is a React Flow handle
 * (source and target at once, the canvas uses ConnectionMode.Loose): drag from one to another.
 */

const POSITION: Record<Side, Position> = { top: Position.Top, right: Position.Right, bottom: Position.Bottom, left: Position.Left };

/** `linuxName`: the name the config gave the port (`ip link set eth1 name wan0`), shown as Linux shows it; the link stays the port's. */
function Port({ device, port, side, addresses, linuxName }: { device: string; port: string; side: Side; addresses: string[]; linuxName?: string }) {
  const label = `${device}:${port}`;
  const renaming = useRenaming((s) => s.editing?.place === 'canvas' && s.editing.device === device && s.editing.port === port);
  return (
    <Handle
      type="source"
      id={port}
      position={POSITION[side]}
      className={`port port--${side}`}
      aria-label={label}
      title={`${label}${linuxName ? ` (named ${linuxName} by its config)` : ''}${addresses.length ? ` ${addresses.join(', ')}` : ''}: drag to another port to link them; double-click its name to rename it`}
    >
      {renaming ? (
        <NameField target={{ device, port }} onDone={() => useRenaming.getState().end()} />
      ) : (
        <span className="port-name" onDoubleClick={() => useRenaming.getState().begin({ device, port }, 'canvas')}>
          {linuxName ?? port}
        </span>
      )}
      {addresses[0] && <span className="port-addr">{addresses[0]}</span>}
      {addresses.length > 1 && <span className="port-more">+{addresses.length - 1}</span>}
    </Handle>
  );
}

function Ports({ device, side, ports, addresses, names }: { device: string; side: Side; ports: string[]; addresses: Record<string, string[]>; names: Record<string, string> }) {
  if (!ports.length) return null;
  return (
    <div className={`dev-ports dev-ports--${side}`}>
      {ports.map((p) => (
        <Port key={p} device={device} port={p} side={side} addresses={addresses[p] ?? []} linuxName={names[p]} />
      ))}
    </div>
  );
}

/**
 * The "modelled, not recorded" mark of a device: interface types inside it the test kernel
 * cannot show (a dummy, a VLAN), and what its config sets up with a module it lacks (IPVS).
 */
function ModelledMark({ device, types, features, corner }: { device: string; types: readonly string[]; features: readonly ModelledFeature[]; corner: boolean }) {
  if (!types.length && !features.length) return null;
  const title = [types.length ? notRecordedNote(types) : '', features.length ? modelledConfigNote(features) : ''].filter(Boolean).join('\n');
  return (
    <span className={corner ? 'device-modelled' : 'device-modelled device-modelled--edge'} role="note" aria-label={modelledMarkLabel(device, [...types, ...features])} title={title}>
      {features.length ? `${features.join(', ')} · ` : ''}Modelled, not recorded
    </span>
  );
}

function DeviceNodeView({ id, data }: NodeProps<DeviceNode>) {
  const { kind, sides, addresses, names, forwarding, inside, modelled = [] } = data;
  const selected = useSession((s) => s.selectedDevice === id);
  const outOfDate = useRunOutOfDate();
  const current = useSession((s) => !outOfDate && s.run.status === 'done' && s.run.result.events[s.step]?.device === id);
  const renaming = useRenaming((s) => s.editing?.place === 'canvas' && s.editing.device === id && s.editing.port === undefined);
  const cls = ['device', `device--${kind}`, selected && 'is-selected', current && 'is-current', inside && 'has-inside'].filter(Boolean).join(' ');
  const head = (
    <>
      <span className="device-glyph">
        <DeviceIcon kind={kind} />
      </span>
      <span className="device-text">
        {renaming ? (
          <NameField target={{ device: id }} onDone={() => useRenaming.getState().end()} />
        ) : (
          <span className="device-id" title="Double-click to rename" onDoubleClick={() => useRenaming.getState().begin({ device: id }, 'canvas')}>
            {id}
          </span>
        )}
        <span className="device-kind">{kind}</span>
      </span>
      {forwarding && (
        <span className="device-forwarding" title="IPv4 forwarding is on (net.ipv4.ip_forward=1): this box routes packets between its ports">
          forwarding
        </span>
      )}
    </>
  );
  return (
    <div className={cls}>
      <Ports device={id} side="top" ports={sides.top} addresses={addresses} names={names} />
      <div className="device-middle">
        <Ports device={id} side="left" ports={sides.left} addresses={addresses} names={names} />
        {inside ? (
          // Its namespaces, bridges and veth pairs are child nodes placed over this card (inside/layout.ts sizes it).
          <div className="device-card" style={{ width: inside.width, height: inside.height }}>
            <div className="device-head">{head}</div>
            <ModelledMark device={id} types={inside.notRecorded} features={modelled} corner />
          </div>
        ) : (
          <div className="device-card">
            {head}
            <ModelledMark device={id} types={[]} features={modelled} corner={false} />
          </div>
        )}
        <Ports device={id} side="right" ports={sides.right} addresses={addresses} names={names} />
      </div>
      <Ports device={id} side="bottom" ports={sides.bottom} addresses={addresses} names={names} />
    </div>
  );
}

export const DeviceNodeComponent = memo(DeviceNodeView);

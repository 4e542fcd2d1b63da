import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useEffect } from 'react';
import type { InnerInterface } from '../../../engine/api';
import { useRunOutOfDate } from '../../../state/currency';
import { useSession } from '../../../state/session';
import type { InsideNode } from '../elements';
import { notRecordedNote } from './notRecorded';

/*
 * What a device holds, drawn inside its card: a namespace (a box with its interfaces side by
 * side, selectable: it opens its own inspector), a bridge (a bar its ports hang from), and an
 * interface the device's own namespace made (a veth end, a macvlan, a dummy). Each interface
 * is a handle the links inside the device (veth pairs, lower devices) attach to.
 */

function addressLine(i: InnerInterface): string {
  if (!i.addresses.length) return i.running ? 'no address' : i.up ? 'no carrier' : 'down';
  return i.addresses.length > 1 ? `${i.addresses[0]} +${i.addresses.length - 1}` : i.addresses[0]!;
}

function title(i: InnerInterface, ns: string): string {
  const parts = [`${ns}:${i.name}`, i.type, i.running ? 'up' : i.up ? 'up, no carrier' : 'down'];
  if (i.addresses.length) parts.push(i.addresses.join(', '));
  if (i.master) parts.push(`port of ${i.master}${i.hairpin ? ', hairpin mode on' : ''}`);
  if (i.peer) parts.push(`peer ${i.peer.ns}:${i.peer.name}`);
  if (i.lower) parts.push(`on ${i.lower.ns}:${i.lower.name}`);
  return parts.join(' · ');
}

function Interface({ iface, ns, side, notRecorded, current }: { iface: InnerInterface; ns: string; side: 'top' | 'bottom'; notRecorded: readonly string[]; current?: boolean }) {
  const modelled = notRecorded.includes(iface.type);
  return (
    <div className={`inner-if${iface.running ? '' : ' is-down'}${current ? ' is-current' : ''}`} title={title(iface, ns)}>
      <span className="inner-if-head">
        <span className="inner-if-name">{iface.name}</span>
        <span className="inner-if-type">{iface.type}</span>
      </span>
      <span className="inner-if-addr">{addressLine(iface)}</span>
      {modelled && (
        <span className="inner-if-modelled" title={notRecordedNote([iface.type])}>
          modelled
        </span>
      )}
      <Handle type="source" id={iface.name} position={side === 'top' ? Position.Top : Position.Bottom} isConnectable={false} className="inner-handle" />
    </div>
  );
}

/**
 * React Flow measures a node's handles when its size changes; these nodes have a fixed size and
 * render their handles only once their code has loaded (or their interfaces changed): measure then.
 */
function useHandles(id: string, part: unknown): void {
  const update = useUpdateNodeInternals();
  useEffect(() => update(id), [id, part, update]);
}

/**
 * Where the current trace step happened, if in the namespace labelled `label`: its port (or ''
 * for an event on no port) and whether it was the bridge's doing; undefined elsewhere.
 */
function useCurrentIn(label: string): { port: string; bridge: boolean } | undefined {
  const outOfDate = useRunOutOfDate();
  const port = useSession((s) => {
    if (outOfDate || s.run.status !== 'done') return undefined;
    const e = s.run.result.events[s.step];
    return e?.device === label ? `${e.layer === 'bridge' ? 'b' : 'i'}${e.port ?? ''}` : undefined;
  });
  return port === undefined ? undefined : { port: port.slice(1), bridge: port[0] === 'b' };
}

function NetnsView({ id, data }: NodeProps<InsideNode>) {
  useHandles(id, data.part);
  const selected = useSession((s) => s.selectedDevice === id);
  const here = useCurrentIn(id);
  const current = here !== undefined;
  if (data.part.kind !== 'netns') return null;
  const ns = data.part.namespace;
  const cls = ['netns', selected && 'is-selected', current && 'is-current'].filter(Boolean).join(' ');
  return (
    <div className={cls}>
      <span className="netns-name" title={`network namespace ${ns.name} (${ns.label})`}>
        <span className="netns-tag">netns</span> {ns.name}
      </span>
      <div className="netns-ifaces">
        {ns.interfaces.length ? (
          ns.interfaces.map((i) => <Interface key={i.name} iface={i} ns={ns.label} side="top" notRecorded={data.notRecorded} current={here?.port === i.name} />)
        ) : (
          <span className="netns-empty">only lo</span>
        )}
      </div>
    </div>
  );
}

function BridgeView({ id, data }: NodeProps<InsideNode>) {
  useHandles(id, data.part);
  const here = useCurrentIn(data.device);
  if (data.part.kind !== 'bridge') return null;
  const { bridge, ports, tab } = data.part;
  const ns = data.device;
  // The bridge is at work: forwarding, flooding or learning on one of its ports, or its own device.
  const atWork = here !== undefined && ((here.bridge && ports.some((p) => p.name === here.port)) || here.port === bridge.name);
  return (
    <div className={`inner-bridge${bridge.running ? '' : ' is-down'}${atWork ? ' is-current' : ''}`} title={title(bridge, ns)}>
      <div className="inner-bridge-bar">
        <span className="inner-if-name">{bridge.name}</span>
        <span className="inner-if-type">bridge</span>
        <span className="inner-if-addr">{bridge.addresses.length ? addressLine(bridge) : ''}</span>
      </div>
      <div className="inner-bridge-ports">
        {ports.length ? (
          ports.map((p) => (
            <div
              key={p.name}
              className={`inner-bridge-port${p.running ? '' : ' is-down'}${p.port ? ' is-nic' : ''}${p.hairpin ? ' is-hairpin' : ''}${here?.port === p.name ? ' is-current' : ''}`}
              style={{ width: tab }}
              title={title(p, ns)}
            >
              <span className="inner-if-name">{p.name}</span>
              {p.hairpin && (
                <span className="inner-hairpin" role="img" aria-label="hairpin mode on">
                  ↺
                </span>
              )}
              <Handle type="source" id={p.name} position={Position.Bottom} isConnectable={false} className="inner-handle" />
            </div>
          ))
        ) : (
          <span className="netns-empty">no ports</span>
        )}
      </div>
    </div>
  );
}

function IfaceView({ id, data }: NodeProps<InsideNode>) {
  useHandles(id, data.part);
  const here = useCurrentIn(data.device);
  if (data.part.kind !== 'iface') return null;
  return <Interface iface={data.part.iface} ns={data.device} side="bottom" notRecorded={data.notRecorded} current={here?.port === data.part.iface.name} />;
}

export const NetnsNode = memo(NetnsView);
export const BridgeNode = memo(BridgeView);
export const IfaceNode = memo(IfaceView);

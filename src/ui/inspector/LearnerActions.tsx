import { useId, useState, type ReactNode } from 'react';
import { addressLine, defaultRouteLine, FORWARDING_LINE, forwardsPackets, masqueradeLine, portForwardLine, type Built } from './learnerLines';

/*
 * Buttons that write common lines for a learner: each opens a small form, shows the exact
 * command it will append to the config, and refuses to write a line that would be wrong.
 */

type Action = 'address' | 'route' | 'masquerade' | 'forward';

const ACTIONS: { id: Action; label: string; hint: string }[] = [
  { id: 'address', label: 'Add address', hint: 'ip addr add' },
  { id: 'route', label: 'Default route', hint: 'ip route add default' },
  { id: 'masquerade', label: 'MASQUERADE', hint: 'source NAT out of a port' },
  { id: 'forward', label: 'Port forward', hint: 'DNAT a public port' },
];

interface Props {
  ports: string[];
  config: string[];
  append: (lines: string[]) => void;
}

export function LearnerActions({ ports, config, append }: Props) {
  const [open, setOpen] = useState<Action | undefined>();
  const needsForwarding = (open === 'masquerade' || open === 'forward') && !forwardsPackets(config);
  return (
    <div className="learner">
      <div role="group" aria-label="Add a common line" className="learner-buttons">
        {ACTIONS.map((a) => (
          <button key={a.id} type="button" aria-expanded={open === a.id} title={a.hint} onClick={() => setOpen(open === a.id ? undefined : a.id)}>
            {a.label}
          </button>
        ))}
      </div>
      {open === 'address' && <AddressForm ports={[...ports, 'lo']} onAdd={(l) => (append([l]), setOpen(undefined))} />}
      {open === 'route' && <RouteForm ports={ports} onAdd={(l) => (append([l]), setOpen(undefined))} />}
      {open === 'masquerade' && <MasqueradeForm ports={ports} onAdd={(l) => (append([l]), setOpen(undefined))} />}
      {open === 'forward' && <ForwardForm ports={ports} onAdd={(l) => (append([l]), setOpen(undefined))} />}
      {needsForwarding && (
        <p className="learner-note">
          This device does not forward packets yet (ip_forward is 0), so NATed traffic would stop here.{' '}
          <button type="button" className="link" onClick={() => append([FORWARDING_LINE])}>
            Add {FORWARDING_LINE}
          </button>
        </p>
      )}
    </div>
  );
}

/** The frame every form shares: fields, the line it will write (or what is wrong), Add/Cancel. */
function LineForm({ title, built, onAdd, children }: { title: string; built: Built; onAdd: (line: string) => void; children: ReactNode }) {
  const [tried, setTried] = useState(false);
  const id = useId();
  const showError = !built.ok && tried;
  return (
    <form
      className="learner-form"
      aria-label={title}
      data-tried={tried || undefined}
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (built.ok) onAdd(built.line);
      }}
    >
      <div className="learner-fields" data-invalid={showError ? (built as { field: string }).field : undefined}>
        {children}
      </div>
      <output id={id} className={`learner-preview${showError ? ' learner-error' : ''}`} aria-live="polite" data-testid="learner-preview">
        {built.ok ? <code>{built.line}</code> : showError ? built.error : <span className="muted">{built.error}</span>}
        {built.ok && built.note && <span className="learner-warn"> · {built.note}</span>}
      </output>
      <div className="learner-submit">
        <button type="submit" className="primary" aria-describedby={id}>
          Add line
        </button>
      </div>
    </form>
  );
}

function PortSelect({ label, ports, value, onChange, optional }: { label: string; ports: string[]; value: string; onChange: (v: string) => void; optional?: string }) {
  return (
    <label>
      {label}
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
        {optional !== undefined && <option value="">{optional}</option>}
        {ports.map((p) => (
          <option key={p}>{p}</option>
        ))}
      </select>
    </label>
  );
}

function Field({ label, value, onChange, placeholder, invalid, size }: { label: string; value: string; onChange: (v: string) => void; placeholder: string; invalid: boolean; size?: number }) {
  return (
    <label>
      {label}
      <input aria-label={label} aria-invalid={invalid || undefined} value={value} placeholder={placeholder} size={size} spellCheck={false} autoComplete="off" onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

const bad = (b: Built, field: string) => !b.ok && b.field === field && b.error !== '' && !b.error.startsWith('enter');

function AddressForm({ ports, onAdd }: { ports: string[]; onAdd: (l: string) => void }) {
  const [cidr, setCidr] = useState('');
  const [port, setPort] = useState(ports[0] ?? '');
  const built = addressLine(cidr, port, ports);
  return (
    <LineForm title="Add address" built={built} onAdd={onAdd}>
      <Field label="Address/prefix" value={cidr} onChange={setCidr} placeholder="192.168.1.5/24" invalid={bad(built, 'address')} size={16} />
      <PortSelect label="Port" ports={ports} value={port} onChange={setPort} />
    </LineForm>
  );
}

function RouteForm({ ports, onAdd }: { ports: string[]; onAdd: (l: string) => void }) {
  const [gateway, setGateway] = useState('');
  const [port, setPort] = useState('');
  const built = defaultRouteLine(gateway, port, ports);
  return (
    <LineForm title="Default route" built={built} onAdd={onAdd}>
      <Field label="Gateway" value={gateway} onChange={setGateway} placeholder="192.168.1.1" invalid={bad(built, 'gateway')} size={14} />
      <PortSelect label="Via port" ports={ports} value={port} onChange={setPort} optional="any (by route)" />
    </LineForm>
  );
}

function MasqueradeForm({ ports, onAdd }: { ports: string[]; onAdd: (l: string) => void }) {
  const [port, setPort] = useState(ports[0] ?? '');
  return (
    <LineForm title="MASQUERADE" built={masqueradeLine(port, ports)} onAdd={onAdd}>
      <PortSelect label="Out port" ports={ports} value={port} onChange={setPort} />
    </LineForm>
  );
}

function ForwardForm({ ports, onAdd }: { ports: string[]; onAdd: (l: string) => void }) {
  const [port, setPort] = useState(ports[0] ?? '');
  const [protocol, setProtocol] = useState('tcp');
  const [pub, setPub] = useState('8080');
  const [target, setTarget] = useState('');
  const built = portForwardLine(port, protocol, pub, target, ports);
  return (
    <LineForm title="Port forward" built={built} onAdd={onAdd}>
      <PortSelect label="In port" ports={ports} value={port} onChange={setPort} />
      <label>
        Protocol
        <select aria-label="Protocol" value={protocol} onChange={(e) => setProtocol(e.target.value)}>
          <option>tcp</option>
          <option>udp</option>
        </select>
      </label>
      <Field label="Public port" value={pub} onChange={setPub} placeholder="8080" invalid={bad(built, 'public')} size={6} />
      <Field label="To address:port" value={target} onChange={setTarget} placeholder="192.168.1.2:80" invalid={bad(built, 'target')} size={18} />
    </LineForm>
  );
}

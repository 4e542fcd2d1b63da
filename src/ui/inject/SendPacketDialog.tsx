import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { sendPacket } from '../../state/actions';
import { useDocument } from '../../state/document';
import { portAddresses } from '../canvas/addresses';
import { checkForm, FROM_LOCAL, initialForm, addressOf, TCP_FLAGS, type PacketField, type PacketForm } from './packetForm';
import { useSendPacket } from './sendPacketStore';
import './inject.css';

/*
 * "Send a packet here…": one packet put on a device as if it arrived on a port from outside, or
 * as a process there sends it (sim/inject.ts, `hairpin trace`), with no peer built. A native
 * modal dialog (it traps focus, Escape closes it); Send runs it in the worker and the trace,
 * packet and summary panes show it as a run.
 */
export function SendPacketDialog() {
  const device = useSendPacket((s) => s.device);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (device !== undefined && !d.open) d.showModal();
    if (device === undefined && d.open) d.close();
  }, [device]);
  const onClose = () => {
    const { opener } = useSendPacket.getState();
    const closing = useSendPacket.getState().device;
    useSendPacket.getState().close();
    // The canvas menu's item that opened it is gone: its device takes focus instead.
    const back = opener?.isConnected ? opener : closing !== undefined ? document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(closing)}"]`) : null;
    back?.focus();
  };
  return (
    <dialog ref={dialog} className="send-packet-dialog" aria-labelledby="send-packet-title" onClose={onClose}>
      {device !== undefined && <SendPacketForm key={device} device={device} onDone={() => dialog.current?.close()} />}
    </dialog>
  );
}

function SendPacketForm({ device, onDone }: { device: string; onDone(): void }) {
  const config = useDocument((s) => s.doc.devices[device]?.config);
  const portsRecord = useDocument((s) => s.doc.devices[device]?.ports);
  const ports = useMemo(() => Object.keys(portsRecord ?? {}), [portsRecord]);
  const addresses = useMemo(() => portAddresses(config), [config]);
  const [form, setForm] = useState<PacketForm>(() => initialForm(ports, addresses));
  const [errors, setErrors] = useState<Partial<Record<PacketField, string>>>({});
  const id = useId();
  const fromLocal = form.start === FROM_LOCAL;

  const set = (patch: Partial<PacketForm>, fields: PacketField[]) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const k of fields) delete next[k];
      return next;
    });
  };
  const setStart = (start: string) => {
    // The destination follows the port while it is the prefilled address of the one before.
    const prefilled = form.dst === addressOf(addresses[form.start]?.[0]);
    const dst = prefilled && start !== FROM_LOCAL ? addressOf(addresses[start]?.[0]) : form.dst;
    set({ start, dst, src: start === FROM_LOCAL && form.src === '203.0.113.5' ? '' : start !== FROM_LOCAL && form.src === '' ? '203.0.113.5' : form.src }, ['start', 'src', 'dst', 'mark']);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkForm(device, ports, form);
    if ('errors' in checked) {
      setErrors(checked.errors);
      const first = Object.keys(checked.errors)[0];
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    onDone();
    void sendPacket(checked.spec);
  };
  const field = (name: PacketField, label: string, props: { value: string; onChange(v: string): void; placeholder?: string; hint?: string; inputMode?: 'numeric' | 'decimal' }) => (
    <div className="sp-field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        className="mono"
        value={props.value}
        placeholder={props.placeholder}
        inputMode={props.inputMode}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={[errors[name] ? `${id}-${name}-error` : '', props.hint ? `${id}-${name}-hint` : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.hint && (
        <span id={`${id}-${name}-hint`} className="sp-hint">
          {props.hint}
        </span>
      )}
      {errors[name] && (
        <span id={`${id}-${name}-error`} className="sp-error">
          {errors[name]}
        </span>
      )}
    </div>
  );

  return (
    <form className="send-packet" onSubmit={submit} noValidate>
      <div className="sp-head">
        <h2 id="send-packet-title">Send a packet to {device}</h2>
        <button type="button" className="icon" aria-label="Close" onClick={onDone}>
          ×
        </button>
      </div>
      <p className="sp-note">One packet put on {device} as if it came in from a neighbour (or a process on {device} sent it); no sender is built. The rest of the network runs as usual; what leaves by a port without a link reaches nobody.</p>
      <div className="sp-grid">
        <div className="sp-field sp-wide">
          <label htmlFor={`${id}-start`}>Arrives on</label>
          <select id={`${id}-start`} value={form.start} onChange={(e) => setStart(e.target.value)} aria-invalid={errors.start ? true : undefined} aria-describedby={errors.start ? `${id}-start-error` : undefined}>
            {ports.map((p) => (
              <option key={p} value={p}>
                {p}
                {addresses[p]?.length ? ` (${addresses[p]!.join(', ')})` : ''}
              </option>
            ))}
            <option value={FROM_LOCAL}>Sent by a process on this device</option>
          </select>
          {errors.start && (
            <span id={`${id}-start-error`} className="sp-error">
              {errors.start}
            </span>
          )}
        </div>
        <div className="sp-field sp-wide">
          <label htmlFor={`${id}-proto`}>Protocol</label>
          <select id={`${id}-proto`} value={form.proto} onChange={(e) => set({ proto: e.target.value as PacketForm['proto'] }, ['sport', 'dport', 'flags'])}>
            <option value="tcp">TCP</option>
            <option value="udp">UDP</option>
            <option value="icmp">ICMP echo request</option>
          </select>
        </div>
        {field('src', 'Source address', { value: form.src, onChange: (src) => set({ src }, ['src']), placeholder: fromLocal ? 'chosen by routing' : '203.0.113.5', hint: fromLocal ? 'empty: the route’s source' : undefined })}
        {form.proto !== 'icmp' && field('sport', 'Source port', { value: form.sport, onChange: (sport) => set({ sport }, ['sport']), placeholder: '40000', inputMode: 'numeric' })}
        {field('dst', 'Destination address', { value: form.dst, onChange: (dst) => set({ dst }, ['dst']), placeholder: '192.0.2.1' })}
        {form.proto !== 'icmp' && field('dport', 'Destination port', { value: form.dport, onChange: (dport) => set({ dport }, ['dport']), placeholder: '22', inputMode: 'numeric' })}
        {form.proto === 'tcp' && (
          <fieldset className="sp-flags sp-wide">
            <legend>TCP flags</legend>
            {TCP_FLAGS.map((f) => (
              <label key={f.name} title={`tcpdump prints it as ${f.letter}`}>
                <input type="checkbox" checked={(form.flags & f.bit) !== 0} onChange={(e) => set({ flags: e.target.checked ? form.flags | f.bit : form.flags & ~f.bit }, ['flags'])} /> {f.name}
              </label>
            ))}
          </fieldset>
        )}
        {fromLocal && field('mark', 'Mark (SO_MARK)', { value: form.mark, onChange: (mark) => set({ mark }, ['mark']), placeholder: '0', hint: 'the socket’s fwmark, for ip rule and iptables -m mark' })}
      </div>
      <div className="sp-actions">
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="primary">
          Send
        </button>
      </div>
    </form>
  );
}

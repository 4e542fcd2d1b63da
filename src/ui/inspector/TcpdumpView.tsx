import { useMemo, useState } from 'react';
import { capturePcap, capturePcapng, tcpdumpLines } from '../../engine/export/capture';
import { useRunOutOfDate } from '../../state/currency';
import { useDocument } from '../../state/document';
import { useSession } from '../../state/session';
import { downloadBlob } from '../share/files';

function download(name: string, bytes: Uint8Array, type: string): void {
  downloadBlob(name, new Blob([bytes as BlobPart], { type }));
}

const NO_FRAMES: readonly number[] = [];

/** The run's frames on an interface (a port moved into a namespace keeps its own): the run lists every interface a frame crossed. */
function framesAt(result: { ports: readonly { id: string; frames: number[] }[] }, id: string): readonly number[] {
  return result.ports.find((p) => p.id === id)?.frames ?? NO_FRAMES;
}

/**
 * Every interface of the capture file: each device's ports in document order, with the run's
 * frames on them (none for a port no frame crossed: the run lists only those), then every other
 * interface the run saw, in its order.
 */
export function captureInterfaces(devices: Readonly<Record<string, { ports: Readonly<Record<string, unknown>> }>>, runPorts: readonly { id: string; frames: readonly number[] }[]): { id: string; frames: readonly number[] }[] {
  const crossed = new Map(runPorts.map((p) => [p.id, p]));
  const ports: { id: string; frames: readonly number[] }[] = [];
  for (const [device, d] of Object.entries(devices)) {
    for (const port of Object.keys(d.ports)) {
      const id = `${device}:${port}`;
      ports.push(crossed.get(id) ?? { id, frames: NO_FRAMES });
      crossed.delete(id);
    }
  }
  return [...ports, ...crossed.values()];
}

interface CapturePlace {
  /** As the run names it: `box:eth0`, `box/ns1:eth0`. */
  id: string;
  /** In the menu: `eth0`, `ns1:eth0`. */
  label: string;
  ns?: string;
  name: string;
  /** The capture file's name part, as `hairpin run --pcap` writes it: `box-eth0`, `box-ns1-eth0`. */
  file: string;
}

/**
 * The device's ports in document order, then every other interface of it (or of its namespaces)
 * frames crossed in the run. A port the config renamed (`ip link set eth1 name wan0`) is named as
 * tcpdump -i takes it, from the run's `ifname`.
 */
export function capturePlaces(device: string, docPorts: readonly string[], runPorts: readonly { id: string; ifname?: string }[]): CapturePlace[] {
  const ids = [...docPorts.map((p) => `${device}:${p}`), ...runPorts.map((p) => p.id).filter((id) => id.startsWith(`${device}:`) || id.startsWith(`${device}/`))];
  const ifnames = new Map(runPorts.filter((p) => p.ifname !== undefined).map((p) => [p.id, p.ifname!]));
  return [...new Set(ids)].map((id) => {
    const [where, port] = [id.slice(0, id.lastIndexOf(':')), id.slice(id.lastIndexOf(':') + 1)];
    const name = ifnames.get(id) ?? port;
    const ns = where.includes('/') ? where.slice(where.indexOf('/') + 1) : undefined;
    return { id, name, ns, label: ns ? `${ns}:${name}` : name, file: ns ? `${device}-${ns}-${port}` : `${device}-${port}` };
  });
}

/**
 * What `tcpdump -e -n -i PORT` prints on one of the device's ports, up to the current step,
 * and the captures to download (this port as pcap, every port as pcapng).
 */
export function TcpdumpView({ device }: { device: string }) {
  // Select the stored object, not a fresh array: a new array per call makes zustand re-render forever.
  const portMap = useDocument((s) => s.doc.devices[device]?.ports);
  const title = useDocument((s) => s.doc.title);
  const run = useSession((s) => s.run);
  const step = useSession((s) => s.step);
  const [chosen, setChosen] = useState<string | undefined>();
  // A run of an earlier version of the document is not this device's traffic any more.
  const outOfDate = useRunOutOfDate();
  const result = run.status === 'done' && !outOfDate ? run.result : undefined;
  // The device's ports, then the interfaces the run saw inside it (`br0`, `ns1:eth0`).
  const ports = useMemo(() => capturePlaces(device, Object.keys(portMap ?? {}), result?.ports ?? []), [device, portMap, result]);
  const port = chosen && ports.some((p) => p.id === chosen) ? chosen : ports[0]?.id;
  const place = ports.find((p) => p.id === port);
  const lines = useMemo(() => (result && port ? tcpdumpLines(result.events, framesAt(result, port), step) : []), [result, port, step]);
  if (!port) return <p className="muted small">This device has no ports.</p>;
  const base = (title || 'hairpin').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'hairpin';
  return (
    <div className="tcpdump-view">
      <div className="tcpdump-bar">
        <select aria-label="Capture port" value={port} onChange={(e) => setChosen(e.target.value)}>
          {ports.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
        <button type="button" disabled={!result} onClick={() => result && download(`${base}-${place!.file}.pcap`, capturePcap(result.events, framesAt(result, port!)), 'application/vnd.tcpdump.pcap')}>
          Download pcap
        </button>
        <button type="button" disabled={!result} onClick={() => result && download(`${base}.pcapng`, capturePcapng(result.events, captureInterfaces(useDocument.getState().doc.devices, result.ports)), 'application/octet-stream')}>
          Download capture
        </button>
      </div>
      <section role="region" aria-label={`tcpdump ${device}:${place!.label}`} className="view-output" tabIndex={0}>
        <pre>
          <span className="prompt">{`${device}# ${place!.ns ? `ip netns exec ${place!.ns} ` : ''}tcpdump -e -n -i ${place!.name}\n`}</span>
          {result ? (lines.length ? lines.join('\n') : '(nothing on this port yet)') : 'Run a flow to see what tcpdump captures here.'}
        </pre>
      </section>
    </div>
  );
}

import { useMemo, useState } from 'react';
import { capturePcap, capturePcapng, tcpdumpLines } from '../../engine/export/capture';
import { useRunOutOfDate } from '../../state/currency';
import { useDocument } from '../../state/document';
import { useSession } from '../../state/session';
import { downloadBlob } from '../share/files';

function download(name: string, bytes: Uint8Array, type: string): void {
  downloadBlob(name, new Blob([bytes as BlobPart], { type }));
}

/**
 * What `tcpdump -e -n -i PORT` prints on one of the device's ports, up to the current step,
 * and the captures to download (this port as pcap, every port as pcapng).
 */
export function TcpdumpView({ device }: { device: string }) {
  // Select the stored object, not a fresh array: a new array per call makes zustand re-render forever.
  const portMap = useDocument((s) => s.doc.devices[device]?.ports);
  const ports = Object.keys(portMap ?? {});
  const title = useDocument((s) => s.doc.title);
  const run = useSession((s) => s.run);
  const step = useSession((s) => s.step);
  const [chosen, setChosen] = useState<string | undefined>();
  const port = chosen && ports.includes(chosen) ? chosen : ports[0];
  // A run of an earlier version of the document is not this device's traffic any more.
  const outOfDate = useRunOutOfDate();
  const result = run.status === 'done' && !outOfDate ? run.result : undefined;
  const lines = useMemo(() => (result && port ? tcpdumpLines(result.events, `${device}:${port}`, step) : []), [result, device, port, step]);
  if (!port) return <p className="muted small">This device has no ports.</p>;
  const base = (title || 'hairpin').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'hairpin';
  return (
    <div className="tcpdump-view">
      <div className="tcpdump-bar">
        <select aria-label="Capture port" value={port} onChange={(e) => setChosen(e.target.value)}>
          {ports.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        <button type="button" disabled={!result} onClick={() => result && download(`${base}-${device}-${port}.pcap`, capturePcap(result.events, `${device}:${port}`), 'application/vnd.tcpdump.pcap')}>
          Download pcap
        </button>
        <button type="button" disabled={!result} onClick={() => result && download(`${base}.pcapng`, capturePcapng(result.events, result.ports.map((p) => p.id)), 'application/octet-stream')}>
          Download capture
        </button>
      </div>
      <section role="region" aria-label={`tcpdump ${device}:${port}`} className="view-output" tabIndex={0}>
        <pre>
          <span className="prompt">{`${device}# tcpdump -e -n -i ${port}\n`}</span>
          {result ? (lines.length ? lines.join('\n') : '(nothing on this port yet)') : 'Run a flow to see what tcpdump captures here.'}
        </pre>
      </section>
    </div>
  );
}

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { copyText } from '../share/copy';
import { downloadBlob } from '../share/files';
import './snapshot.css';

/*
 * The snapshot script (`hairpin snapshot`), to take to a real Linux machine: downloaded as a
 * file, copied, or read first. Its text is the engine's snapshotScript(), the one source the
 * CLI prints too, loaded as a chunk of its own when this is first shown (it is not small).
 */

export const SNAPSHOT_FILE = 'hairpin-snapshot.sh';

let loading: Promise<string> | undefined;
function loadScript(): Promise<string> {
  loading ??= import('../../engine/export/snapshot').then((m) => m.snapshotScript());
  // A failed chunk load (the site was updated meanwhile) is tried again on the next click.
  loading.catch(() => (loading = undefined));
  return loading;
}

type Said = { text: string; error?: boolean } | undefined;

/** `then`: what to do with box.json where this is shown. */
export function SnapshotScript({ then, className }: { then: ReactNode; className?: string }) {
  const [script, setScript] = useState<string>();
  const [said, setSaid] = useState<Said>();
  const [reading, setReading] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const headingId = useId();
  const hintId = useId();

  useEffect(() => {
    let live = true;
    loadScript().then((s) => live && setScript(s), () => undefined);
    return () => {
      live = false;
    };
  }, []);

  const withScript = async (use: (s: string) => Promise<void> | void) => {
    try {
      const s = script ?? (await loadScript());
      setScript(s);
      await use(s);
    } catch {
      setSaid({ text: 'Could not load the script: reload the page and try again.', error: true });
    }
  };
  const download = () => withScript((s) => downloadBlob(SNAPSHOT_FILE, new Blob([s], { type: 'text/x-shellscript' })));
  const copy = () =>
    withScript(async (s) => {
      if (await copyText(s, null)) return setSaid({ text: 'Script copied' });
      // No clipboard (plain http): show it selected, for Ctrl+C.
      setReading(true);
      requestAnimationFrame(() => area.current?.select());
      setSaid({ text: 'Press Ctrl+C (⌘C) to copy the selected script' });
    });

  return (
    <section className={`snapshot-script ${className ?? ''}`} aria-labelledby={headingId}>
      <h3 id={headingId}>Snapshot script</h3>
      <p className="field-hint" id={hintId}>
        Run it on the Linux machine as root: <code>sh {SNAPSHOT_FILE} &gt; box.json</code>. It prints the machine as a scenario of one device; it only reads
        (ip, iptables-save, nft, /proc, /sys, /etc), changes nothing and uses no network. {then}
      </p>
      <div className="snapshot-buttons">
        <button type="button" aria-describedby={hintId} onClick={download}>
          Download {SNAPSHOT_FILE}
        </button>
        <button type="button" onClick={copy}>
          Copy the script
        </button>
        {/* A live region, not role=status: the Share dialog's own status (Copied) stays the one there. */}
        <span aria-live="polite" className={said?.error ? 'field-error' : 'muted small'}>
          {said?.text}
        </span>
      </div>
      <details open={reading} onToggle={(e) => setReading(e.currentTarget.open)}>
        <summary>Read the script first</summary>
        <textarea ref={area} className="snapshot-text" readOnly spellCheck={false} aria-label={`${SNAPSHOT_FILE}, the snapshot script`} value={script ?? 'Loading…'} />
      </details>
    </section>
  );
}

import { useEffect, useMemo, useRef, useState } from 'react';
import { makeShareHash } from '../../share/startup';
import { useShareNotice } from '../../share/notices';
import { useRunOutOfDate } from '../../state/currency';
import { useDocument } from '../../state/document';
import { useSession } from '../../state/session';
import { useTeaching, type Audience, type Reveal } from '../../state/teaching';
import { renderCanvas } from './canvasImage';
import { LabError, labScript } from '../../engine/export/lab';
import { downloadBlob, downloadUrl, exportScenario, importScenarioFile, scenarioFileStem } from './files';
import { copyText } from './copy';
import { SnapshotScript } from '../paste/SnapshotScript';

/*
 * What the Share dialog holds: the link (or, for a scenario too big for one, the file), then
 * scenario files in and out, then pictures of the canvas. The link follows the document, flow
 * and step live, so what is copied is what is on screen.
 */

/**
 * Links longer than this are cut by some chat apps, mail clients and old browsers; past it the
 * dialog offers the file instead of a link that might arrive broken.
 */
export const MAX_LINK_CHARS = 8000;

/** The link for what is on screen, encoded in the worker; undefined until the answer for the current inputs is in. */
function useShareLink(view: { audience: Audience; reveal: Reveal }): string | undefined {
  const doc = useDocument((s) => s.doc);
  const origin = useDocument((s) => s.origin);
  const { flowIndex, custom, packet, run, step } = useSession();
  const inputs = [doc, origin, flowIndex, custom, packet, run, step, view];
  const [made, setMade] = useState<{ inputs: unknown[]; link: string }>();
  // Re-encoded only when what it holds changes, not on every render.
  useEffect(() => {
    let current = true;
    void makeShareHash(view).then((hash) => current && setMade({ inputs, link: `${location.origin}${location.pathname}${hash}` }));
    return () => {
      current = false;
    };
  }, inputs);
  // A link made for other inputs is never shown: it would open something else.
  return made && made.inputs.every((x, i) => x === inputs[i]) ? made.link : undefined;
}

/** Whom the link is for: the teacher's own view, or a student's, whose answers wait until passed. */
function ViewChoice({ view, onChange }: { view: { audience: Audience; reveal: Reveal }; onChange(view: { audience: Audience; reveal: Reveal }): void }) {
  return (
    <fieldset className="share-view">
      <legend>Open the lesson in</legend>
      <label>
        <input type="radio" name="share-audience" checked={view.audience === 'teacher'} onChange={() => onChange({ ...view, audience: 'teacher' })} /> teacher view (answers shown)
      </label>
      <label>
        <input type="radio" name="share-audience" checked={view.audience === 'student'} onChange={() => onChange({ ...view, audience: 'student' })} /> student view
      </label>
      {view.audience === 'student' && (
        <label className="share-reveal">
          Answers{' '}
          <select aria-label="When a student sees the answers" value={view.reveal} onChange={(e) => onChange({ ...view, reveal: e.target.value as Reveal })}>
            <option value="passed">once the question is passed</option>
            <option value="always">from the start</option>
            <option value="never">never</option>
          </select>
        </label>
      )}
      {view.audience === 'student' && (
        <p className="share-hint">Student view hides the worked answers, “What changed” and the fixed twin on screen until the question is passed. The link still holds them: it hides, it does not encrypt.</p>
      )}
    </fieldset>
  );
}

function LinkSection() {
  const hasQuestions = useDocument((s) => (s.doc.lesson?.questions?.length ?? 0) > 0);
  const [view, setView] = useState<{ audience: Audience; reveal: Reveal }>(() => ({ audience: 'teacher', reveal: useTeaching.getState().reveal }));
  const link = useShareLink(view);
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | undefined>();
  const { run, step, custom, packet } = useSession();
  const outOfDate = useRunOutOfDate();
  useEffect(() => setCopied(undefined), [link]);
  // The link is what most people came for: focused and selected, ready for Ctrl+C. The menu
  // focuses it on opening; this covers the link arriving later (this part loads, the worker answers).
  const ready = link !== undefined;
  const focused = useRef(false);
  useEffect(() => {
    if (!ready || focused.current) return;
    focused.current = true;
    if (field.current?.closest('dialog')?.open) field.current.focus();
  }, [ready]);

  if (link === undefined) {
    return (
      <section className="share-section" aria-labelledby="share-link-heading" aria-busy="true">
        <h3 id="share-link-heading">Link</h3>
        <p className="share-hint">Making the link…</p>
      </section>
    );
  }

  if (link.length > MAX_LINK_CHARS) {
    return (
      <section className="share-section" aria-labelledby="share-link-heading">
        <h3 id="share-link-heading">Link</h3>
        <p className="share-too-big">
          This scenario is too big for a link: it would take {link.length.toLocaleString()} characters, and chat apps, mail and some browsers cut links
          beyond about {MAX_LINK_CHARS.toLocaleString()}. Send the scenario file instead; it opens with “Import scenario…” or by dropping it on the page.
        </p>
        <button type="button" className="primary" onClick={exportScenario}>
          Download scenario file
        </button>
      </section>
    );
  }
  const chosen = !custom && packet ? `the injected packet (${packet.label})` : 'the selected flow';
  const what = run.status === 'done' && !outOfDate ? `${chosen} and step ${Math.min(step, run.result.events.length - 1) + 1}` : `and ${chosen}`;
  return (
    <section className="share-section" aria-labelledby="share-link-heading">
      <h3 id="share-link-heading">Link</h3>
      <p className="share-hint">
        Holds the whole scenario, {what}. Anyone who opens it sees what you see ({link.length.toLocaleString()} characters).
      </p>
      {hasQuestions && <ViewChoice view={view} onChange={setView} />}
      <div className="share-link-row">
        <label htmlFor="share-link-field" className="share-label">
          Share link
        </label>
        <input id="share-link-field" ref={field} className="share-link-field" readOnly value={link} spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          className="primary"
          onClick={async () => setCopied((await copyText(link, field.current)) ? 'yes' : 'no')}
        >
          Copy link
        </button>
      </div>
      <p role="status" className="share-copied">
        {copied === 'yes' ? 'Copied' : copied === 'no' ? 'Press Ctrl+C (⌘C) to copy the selected link' : ''}
      </p>
    </section>
  );
}

function FilesSection({ onImported }: { onImported: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <section className="share-section" aria-labelledby="share-files-heading">
      <h3 id="share-files-heading">Scenario file</h3>
      <div className="share-buttons">
        <button type="button" onClick={() => input.current?.click()}>
          Import scenario…
        </button>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          className="share-file-input"
          aria-label="Scenario file to import"
          tabIndex={-1}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = ''; // choosing the same file again still imports it
            if (file) void importScenarioFile(file).then((ok) => ok && onImported());
          }}
        />
        <button type="button" onClick={exportScenario}>
          Export scenario
        </button>
      </div>
      <p className="share-hint">Format 2 JSON, as `hairpin run` reads it, the lesson included. You can also drop a .json file anywhere on the page.</p>
    </section>
  );
}

function PictureSection() {
  const [busy, setBusy] = useState<'png' | 'svg' | undefined>();
  const save = async (kind: 'png' | 'svg') => {
    setBusy(kind);
    const image = await renderCanvas(kind);
    setBusy(undefined);
    const { doc, origin } = useDocument.getState();
    if (image.ok) downloadUrl(`${scenarioFileStem(doc, origin)}.${kind}`, image.url, image.url.startsWith('blob:'));
    else useShareNotice.getState().show({ kind: 'error', title: `Could not export ${kind.toUpperCase()}`, detail: image.reason });
  };
  return (
    <section className="share-section" aria-labelledby="share-picture-heading">
      <h3 id="share-picture-heading">Picture of the canvas</h3>
      <div className="share-buttons">
        <button type="button" disabled={!!busy} onClick={() => void save('png')}>
          {busy === 'png' ? 'Drawing…' : 'Export PNG'}
        </button>
        <button type="button" disabled={!!busy} onClick={() => void save('svg')}>
          {busy === 'svg' ? 'Drawing…' : 'Export SVG'}
        </button>
      </div>
      <p className="share-hint">The whole diagram at the current step, without the minimap and controls, for slides.</p>
    </section>
  );
}

/** The same scenario as a bash script that builds it in Linux network namespaces. */
function LabSection() {
  const [refused, setRefused] = useState<string>();
  const save = () => {
    const { doc, origin } = useDocument.getState();
    let script: string;
    try {
      script = labScript(doc);
    } catch (e) {
      // The script runs as root: a line the simulator refuses is never put in one.
      if (!(e instanceof LabError)) throw e;
      setRefused(e.device === undefined ? e.reason : `${e.device}, ${e.line ? `config line ${e.line}` : 'flow'}, column ${e.column}: ${e.reason}`);
      return;
    }
    setRefused(undefined);
    downloadBlob(`${scenarioFileStem(doc, origin)}.lab.sh`, new Blob([script], { type: 'text/x-shellscript' }));
  };
  return (
    <section className="share-section" aria-labelledby="share-lab-heading">
      <h3 id="share-lab-heading">Run it on a real kernel</h3>
      <div className="share-buttons">
        <button type="button" onClick={save}>
          Export as Linux lab
        </button>
      </div>
      {refused && (
        <p role="alert" className="share-hint">
          No lab: fix this first. {refused}
        </p>
      )}
      <p className="share-hint">
        A bash script, as `hairpin lab` prints it: `sudo bash lab.sh up` builds one network namespace per device (named hp-DEVICE), then try the flows with `sudo ip netns exec hp-pc1 …`;
        `sudo bash lab.sh down` removes it all. Needs iproute2, iptables, tcpdump and netcat-openbsd.
      </p>
    </section>
  );
}

/** The dialog's sections; `onImported` closes it so the imported scenario is in view. */
export function ShareDialogBody({ onImported }: { onImported: () => void }) {
  return (
    <>
      <LinkSection />
      <FilesSection onImported={onImported} />
      <SnapshotScript
        className="share-section"
        then={<>Then import box.json (Import scenario…) to open the machine as a scenario of its own, or add it to a lab: a device's "Paste from a real machine" takes it.</>}
      />
      <PictureSection />
      <LabSection />
    </>
  );
}

import { useId, useState } from 'react';
import type { ImportResult } from '../../engine/api';
import { useDocument } from '../../state/document';
import { freeDeviceId } from '../../state/templates';
import { deviceIdProblem } from '../../engine/scenario/names';
import { MAX_DEVICE_ID_LENGTH } from '../../engine/scenario/limits';
import { addMachineInView } from '../canvas/placement';
import type { ConfigIssue } from '../../engine/sim/run';
import { engine, importPastedText } from '../../worker/client';
import { Modal } from '../library/Modal';
import { configAfter, groupByReason, mergePorts, type ApplyMode } from './plan';
import { SnapshotScript } from './SnapshotScript';
import '../library/library.css';
import './paste.css';

/*
 * "Paste from a real machine": what `ip addr`, `ip route`, `iptables-save` … printed on a real
 * server becomes this device's config. The worker's importer reads the text (the page never
 * parses tool output); the preview shows every line it will write, the ports it adds, and every
 * pasted line it leaves out and why, before anything changes. Applying is one undo step.
 * What the snapshot script printed (box.json, a scenario of one device) is taken the same way:
 * its ports with their MACs and its config, for review like any paste. Without a device to
 * fill ("Add a real machine" in the palette), the machine becomes a new device, named as the
 * snapshot names it or as the user types.
 */

const UNDERSTOOD =
  'ip addr, ip -br a, ip route (show table all), ip rule, ip neigh, ip link and their -j forms; iptables-save, iptables -S, ip6tables-save; ipset save, nfacct list; nft list ruleset; sysctl -a; /etc/resolv.conf, /etc/hosts, /etc/iproute2/rt_tables.';

/** A long list of left-out lines starts closed: the reasons are the summary. */
const OPEN_UP_TO = 4;

export function PasteButton({ device, flush }: { device: string; flush: { current: (() => void) | null } }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="paste-open" onClick={() => setOpen(true)}>
        Paste from a real machine
      </button>
      {open && <PasteDialog device={device} flush={flush} onClose={() => setOpen(false)} />}
    </>
  );
}

/** The import, and what booting the device with only its lines says: why the scenario would not load, or the lines the tools refuse. */
type Checked = { result: ImportResult; scenarioError?: string; refused: ConfigIssue[] };
type Preview = { status: 'idle' } | { status: 'busy' } | { status: 'error'; message: string } | ({ status: 'done' } & Checked);

/** "Add a real machine": the paste dialog making a new device instead of filling one. */
export function AddMachineDialog({ onClose }: { onClose: () => void }) {
  return <PasteDialog onClose={onClose} />;
}

/** A free id for the machine: the snapshot's own name (web1, with a digit added when taken), else pc1, pc2… */
function suggestedName(taken: Record<string, unknown>, snapshot: string | undefined, fallback: string): string {
  if (!snapshot || deviceIdProblem(snapshot)) return fallback;
  if (!(snapshot in taken)) return snapshot;
  for (let i = 2; ; i++) {
    const id = `${snapshot.slice(0, MAX_DEVICE_ID_LENGTH - 1 - String(i).length)}_${i}`;
    if (!(id in taken) && !deviceIdProblem(id)) return id;
  }
}

function PasteDialog({ device, flush, onClose }: { device?: string; flush?: { current: (() => void) | null }; onClose: () => void }) {
  const [name, setName] = useState<string>();
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<Preview>({ status: 'idle' });
  const [refused, setRefused] = useState<string>();
  const textId = useId();
  const hintId = useId();
  const d = useDocument((s) => (device === undefined ? undefined : s.doc.devices[device]));
  const nameId = useId();
  const setPortsAndConfig = useDocument((s) => s.setPortsAndConfig);

  const edit = (t: string) => {
    setText(t);
    setPreview({ status: 'idle' });
    setRefused(undefined);
    setName(undefined);
  };
  const readFile = (file: File | undefined) => {
    if (!file) return;
    file.text().then(edit, () => setPreview({ status: 'error', message: `Could not read ${file.name}.` }));
  };
  const run = () => {
    if (text.trim() === '') return setPreview({ status: 'error', message: 'Nothing pasted yet: paste what the commands printed on the real machine.' });
    setPreview({ status: 'busy' });
    check(text).then(
      (checked) => setPreview({ status: 'done', ...checked }),
      (e: unknown) => setPreview({ status: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
  };
  /** Imports, then boots the scenario with the device as "Replace" leaves it: a MAC another port has, or a line the tool refuses, shows before applying. */
  const check = async (pasted: string): Promise<Checked> => {
    const result = await importPastedText([{ name: '', text: pasted }]);
    const { doc } = useDocument.getState();
    // A new machine is checked under a name no device has (its own name is chosen afterwards).
    const id = device ?? freeDeviceId(doc, 'host');
    const now = device === undefined ? { kind: result.snapshot?.kind ?? 'host', ports: {}, config: [] } : doc.devices[device];
    if (!now) return { result, refused: [] };
    const next = { ...doc, devices: { ...doc.devices, [id]: { ...now, ports: mergePorts(now.ports, result.ports).ports, config: result.config } } };
    const booted = await engine().configIssues(JSON.stringify(next));
    if (!Array.isArray(booted)) return { result, refused: [], scenarioError: booted.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n') };
    return { result, refused: booted.filter((i) => i.device === id) };
  };
  const result = preview.status === 'done' ? preview.result : undefined;
  const merged = result && (d || device === undefined) ? mergePorts(d?.ports ?? {}, result.ports) : undefined;
  const docDevices = useDocument((s) => s.doc.devices);
  const machineName = name ?? (result ? suggestedName(docDevices, result.snapshot?.device, freeDeviceId(useDocument.getState().doc, 'host')) : '');
  const nameProblem = device === undefined && result ? (deviceIdProblem(machineName) ?? (machineName in docDevices ? `there is already a device named ${machineName}` : undefined)) : undefined;
  const nothing = result !== undefined && result.config.length === 0 && Object.keys(result.ports).length === 0;
  // Broken input that gave nothing (a box.json cut short): its problems are the whole preview.
  const broken = nothing && result.problems.length > 0;
  // The commands whose output was read (a prompt names it); an answer such as `ip route get` is listed with the lines not imported.
  const recognised = result
    ? [...new Set(result.outputs.filter((o) => o.kind !== 'unknown' && o.kind !== 'not-config').map((o) => (o.kind === 'scenario' ? (result.snapshot ? `the snapshot of ${result.snapshot.device}` : 'a Hairpin scenario') : (o.command ?? o.kind))))]
    : [];
  const blocked = !result || nothing || (preview.status === 'done' && preview.scenarioError !== undefined);
  const addMachine = () => {
    if (!result || nameProblem) return;
    const problem = addMachineInView(machineName, { kind: result.snapshot?.kind ?? 'host', ports: result.ports, config: result.config });
    if (problem) return setRefused(`Not added: ${problem}.`);
    onClose();
  };
  const apply = (mode: ApplyMode) => {
    if (device === undefined) return;
    if (!result || !merged || !d) return;
    flush?.current?.(); // the editor's pending typing first, so it is what "Add" keeps and "Replace" undoes to
    const now = useDocument.getState().doc.devices[device];
    if (!now) return;
    const problem = setPortsAndConfig(device, mergePorts(now.ports, result.ports).ports, configAfter(mode, now.config ?? [], result.config));
    if (problem) return setRefused(`Not applied: ${problem}.`);
    onClose();
  };

  return (
    <Modal title={device === undefined ? 'Add a real machine' : `Paste from a real machine into ${device}`} onClose={onClose} className="paste-dialog">
      {/* A file dropped anywhere in the dialog fills the box (box.json too): the page's own drop would open it as the whole scenario. */}
      <div
        data-own-drop=""
        onDragOver={(e) => {
          if (e.dataTransfer.types.includes('Files')) e.preventDefault();
        }}
        onDrop={(e) => {
          if (!e.dataTransfer.types.includes('Files')) return;
          e.preventDefault();
          readFile(e.dataTransfer.files[0]);
        }}
      >
        <label className="field" htmlFor={textId}>
          Output of ip, iptables-save, nft, sysctl… from a real machine
        </label>
        <p className="field-hint" id={hintId}>
          Understood: {UNDERSTOOD} Keep the prompt lines (<code>root@srv:~# ip route</code>): they tell which command printed what. Or the box.json the
          snapshot script printed (below).
        </p>
        <textarea
          id={textId}
          className="paste-text"
          aria-describedby={hintId}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          value={text}
          onChange={(e) => edit(e.target.value)}
        />
        <div className="paste-row">
          <label className="paste-file">
            Or choose a file (the output, or box.json):{' '}
            <input type="file" accept=".txt,.log,.conf,.json,text/plain,application/json" onChange={(e) => readFile(e.target.files?.[0])} />
          </label>
          <button type="button" onClick={run} disabled={preview.status === 'busy'}>
            Preview
          </button>
        </div>

        {preview.status === 'busy' && (
          <p className="muted" role="status">
            Reading the output…
          </p>
        )}
        {preview.status === 'error' && (
          <p className="field-error" role="alert">
            {preview.message}
          </p>
        )}
        {result && merged && (
          <section className="paste-preview" aria-label="Preview">
            {nothing && !broken && (
              <p className="field-error" role="alert">
                Nothing here became config: no output of a command Hairpin imports was recognised. See the lines not imported below.
              </p>
            )}
            {recognised.length > 0 && <p className="muted small">Recognised: {recognised.join(', ')}</p>}
            {preview.status === 'done' && preview.scenarioError && (
              <p className="field-error" role="alert">
                Not applicable as it stands: with these ports the scenario would not load ({preview.scenarioError}).
              </p>
            )}
            {result.problems.length > 0 && (
              <>
                <h3>Problems ({result.problems.length})</h3>
                <ul className="paste-list paste-problems" aria-label="Problems">
                  {result.problems.map((p, i) => (
                    <li key={i}>
                      <span className="paste-line-no">
                        line {p.line}
                        {p.column ? `, column ${p.column}` : ''}
                      </span>{' '}
                      {p.message}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {broken ? (
              <p className="field-error" role="alert">
                Nothing imported: the input is broken where the problems say. Fix it (or paste it again whole) and preview again.
              </p>
            ) : (
              <>
                <h3>Config lines it will write ({result.config.length})</h3>
                {result.config.length > 0 ? (
                  <pre className="paste-config" aria-label="Config lines it will write" tabIndex={0}>
                    {result.config.join('\n')}
                  </pre>
                ) : (
                  <p className="muted small">None.</p>
                )}
                {preview.status === 'done' && preview.refused.length > 0 && (
                  <>
                    <h3>Lines the tools refuse here ({preview.refused.length})</h3>
                    <ul className="paste-list paste-problems" aria-label="Lines the tools refuse here">
                      {preview.refused.map((i, n) => (
                        <li key={n}>
                          <span className="paste-line-no">config line {i.line}</span> {i.message}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                <h3>{device === undefined ? 'Ports' : `Ports on ${device}`}</h3>
                {merged.changes.length > 0 ? (
                  <ul className="paste-list" aria-label={device === undefined ? 'Ports' : `Ports on ${device}`}>
                    {merged.changes.map((c) => (
                      <li key={c.name}>
                        <code>{c.name}</code>{' '}
                        {c.change === 'add' ? `added${c.mac ? `, MAC ${c.mac}` : ''}` : c.change === 'mac' ? `MAC set to ${c.mac}` : 'already there'}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="muted small">No ports named.</p>
                )}
                <NotImportedList result={result} />
              </>
            )}
          </section>
        )}
        {refused && (
          <p className="field-error" role="alert">
            {refused}
          </p>
        )}
        {device === undefined && result && !blocked && (
          <div className="paste-name">
            <label className="field" htmlFor={nameId}>
              Name on the canvas
            </label>
            <input id={nameId} value={machineName} onChange={(e) => setName(e.target.value)} aria-invalid={nameProblem !== undefined} spellCheck={false} autoComplete="off" />
            {nameProblem && (
              <p className="field-error" role="alert">
                {nameProblem}
              </p>
            )}
          </div>
        )}
        <SnapshotScript
          then={<>Then paste box.json above, drop it there or choose it: {device === undefined ? 'the machine joins the canvas with its ports and config' : `${device} takes its ports and config`}.</>}
        />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          {device === undefined ? (
            <button type="button" className="primary" disabled={blocked || nameProblem !== undefined} onClick={addMachine}>
              Add to the canvas
            </button>
          ) : (
            <>
              <button type="button" disabled={blocked} onClick={() => apply('add')}>
                Add to the config
              </button>
              <button type="button" className="primary" disabled={blocked} onClick={() => apply('replace')}>
                Replace the config
              </button>
            </>
          )}
        </div>
      </div>
    </Modal>
  );
}

function NotImportedList({ result }: { result: ImportResult }) {
  const groups = groupByReason(result.notImported);
  if (groups.length === 0) return <h3>Every line was imported</h3>;
  return (
    <>
      <h3>Lines not imported ({result.notImported.length})</h3>
      <ul className="paste-skipped" aria-label="Lines not imported">
        {groups.map((g) => (
          <li key={g.reason}>
            <details open={g.items.length <= OPEN_UP_TO}>
              <summary>
                {g.reason} ({g.items.length})
              </summary>
              <ul className="paste-list">
                {g.items.map((n, i) => (
                  <li key={i}>
                    <span className="paste-line-no">line {n.line}</span> <code>{n.text}</code>
                  </li>
                ))}
              </ul>
            </details>
          </li>
        ))}
      </ul>
    </>
  );
}

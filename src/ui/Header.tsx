import { useShallow } from 'zustand/react/shallow';
import { BUILTIN_NAMES } from '../scenarios/names';
import { cancelRun, commandDevice, openBuiltin, runChosen, runTarget } from '../state/actions';
import { RunTargetLabel, runTargetText } from './RunTargetLabel';
import { visibleText } from './visibleText';
import { useDocument } from '../state/document';
import { useSession } from '../state/session';
import { LessonsButton } from './lessons/LessonsButton';
import { useHiddenTwin } from './lessons/useHiddenTwin';
import { DocumentMenu } from './library/DocumentMenu';
import { ShareMenu } from './share/ShareMenu';
import { PresentButton } from './present/PresentButton';
import { usePresentation } from '../state/presentation';
import { Picker } from './picker/Picker';
import { useMemo } from 'react';
import { deviceIds } from '../state/device-ids';

/**
 * Scenario picker, the flow picker ("Flow"), a command box for any device, Run and Cancel. Run
 * runs the typed command when the box holds one, else the selected flow; the label beside it
 * says which before it is pressed. "Present" enters presentation mode, where the document's
 * own menus (document, share) step aside for "Exit presentation".
 */
export function Header() {
  const doc = useDocument((s) => s.doc);
  const origin = useDocument((s) => s.origin);
  // Only what the header shows: a whole-store subscription re-rendered it (and its device
  // lists) at every playback step.
  const { flowIndex, custom, packet, run, theme, selectedDevice, typed, typedOn } = useSession(
    useShallow((s) => ({ flowIndex: s.flowIndex, custom: s.custom, packet: s.packet, run: s.run, theme: s.theme, selectedDevice: s.selectedDevice, typed: s.typed, typedOn: s.typedOn })),
  );
  const presenting = usePresentation((s) => s.presenting);
  const session = useSession.getState();
  const devices = useMemo(() => deviceIds(doc).map((d) => ({ value: d, label: d })), [doc]);
  const onDevice = commandDevice(doc, typedOn, selectedDevice);
  const target = runTarget(doc, { typed, typedOn, selectedDevice, custom, packet, flowIndex });
  const hiddenTwin = useHiddenTwin();

  return (
    <header className="header">
      <h1 className="brand">Hairpin</h1>
      <LessonsButton />
      {/* Presenting, its buttons step aside (present.css); its notices (storage full, another tab) stay. */}
      <DocumentMenu />
      <label>
        Scenario{' '}
        <select aria-label="Scenario" value={origin ?? ''} onChange={(e) => void openBuiltin(e.target.value)}>
          {origin === undefined && <option value="">{visibleText(doc.title)}</option>}
          {BUILTIN_NAMES.filter((name) => name !== hiddenTwin).map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Flow{' '}
        <select
          aria-label="Flow"
          value={custom ? 'custom' : packet ? 'packet' : String(flowIndex)}
          onChange={(e) => (e.target.value === 'custom' || e.target.value === 'packet' ? undefined : session.setFlow(Number(e.target.value)))}
        >
          {doc.flows.map((f, i) => (
            <option key={i} value={i}>
              {f.on}$ {visibleText(f.run)}
              {f.title ? ` — ${visibleText(f.title)}` : ''}
            </option>
          ))}
          {custom && (
            <option value="custom">
              {custom.on}$ {custom.command}
            </option>
          )}
          {packet && !custom && (
            <option value="packet">
              {packet.spec.device}: {packet.label}
            </option>
          )}
        </select>
      </label>
      <form
        className="command-box"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim()) void runChosen();
        }}
      >
        {/* A searchable picker: a document can hold 10,000 devices. */}
        <Picker label="Run on device" className="run-on" choices={devices} value={onDevice} onChange={(d) => session.setTypedOn(d)} />
        {/* Enter runs it: with the picker's text box beside it the form has two, and no longer submits by itself. */}
        <input
          aria-label="Command"
          placeholder="ping -c 1 8.8.8.8"
          value={typed}
          onChange={(e) => session.setTyped(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), e.currentTarget.form?.requestSubmit())}
          spellCheck={false}
        />
      </form>
      {run.status === 'running' ? (
        <button type="button" onClick={cancelRun}>
          Cancel
        </button>
      ) : (
        <button type="button" className="primary" data-space-plays onClick={() => void runChosen()} disabled={!target} aria-describedby="run-target" title={runTargetText(target)}>
          Run
        </button>
      )}
      <RunTargetLabel id="run-target" target={target} />
      {run.status === 'running' && (
        <span role="status" className="progress">
          Running…{run.progress ? ` ${run.progress.events.toLocaleString()} events, ${(run.progress.now / 1e9).toFixed(1)} s simulated` : ''}
        </span>
      )}
      {!presenting && <ShareMenu />}
      <PresentButton />
      <button type="button" aria-label={theme === 'dark' ? 'Light theme' : 'Dark theme'} onClick={() => session.setTheme(theme === 'dark' ? 'light' : 'dark')}>
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}

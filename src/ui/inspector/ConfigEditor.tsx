import { EditorSelection, EditorState, type Text } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useDocument } from '../../state/document';
import { engine } from '../../worker/client';
import { parseProblems, placeProblems, engineProblems, sameLines, textToLines, type LineProblem, type Problem } from './diagnostics';
import { editorExtensions, External, Relint, unfinishedLine } from './editorSetup';
import { EMPTY_CHECK, useEngineIssues, type EngineCheck } from './useEngineIssues';
import { deviceIds } from '../../state/device-ids';

/*
 * A device's config as an editor of command lines. Edits are written to the document when a
 * line is finished (Enter, paste, deleting a line), when the editor loses focus, or after a
 * pause in typing, so one line typed is one undo step. Undo and redo in the editor are the
 * document's; changes from elsewhere (undo, the learner buttons) are copied in. The problems
 * of the line being typed wait until it is finished (editorSetup's unfinishedLine).
 */

const IDLE_COMMIT_MS = 1200;

/**
 * The parse errors of the editor's lines, found in the engine worker: a 100,000-line config
 * parsed here took the page for seconds at every change. A worker replaced mid-call (a run
 * cancelled) is asked once more; only if that fails too does the page parse the lines itself.
 */
async function lintInWorker(lines: string[]): Promise<LineProblem[]> {
  try {
    return await engine().configParseProblems(lines);
  } catch {
    return engine()
      .configParseProblems(lines)
      .catch(() => parseProblems(lines));
  }
}

export function ConfigEditor({ device, flushRef }: { device: string; flushRef: RefObject<(() => void) | null> }) {
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const doc = useDocument((s) => s.doc);
  const initial = doc.devices[device]?.config ?? [];
  const [lines, setLines] = useState<string[]>(initial);
  const [problems, setProblems] = useState<Problem[]>([]);
  /** The line being typed has problems not shown yet: "every line is understood" would be untrue. */
  const [waiting, setWaiting] = useState(false);
  /** The worker has not answered for the text on screen yet: no problems shown is no verdict. */
  const [linting, setLinting] = useState(true);
  const engineRef = useRef<EngineCheck>(EMPTY_CHECK);
  /**
   * The worker's parse errors for one text, asked once: the engine's answer coming in re-lints
   * without parsing again, also while the first answer is still on its way.
   */
  const parsedRef = useRef<{ text: Text; problems: Promise<LineProblem[]> } | null>(null);
  const ctxRef = useRef({ devices: deviceIds(doc), ports: Object.keys(doc.devices[device]?.ports ?? {}) });
  ctxRef.current = { devices: deviceIds(doc), ports: Object.keys(doc.devices[device]?.ports ?? {}) };

  const check = useEngineIssues(doc, device, lines, (c) => {
    engineRef.current = c;
    viewRef.current?.dispatch({ annotations: Relint.of(true) });
  });

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const store = useDocument;
    const commit = () => {
      clearTimeout(timer);
      timer = undefined;
      const view = viewRef.current;
      if (!view) return;
      const next = textToLines(view.state.doc);
      const current = store.getState().doc.devices[device]?.config ?? [];
      if (sameLines(next, current)) return;
      store.getState().setConfig(device, next);
      // Refused (it would break a format limit; the refusal is shown): show the config as it stays.
      if (store.getState().doc.devices[device]?.config === current) {
        const text = view.state.doc.toString();
        const insert = current.join('\n');
        view.dispatch({ changes: { from: 0, to: text.length, insert }, selection: EditorSelection.cursor(Math.min(view.state.selection.main.head, insert.length)), annotations: External.of(true) });
      }
    };
    const view = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: (store.getState().doc.devices[device]?.config ?? []).join('\n'),
        extensions: editorExtensions({
          completion: () => ctxRef.current,
          problems: async (v) => {
            const text = v.state.doc;
            const all = text.toJSON();
            if (parsedRef.current?.text !== text) parsedRef.current = { text, problems: lintInWorker(all) };
            const parsed = await parsedRef.current.problems;
            // Edited meanwhile: the linter drops this answer and asks again for the new text.
            if (v.state.doc !== text) return [];
            const engine = engineRef.current;
            const typing = v.state.field(unfinishedLine);
            const placed = placeProblems(all, [...parsed, ...engineProblems(engine.issues, device, engine.checked, all)]);
            const shown = placed.filter((p) => p.line !== typing);
            setProblems(shown);
            setWaiting(shown.length < placed.length);
            setLinting(false);
            return shown;
          },
          onChange: (u) => {
            setLines(textToLines(u.state.doc));
            setLinting(true);
            if (u.transactions.some((t) => t.annotation(External))) return;
            clearTimeout(timer);
            // A finished line (Enter, paste, a deleted line) is one step; typing waits for a pause.
            if (u.startState.doc.lines !== u.state.doc.lines) commit();
            else timer = setTimeout(commit, IDLE_COMMIT_MS);
          },
          onBlur: commit,
          undo: () => {
            commit();
            useDocument.temporal.getState().undo();
          },
          redo: () => {
            commit();
            useDocument.temporal.getState().redo();
          },
        }),
      }),
    });
    viewRef.current = view;
    flushRef.current = commit;
    // Leaving the page mid-line keeps the line: committed in the capture phase, before the
    // autosave's own (bubbling) listeners write the document.
    const leaving = (e: Event) => {
      if (e.type === 'pagehide' || document.visibilityState === 'hidden') commit();
    };
    window.addEventListener('pagehide', leaving, true);
    document.addEventListener('visibilitychange', leaving, true);

    // Copy changes made elsewhere (undo/redo, appended lines) into the editor.
    let seen = store.getState().doc.devices[device]?.config;
    const unsubscribe = store.subscribe((s) => {
      const config = s.doc.devices[device]?.config;
      if (config === seen) return;
      seen = config;
      if (sameLines(config ?? [], textToLines(view.state.doc))) return;
      clearTimeout(timer);
      timer = undefined;
      const insert = (config ?? []).join('\n');
      const head = Math.min(view.state.selection.main.head, insert.length);
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert }, selection: EditorSelection.cursor(head), annotations: External.of(true) });
    });

    return () => {
      unsubscribe();
      window.removeEventListener('pagehide', leaving, true);
      document.removeEventListener('visibilitychange', leaving, true);
      commit();
      if (flushRef.current === commit) flushRef.current = null;
      view.destroy();
      viewRef.current = null;
    };
  }, [device, flushRef]);

  const goTo = (p: Problem) => {
    const view = viewRef.current;
    if (!view) return;
    view.dispatch({ selection: EditorSelection.range(p.from, p.to), scrollIntoView: true });
    view.focus();
  };

  return (
    <div className="config-editor">
      <div ref={host} className="config-editor-host" data-testid="config-editor" />
      {check.scenarioError && (
        <p className="config-note config-note-error" role="status">
          The scenario does not load: {check.scenarioError}
        </p>
      )}
      <ul role="list" aria-label="Config problems" className="config-problems" data-testid="config-problems">
        {problems.map((p) => (
          <li key={`${p.line}:${p.column}:${p.message}`} className={`config-problem config-problem-${p.kind}`}>
            <button type="button" onClick={() => goTo(p)} aria-label={`Line ${p.line}, column ${p.column}: ${p.message}`}>
              <span className="config-problem-where">
                {p.line}:{p.column}
              </span>
              <span className="config-problem-kind">{p.kind === 'refused' ? 'refused' : 'not understood'}</span>
              <span className="config-problem-message">{p.message}</span>
            </button>
          </li>
        ))}
      </ul>
      {/* The verdict's line is there while it is awaited too, so what is under the editor stays put when it comes. */}
      {problems.length === 0 && lines.length > 0 &&
        (waiting || linting ? (
          <p className="config-note config-note-checking" role="status">
            {/* Shown, not announced: a screen reader hears the verdict when it comes, not every pause in typing. */}
            <span aria-hidden="true">Checking every line…</span>
          </p>
        ) : (
          <p className="config-note" role="status">
            ✓ Every line is understood{check.checked === lines || sameLines(check.checked, lines) ? ' and accepted' : ''}.
          </p>
        ))}
    </div>
  );
}

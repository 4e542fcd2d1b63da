import { autocompletion, completionKeymap, type CompletionSource } from '@codemirror/autocomplete';
import { defaultKeymap } from '@codemirror/commands';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { Annotation, RangeSetBuilder, StateEffect, StateField, type Extension } from '@codemirror/state';
import {
  Decoration,
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  placeholder,
  ViewPlugin,
  type DecorationSet,
  type ViewUpdate,
} from '@codemirror/view';
import { completeConfig, type CompletionContext } from './completion';
import { highlightScriptLine, ScriptEntries } from './highlight';
import type { Problem } from './diagnostics';

/*
 * The CodeMirror pieces of the config editor: the command-language highlighter, completion,
 * the lint source, the theme (theme.css variables, so light and dark follow the page) and the
 * keys. Undo and redo are the document's (zundo), so the editor keeps no history of its own.
 */

/** Marks a transaction that copies the document into the editor (not an edit to write back). */
export const External = Annotation.define<boolean>();

/** Marks a transaction that asks the linter to run again (the engine's answer came in). */
export const Relint = Annotation.define<boolean>();

/** Ends the line being typed (the editor lost focus): its problems may show now. */
const finishLine = StateEffect.define<null>();

/**
 * The line being typed (1-based), whose problems wait: half a word is not an error yet. It is
 * finished by Enter, by moving to another line, by leaving the editor, or by a paste.
 */
export const unfinishedLine = StateField.define<number | null>({
  create: () => null,
  update(value, tr) {
    if (tr.effects.some((e) => e.is(finishLine)) || tr.annotation(External)) return null;
    const line = tr.state.doc.lineAt(tr.state.selection.main.head).number;
    if (tr.docChanged) {
      const typing = tr.isUserEvent('input.type') || tr.isUserEvent('input.complete') || tr.isUserEvent('delete');
      return typing && tr.startState.doc.lines === tr.state.doc.lines ? line : null;
    }
    return value !== null && line !== value ? null : value;
  },
});

const marks = new Map<string, Decoration>();
function mark(type: string): Decoration {
  let m = marks.get(type);
  if (!m) marks.set(type, (m = Decoration.mark({ class: `hp-tok-${type}` })));
  return m;
}

function decorate(view: EditorView, entries: ScriptEntries): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  const doc = view.state.doc;
  // Read as a script: a visible line may continue a command or a here-document started above
  // (what the lines above leave is remembered in `entries`; only the visible lines are coloured).
  const lineAt = (i: number) => doc.line(i + 1).text;
  for (const { from, to } of view.visibleRanges) {
    let pos = from;
    while (pos <= to) {
      const line = doc.lineAt(pos);
      const { spans } = highlightScriptLine(line.text, entries.at(line.number - 1, lineAt));
      for (const span of spans) builder.add(line.from + span.from, line.from + span.to, mark(span.type));
      pos = line.to + 1;
    }
  }
  return builder.finish();
}

/** Colours each visible line with its spans, the config read as a script (highlightScriptLine). */
export const commandHighlighter = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    readonly entries = new ScriptEntries();
    constructor(view: EditorView) {
      this.decorations = decorate(view, this.entries);
    }
    update(u: ViewUpdate) {
      if (u.docChanged) {
        let first = Infinity;
        u.changes.iterChangedRanges((fromA) => (first = Math.min(first, fromA)));
        if (first !== Infinity) this.entries.changedFrom(u.startState.doc.lineAt(first).number - 1);
      }
      if (u.docChanged || u.viewportChanged) this.decorations = decorate(u.view, this.entries);
    }
  },
  { decorations: (v) => v.decorations },
);

function completionSource(context: () => CompletionContext): CompletionSource {
  return (cm) => {
    const line = cm.state.doc.lineAt(cm.pos);
    const result = completeConfig(line.text, cm.pos - line.from, context());
    if (!result || result.options.length === 0) return null;
    const from = line.from + result.from;
    if (from === cm.pos && !cm.explicit) return null;
    return { from, options: result.options, validFor: /^[\w.:/,=-]*$/ };
  };
}

export function toDiagnostic(p: Problem): Diagnostic {
  return {
    from: p.from,
    to: p.to,
    severity: 'error',
    source: p.kind === 'refused' ? 'refused when run' : 'not understood',
    message: p.message,
    markClass: `hp-problem hp-problem-${p.kind}`,
  };
}

export interface EditorHooks {
  completion: () => CompletionContext;
  /** The problems of the current text (called by the linter after each change; the parse runs in the worker). */
  problems: (view: EditorView) => Promise<Problem[]>;
  onChange: (u: ViewUpdate) => void;
  onBlur: () => void;
  undo: () => void;
  redo: () => void;
}

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--code-bg)', color: 'var(--text)', fontSize: '13.5px', border: '1px solid var(--border)', borderRadius: '6px' },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: "ui-monospace, 'JetBrains Mono', Menlo, Consolas, monospace", lineHeight: '1.55' },
  '.cm-content': { caretColor: 'var(--text)', padding: '4px 0' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': {
    backgroundColor: 'color-mix(in srgb, var(--accent) 28%, transparent)',
  },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent) 7%, transparent)' },
  '.cm-gutters': { backgroundColor: 'var(--code-bg)', color: 'var(--muted)', borderRight: '1px solid var(--border)', borderRadius: '6px 0 0 6px' },
  '.cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 12%, transparent)', color: 'var(--text)' },
  '.cm-placeholder': { color: 'var(--muted)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--border)', borderRadius: '6px', boxShadow: '0 4px 14px rgb(0 0 0 / 0.18)' },
  '.cm-tooltip-autocomplete > ul': { fontFamily: "ui-monospace, 'JetBrains Mono', Menlo, Consolas, monospace", maxHeight: '14em' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--accent-text)' },
  '.cm-completionDetail': { color: 'inherit', opacity: '0.7', fontStyle: 'normal', marginLeft: '1em' },
  '.cm-diagnostic': { fontFamily: 'system-ui, sans-serif', padding: '4px 8px', whiteSpace: 'pre-wrap' },
  '.cm-diagnostic-error': { borderLeft: '4px solid var(--danger)' },
  '.cm-diagnosticSource': { color: 'var(--muted)' },
  '.cm-lintRange-error': {
    backgroundImage: 'none',
    textDecoration: 'underline wavy var(--danger)',
    textDecorationSkipInk: 'none',
    textUnderlineOffset: '3px',
  },
});

export function editorExtensions(hooks: EditorHooks): Extension[] {
  return [
    lineNumbers(),
    lintGutter(),
    drawSelection(),
    highlightActiveLine(),
    // Control characters (a pasted bidi override, an escape) show as placeholders, not act.
    highlightSpecialChars({ addSpecialChars: /[\u202a-\u202c\u2068]/ }),
    EditorView.lineWrapping,
    placeholder('One command per line, as in a root shell'),
    commandHighlighter,
    autocompletion({ override: [completionSource(hooks.completion)], icons: false }),
    unfinishedLine,
    linter(async (view) => (await hooks.problems(view)).map(toDiagnostic), {
      delay: 60,
      needsRefresh: (u) => u.transactions.some((t) => t.annotation(Relint)) || u.startState.field(unfinishedLine) !== u.state.field(unfinishedLine),
    }),
    keymap.of([
      { key: 'Mod-z', run: () => (hooks.undo(), true), preventDefault: true, stopPropagation: true },
      { key: 'Mod-y', run: () => (hooks.redo(), true), preventDefault: true, stopPropagation: true },
      { key: 'Mod-Shift-z', run: () => (hooks.redo(), true), preventDefault: true, stopPropagation: true },
      ...completionKeymap,
      ...defaultKeymap,
    ]),
    // tabindex: the text is in the tab order anyway (contenteditable); said outright, checkers
    // such as axe see that the scrolling editor can be reached by keyboard.
    EditorView.contentAttributes.of({ tabindex: '0', 'aria-label': 'Config', 'aria-multiline': 'true', spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off' }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) hooks.onChange(u);
    }),
    EditorView.domEventHandlers({
      blur: (_e, view) => {
        if (view.state.field(unfinishedLine) !== null) view.dispatch({ effects: finishLine.of(null) });
        hooks.onBlur();
      },
    }),
    theme,
  ];
}

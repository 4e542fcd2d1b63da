import { EditorSelection, EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { External, unfinishedLine } from './editorSetup';

/* Which line's problems wait: the one being typed, until Enter, another line, or a paste. */
describe('the line being typed', () => {
  const start = () => EditorState.create({ doc: 'sysctl -w net.ipv4.ip_forward=1\n', selection: EditorSelection.cursor(32), extensions: [unfinishedLine] });
  const type = (s: EditorState, text: string) => s.update({ changes: { from: s.selection.main.head, insert: text }, selection: EditorSelection.cursor(s.selection.main.head + text.length), userEvent: 'input.type' }).state;

  it('is the line where letters are typed or deleted', () => {
    let s = type(start(), 'sysct');
    expect(s.field(unfinishedLine)).toBe(2);
    s = s.update({ changes: { from: s.selection.main.head - 1, to: s.selection.main.head }, userEvent: 'delete.backward' }).state;
    expect(s.field(unfinishedLine)).toBe(2);
  });

  it('is finished by Enter, by moving to another line, by a paste, or by a change from elsewhere', () => {
    const typing = type(start(), 'sysct');
    expect(typing.update({ changes: { from: typing.selection.main.head, insert: '\n' }, userEvent: 'input' }).state.field(unfinishedLine)).toBeNull();
    expect(typing.update({ selection: EditorSelection.cursor(0) }).state.field(unfinishedLine)).toBeNull();
    expect(typing.update({ changes: { from: typing.selection.main.head, insert: 'l' }, userEvent: 'input.paste' }).state.field(unfinishedLine)).toBeNull();
    expect(typing.update({ changes: { from: 0, insert: '# ' }, annotations: External.of(true) }).state.field(unfinishedLine)).toBeNull();
    // Moving along the same line keeps it unfinished.
    expect(typing.update({ selection: EditorSelection.cursor(typing.selection.main.head - 2) }).state.field(unfinishedLine)).toBe(2);
  });
});

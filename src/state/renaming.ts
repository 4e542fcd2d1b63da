import { create } from 'zustand';
import { useDocument } from './document';
import { renameDevice, renamedDevice, renameLabel, renamePort, type RenameResult, type RenameTarget } from './rename';
import { useSession } from './session';

/*
 * Renaming in the page: which name is being edited (on the canvas card or in the inspector,
 * one at a time), what a new name would change (the preview), and the session following a
 * renamed device (selection, the command box's device, the trace filter), on undo and redo too.
 */

export type RenamePlace = 'canvas' | 'inspector';

export const useRenaming = create<{
  editing?: RenameTarget & { place: RenamePlace };
  begin(target: RenameTarget, place: RenamePlace): void;
  end(): void;
}>()((set) => ({
  begin: (target, place) => set({ editing: { ...target, place } }),
  end: () => set({ editing: undefined }),
}));

/**
 * What renaming `target` to `to` would change in the document on screen. A built-in lesson's
 * steps and question live beside the document, not in it, and name devices and ports as the
 * lesson ships them: the preview says they stay.
 */
export function previewRename(target: RenameTarget, to: string): RenameResult {
  const { doc, origin } = useDocument.getState();
  const r = target.port === undefined ? renameDevice(doc, target.device, to) : renamePort(doc, target.device, target.port, to);
  if (!r.ok || !r.changes.length || !origin) return r;
  const from = target.port ?? target.device;
  const reason = `the built-in lesson ${JSON.stringify(origin)} (its steps and question) names ${from} as it ships; it does not follow the rename`;
  return { ...r, notes: [...r.notes, { section: 'Lesson', where: origin, line: '', word: from, reason }] };
}

/** Applies it: one undo step. Returns why not when refused. */
export function applyRename(target: RenameTarget, to: string): string | undefined {
  return useDocument.getState().rename(target, to);
}

// Whatever renamed a device (this page, or undo and redo of it), what the session names follows.
useDocument.subscribe((next, prev) => {
  const renamed = renamedDevice(prev.doc, next.doc);
  if (!renamed) return;
  const { from, to } = renamed;
  const s = useSession.getState();
  const follow = (label: string | undefined) => (label === undefined ? undefined : renameLabel(label, from, to));
  const patch: Partial<typeof s> = {};
  if (s.selectedDevice !== follow(s.selectedDevice)) patch.selectedDevice = follow(s.selectedDevice);
  if (s.typedOn !== follow(s.typedOn)) patch.typedOn = follow(s.typedOn);
  if (s.custom && s.custom.on !== follow(s.custom.on)) patch.custom = { ...s.custom, on: follow(s.custom.on)! };
  if (s.filter.device !== follow(s.filter.device)) patch.filter = { ...s.filter, device: follow(s.filter.device) };
  if (Object.keys(patch).length) useSession.setState(patch);
  const editing = useRenaming.getState().editing;
  if (editing?.device === from) useRenaming.setState({ editing: { ...editing, device: to } });
});

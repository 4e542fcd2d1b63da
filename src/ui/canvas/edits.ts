import { useDocument } from '../../state/document';
import { linkIndexes } from './elements';
import { engine } from '../../worker/client';
import { placedAt, type Positions } from './layout';

/*
 * Document edits the canvas makes in one gesture, each one undo step: the first change is
 * recorded by the history as usual and the rest join it (history paused meanwhile).
 */

export function asOneStep(changes: (() => void)[]): void {
  const [first, ...rest] = changes;
  if (!first) return;
  first();
  if (!rest.length) return;
  const history = useDocument.temporal.getState();
  if (!history.isTracking) {
    rest.forEach((c) => c());
    return;
  }
  history.pause();
  try {
    rest.forEach((c) => c());
  } finally {
    history.resume();
  }
}

/** Deletes devices (with their links and flows) and links, as the Delete key asks. */
export function deleteElements(deviceIds: string[], edgeIds: string[]): void {
  const doc = useDocument.getState().doc;
  const changes: (() => void)[] = [];
  if (deviceIds.length) changes.push(() => useDocument.getState().removeDevices(deviceIds));
  const gone = (end: string) => deviceIds.includes(end.split(':')[0]!);
  const links = linkIndexes(doc, edgeIds).filter((i) => {
    const [a, b] = doc.links[i]!;
    return !gone(a) && !gone(b);
  });
  // After removeDevices the indexes shift: find each link again by its ends.
  for (const i of links) {
    const [a, b] = doc.links[i]!;
    changes.push(() => {
      const now = useDocument.getState().doc.links.findIndex(([x, y]) => x === a && y === b);
      if (now >= 0) useDocument.getState().removeLink(now);
    });
  }
  asOneStep(changes);
}

/** Moves devices dragged together (positions in document units). */
export function moveDevices(moves: { id: string; at: [number, number] }[]): void {
  const doc = useDocument.getState().doc;
  const changed = moves.filter(({ id, at }) => {
    const old = doc.devices[id]?.at;
    return !old || old[0] !== at[0] || old[1] !== at[1];
  });
  asOneStep(changed.map(({ id, at }) => () => useDocument.getState().moveDevice(id, at)));
}

/**
 * Places every device of a document that lacks positions (one that did not come through the
 * worker's reading of a link or a file, which places it: worker/placing.ts). Laid out in
 * the worker too. Not an undo step of its own: the positions join the change that brought the
 * unplaced devices (loading a scenario), so undo never returns to an unplaced document that
 * would be laid out again at once.
 */
export async function layoutDocument(): Promise<void> {
  const { doc } = useDocument.getState();
  let at: Positions;
  try {
    at = await engine().layoutPositions(doc);
  } catch {
    // A run cancelled meanwhile stopped the worker: the canvas asks again when it draws next.
    return;
  }
  // Something else replaced the document meanwhile: that one gets its own layout.
  const { doc: now, origin, setDoc } = useDocument.getState();
  if (now !== doc) return;
  const laid = placedAt(doc, at);
  const history = useDocument.temporal.getState();
  const tracking = history.isTracking;
  if (tracking) history.pause();
  try {
    setDoc(laid, origin);
  } finally {
    if (tracking) history.resume();
  }
}

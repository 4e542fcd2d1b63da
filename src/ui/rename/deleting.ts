import { boxOf } from '../../engine/trace/netns-label';
import { useSession } from '../../state/session';
import { deleteElements } from '../canvas/edits';
import { linkId } from '../canvas/traffic';

/* Delete, from a button or the canvas's menu, as the Delete key does: one undo step each. */

/** Deletes a device with its links and flows; its inspector (or one of its namespaces') closes. */
export function deleteDevice(id: string): void {
  deleteElements([id], []);
  const selected = useSession.getState().selectedDevice;
  if (selected && boxOf(selected) === id) useSession.getState().select(undefined);
}

/** Deletes the link between two ends (`device:port`). */
export function deleteLink(a: string, b: string): void {
  deleteElements([], [linkId(a, b)]);
}

import { useEditRefusal } from '../../state/edit-limits';

/** An edit refused because it would break a format limit: said at once, naming the limit. */
export function EditRefusedNotice() {
  const { message, count, dismiss } = useEditRefusal();
  if (!message) return null;
  return (
    <div role="alert" className="persist-alert edit-refused" key={count}>
      <p>{message}</p>
      <button type="button" onClick={dismiss} aria-label="Dismiss the refused edit">
        Dismiss
      </button>
    </div>
  );
}

import { useDocument } from '../state/document';
import { useStartupNotice } from '../state/startupNotice';

/* The banner under the header for what startup opened instead of what was asked (see startupNotice.ts). */
export function StartupNotice() {
  const notice = useStartupNotice((s) => s.notice);
  const dismiss = useStartupNotice((s) => s.dismiss);
  const generation = useDocument((s) => s.generation);
  if (!notice || notice.generation !== generation) return null;
  return (
    <div role="alert" className="banner">
      {notice.text}{' '}
      {notice.action && (
        <button
          type="button"
          onClick={() => {
            dismiss();
            notice.action!.run();
          }}
        >
          {notice.action.label}
        </button>
      )}{' '}
      <button type="button" aria-label="Dismiss" onClick={dismiss}>
        ×
      </button>
    </div>
  );
}

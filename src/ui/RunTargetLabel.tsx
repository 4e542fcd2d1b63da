import type { RunTarget } from '../state/actions';
import { visibleText } from './visibleText';
import './runTarget.css';

/*
 * Says what Run will run before it is pressed: the typed command or the selected flow. It is the
 * Run button's description (aria-describedby), so the button keeps its short name.
 */
export function runTargetText(target: RunTarget | undefined): string {
  if (!target) return 'Nothing to run: type a command or add a flow';
  if (target.kind === 'packet') return `Sends a ${visibleText(target.command)} on ${target.on} (injected: no sender built)`;
  const line = `${target.on}$ ${visibleText(target.command)}`;
  return target.kind === 'flow' ? `Runs flow ${target.index + 1}: ${line}` : `Runs ${line}`;
}

export function RunTargetLabel({ id, target }: { id: string; target: RunTarget | undefined }) {
  const text = runTargetText(target);
  return (
    <span id={id} className="run-target" title={text}>
      {text}
    </span>
  );
}

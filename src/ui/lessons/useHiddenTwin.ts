import { fixedTwinOf } from '../../lessons/twins';
import { useDocument } from '../../state/document';
import { useAnswersShown } from '../../state/teaching';

/**
 * The built-in a student may not open yet: the fixed twin of the broken lesson on screen, until
 * its question is passed. It is left out of the scenario list and the lessons gallery.
 */
export function useHiddenTwin(): string | undefined {
  const origin = useDocument((s) => s.origin);
  const generation = useDocument((s) => s.generation);
  const shown = useAnswersShown(generation, 0);
  const twin = fixedTwinOf(origin);
  return twin && !shown ? twin : undefined;
}

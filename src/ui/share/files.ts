import { format } from '../../engine/scenario/errors';
import { MAX_FILE_BYTES } from '../../engine/scenario/limits';
import { scenarioJson } from '../../engine/scenario/text';
import type { ScenarioDoc } from '../../engine/scenario/types';
import { useShareNotice } from '../../share/notices';
import { useDocument } from '../../state/document';
import { useSession } from '../../state/session';
import { engine } from '../../worker/client';
import { nextTask } from '../../worker/next-task';

/*
 * Scenario files in and out: export writes the document as format 2 JSON, import validates a
 * file exactly as the command line does and, only when it is valid, replaces the document
 * (undoably). A file that fails leaves the document as it was and says where it is wrong.
 */


/** The file name for the current document: its built-in name, or its title made file-safe. */
export function scenarioFileStem(doc: ScenarioDoc, origin?: string): string {
  if (origin) return origin;
  const slug = doc.title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'scenario';
}


/** Saves a blob under `name` through a temporary link (works in every browser, no permission prompt). */
export function downloadBlob(name: string, blob: Blob): void {
  downloadUrl(name, URL.createObjectURL(blob), true);
}

export function downloadUrl(name: string, url: string, revoke = false): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL by now; a later revoke frees the blob.
  if (revoke) setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads the current document as NAME.json, pretty-printed in the current format (the built-in lessons' files are this text). */
export function exportScenario(): void {
  const { doc, origin } = useDocument.getState();
  downloadBlob(`${scenarioFileStem(doc, origin)}.json`, new Blob([scenarioJson(doc)], { type: 'application/json' }));
}

const showError = (title: string, detail: string) => useShareNotice.getState().show({ kind: 'error', title, detail });

/**
 * Imports a scenario file; returns whether it replaced the document. The name is not checked:
 * what decides is whether the text is a valid scenario, and the error says where it is not.
 */
export async function importScenarioFile(file: File): Promise<boolean> {
  if (file.size > MAX_FILE_BYTES) {
    // The command line's limit too: refusing before reading keeps a stray video from freezing the tab.
    showError(`Could not import ${file.name}; your scenario is unchanged`, `It is ${(file.size / 2 ** 20).toFixed(1)} MiB; the limit for a scenario file is ${MAX_FILE_BYTES / 2 ** 20} MiB (a scenario is usually a few kilobytes).`);
    return false;
  }
  let text: string;
  try {
    text = await file.text();
  } catch {
    showError(`Could not import ${file.name}`, 'The browser could not read the file.');
    return false;
  }
  // Validated in the engine worker: a 10,000-device file parsed here took the page for seconds.
  let result: Awaited<ReturnType<ReturnType<typeof engine>['readScenarioText']>>;
  try {
    result = await engine().readScenarioText(text, file.name);
  } catch (e) {
    showError(`Could not import ${file.name}; your scenario is unchanged`, `The engine could not read it (${e instanceof Error ? e.message : String(e)}).`);
    return false;
  }
  // The answer was read in the task that received it: drawing the document is the next one's.
  await nextTask();
  if (!result.ok) {
    const shown = result.errors.slice(0, 3).map(format);
    const more = result.errors.length - shown.length;
    if (more > 0) shown.push(`… and ${more} more problem${more === 1 ? '' : 's'}.`);
    showError(`Could not import ${file.name}; your scenario is unchanged`, shown.join('\n'));
    return false;
  }
  // Placed in the worker: drawn once. Not clearing the undo history: Undo brings back the
  // document the import replaced.
  useDocument.getState().setDoc(result.doc, undefined);
  const session = useSession.getState();
  session.select(undefined);
  session.setFlow(0);
  session.setRun({ status: 'idle' });
  const migrated = result.warnings.length ? ` (${result.warnings[0]!.message})` : '';
  useShareNotice.getState().show({ kind: 'info', title: `Imported ${file.name}`, detail: `${result.doc.title}${migrated}. Undo brings back what you had.` });
  return true;
}

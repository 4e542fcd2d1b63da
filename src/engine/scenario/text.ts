import type { ScenarioDoc } from './types';

/**
 * A document as a scenario file: what the app saves and the CLI reads. The built-in lessons'
 * files are exactly this text, so opening one and saving it gives the same bytes.
 */
export function scenarioJson(doc: ScenarioDoc): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

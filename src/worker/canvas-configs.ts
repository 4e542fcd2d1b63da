import { configFacts, type ConfigFacts } from '../ui/canvas/addresses';

/*
 * What the canvas draws from devices' configs (addresses, renamed ports, forwarding), read in
 * the worker so a 10,000-device document or a 100,000-line config never parses on the page
 * (issue 19). Each config text is read once: the page sends only configs it has no answer for,
 * and a text seen before (an undo, the same document opened again) is answered from here.
 */

/** Texts kept at most; past it the oldest half is dropped (typing makes a new text per key). */
const KEEP = 20_000;

export class CanvasConfigs {
  private readonly byText = new Map<string, ConfigFacts>();
  /** Configs read (parsed) so far: the tests check that a text is read once. */
  read = 0;

  facts(configs: readonly (readonly string[])[]): ConfigFacts[] {
    return configs.map((config) => {
      // JSON, not a join: a line holding a newline must not make two texts the same.
      const text = JSON.stringify(config);
      let facts = this.byText.get(text);
      if (!facts) {
        this.read++;
        facts = configFacts(config);
        if (this.byText.size >= KEEP) for (const old of [...this.byText.keys()].slice(0, KEEP / 2)) this.byText.delete(old);
        this.byText.set(text, facts);
      }
      return facts;
    });
  }
}

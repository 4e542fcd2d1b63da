import { parseScenario, type ScenarioError } from '../scenario';
import type { Scenario } from '../scenario/types';
import { Network } from './network';
import { boot, bootSteps, type ConfigIssue, type OutOfTime } from './run';
import { noteClockedNamespaces } from '../trace/view-log';
import { modelledDevices } from '../trace/modelled';

/*
 * Boot is deterministic: the same document text and seed always boot to the same network. So a
 * network booted for the document on screen (to lint it, or ahead of a Run) is the network a
 * Run of that document would boot, and the Run takes it instead of booting again. A run
 * changes its network, so each booted network serves one run; reading it (config issues, what
 * a device holds inside) leaves it as booted. The caller keeps one BootedDocs (the worker does),
 * and may boot ahead in slices (`start`, then `advance` between its other work): a request for
 * the same document finishes that boot rather than starting another.
 */

export interface Booted {
  readonly doc: string;
  readonly seed: number;
  readonly scenario: Scenario;
  readonly net: Network;
  readonly issues: ConfigIssue[];
}

export type Loaded = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/** A boot under way, one config line per step. */
interface Pending {
  readonly doc: string;
  readonly seed: number;
  readonly scenario: Scenario;
  readonly net: Network;
  readonly steps: Generator<void, ConfigIssue[]>;
}

export class BootedDocs {
  private parsed?: { doc: string; loaded: Loaded };
  private booted?: Booted;
  private pending?: Pending;

  /**
   * Starts booting `doc` ahead, to be advanced in slices; false when there is nothing to do (it
   * is booted or booting already, or does not parse). Any other boot under way is dropped.
   */
  start(doc: string, seed: number): boolean {
    if (this.has(doc, seed) || (this.pending?.doc === doc && this.pending.seed === seed)) return false;
    const loaded = this.load(doc);
    if (!loaded.ok) return false;
    const net = new Network(loaded.scenario, seed, undefined, false);
    this.pending = { doc, seed, scenario: loaded.scenario, net, steps: bootSteps(net) };
    return true;
  }

  /** Boots on until the boot is done or `enough()` says to stop; true while there is more to do. */
  advance(enough: () => boolean): boolean {
    const p = this.pending;
    if (!p) return false;
    for (;;) {
      const r = p.steps.next();
      if (r.done) {
        this.pending = undefined;
        this.booted = { doc: p.doc, seed: p.seed, scenario: p.scenario, net: p.net, issues: r.value };
        aheadOfRun(p.net, p.scenario);
        return false;
      }
      if (enough()) return true;
    }
  }

  /** Finishes the boot under way if it is this document's. */
  private finish(doc: string, seed: number): void {
    if (this.pending?.doc === doc && this.pending.seed === seed) this.advance(() => false);
  }

  /** Whether a boot is under way. */
  busy(): boolean {
    return this.pending !== undefined;
  }

  /** The document parsed: the last text's result is kept (a run, its lint and its views parse the same text). */
  load(doc: string): Loaded {
    if (this.parsed?.doc !== doc) {
      const p = parseScenario(doc);
      this.parsed = { doc, loaded: p.ok ? { ok: true, scenario: p.scenario } : { ok: false, errors: p.errors } };
    }
    return this.parsed.loaded;
  }

  /**
   * The network booted for `doc` and `seed`, not yet run: kept, or booted now (and kept). A boot
   * stopped by the wall clock is returned but not kept: it is not the whole network.
   */
  boot(doc: string, seed: number, outOfTime?: OutOfTime): Booted | { errors: ScenarioError[] } {
    this.finish(doc, seed);
    // Another document is on screen now: the boot ahead of the old one is of no use.
    if (this.pending) this.pending = undefined;
    const kept = this.booted;
    if (kept && kept.doc === doc && kept.seed === seed) return kept;
    const loaded = this.load(doc);
    if (!loaded.ok) return { errors: loaded.errors };
    // As runScenario's run builds it: the playground records no per-port captures.
    const net = new Network(loaded.scenario, seed, undefined, false);
    const issues = boot(net, outOfTime);
    const booted: Booted = { doc, seed, scenario: loaded.scenario, net, issues };
    if (net.halted === undefined) {
      aheadOfRun(net, loaded.scenario);
      this.booted = booted;
    }
    return booted;
  }

  /** The kept network for `doc` and `seed`, handed over to be run (so no longer kept); undefined when none is. */
  take(doc: string, seed: number): Booted | undefined {
    this.finish(doc, seed);
    const kept = this.booted;
    if (!kept || kept.doc !== doc || kept.seed !== seed) return undefined;
    this.booted = undefined;
    return kept;
  }

  /** Whether a network for `doc` and `seed` is ready. */
  has(doc: string, seed: number): boolean {
    return this.booted !== undefined && this.booted.doc === doc && this.booted.seed === seed;
  }
}

/**
 * What a Run of a booted network works out from the boot alone, worked out with the boot (in the
 * worker's idle time, or while the document opens) rather than in the Run: the namespaces the
 * clock moves, the devices that are modelled.
 */
function aheadOfRun(net: Network, scenario: Scenario): void {
  noteClockedNamespaces(net);
  modelledDevices(scenario);
}

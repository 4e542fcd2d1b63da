import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { configIssues, deviceInsides, deviceModelled, networksBuilt, recordScenario, runScenario } from '../api';
import { BootedDocs } from './booted-docs';

/*
 * Boot is deterministic, so a network booted for the document on screen (its lint) is the one a
 * Run of it would boot: the Run takes it. What the run shows must be exactly what a run that
 * boots its own network shows; what is counted is how many networks were built.
 */

/** Built-in lessons as their JSON text (the doc the page sends). */
const lessons = Object.entries(BUILTIN_SCENARIOS).slice(0, 8);

describe('a document booted once for its lint, its devices and its Run', () => {
  it.each(lessons)('%s: every flow run on the kept network shows what a fresh boot shows', (_name, doc) => {
    const flows = (JSON.parse(doc) as { flows: unknown[] }).flows.length;
    for (let flow = 0; flow < flows; flow++) {
      const booted = new BootedDocs();
      const before = networksBuilt();
      configIssues(doc, undefined, booted);
      deviceInsides(doc, undefined, booted);
      deviceModelled(doc, undefined, booted);
      const warm = recordScenario({ doc, flow }, undefined, undefined, booted).response;
      // One boot served the lint, the devices' insides, what is modelled and the run.
      expect(networksBuilt() - before).toBe(1);
      expect(warm).toEqual(runScenario({ doc, flow }));
    }
  });

  it('a run uses its network up: the next run of the same document boots again; another document or seed is not taken', () => {
    const doc = lessons[0]![1];
    const booted = new BootedDocs();
    configIssues(doc, undefined, booted);
    expect(booted.has(doc, 1)).toBe(true);
    expect(booted.take(doc, 2)).toBeUndefined();
    expect(booted.take(`${doc} `, 1)).toBeUndefined();
    let before = networksBuilt();
    recordScenario({ doc, flow: 0 }, undefined, undefined, booted);
    expect(networksBuilt() - before).toBe(0);
    expect(booted.has(doc, 1)).toBe(false);
    before = networksBuilt();
    recordScenario({ doc, flow: 0 }, undefined, undefined, booted);
    expect(networksBuilt() - before).toBe(1);
  });

  it('a boot the wall clock stopped is not kept: it is not the whole network', () => {
    const doc = lessons[0]![1];
    const booted = new BootedDocs();
    booted.boot(doc, 1, () => true);
    expect(booted.has(doc, 1)).toBe(false);
  });

  it('a document that does not parse gives its errors, and nothing is kept', () => {
    const booted = new BootedDocs();
    const r = configIssues('{"hairpin": 2', undefined, booted);
    expect('errors' in r && r.errors.length).toBeGreaterThan(0);
    expect(booted.has('{"hairpin": 2', 1)).toBe(false);
  });

  it('booted ahead in slices: a step at a time, other work between; the run that asks for it finishes that boot and shows what a fresh boot shows', () => {
    const doc = lessons[1]![1];
    const booted = new BootedDocs();
    const before = networksBuilt();
    expect(booted.start(doc, 1)).toBe(true);
    expect(booted.start(doc, 1)).toBe(false);
    let slices = 0;
    while (slices < 3 && booted.advance(() => true)) slices++;
    expect(booted.busy()).toBe(true);
    const warm = recordScenario({ doc, flow: 0 }, undefined, undefined, booted).response;
    expect(networksBuilt() - before).toBe(1);
    expect(booted.busy()).toBe(false);
    expect(warm).toEqual(runScenario({ doc, flow: 0 }));
  });
});

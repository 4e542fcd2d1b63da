import { describe, expect, it } from 'vitest';
import { MAX_ABOUT_LENGTH, MAX_DEVICES, MAX_FLOWS, MAX_LINKS, MAX_TITLE_LENGTH } from './limits';
import { parseScenario } from './parse';
import { brief, errorsOf, positionOf, text, twoHosts } from './test-helpers';
import { validateScenario } from './validate';

/** Parses `doc` and compares every error's path, position and message. */
function expectErrors(doc: unknown, expected: { path: string; at: [needle: string, shift?: number, occurrence?: number]; message: string }[]) {
  const source = typeof doc === 'string' ? doc : text(doc);
  const wanted = expected.map(({ path, at: [needle, shift = 0, occurrence = 1], message }) => {
    const { line, column } = positionOf(source, needle, occurrence);
    return { path, line, column: column + shift, message };
  });
  expect(brief(errorsOf(parseScenario(source)))).toEqual(wanted);
}

describe('top level', () => {
  it('accepts the smallest scenario, with links and flows defaulting to []', () => {
    const result = parseScenario('{"hairpin": 1, "title": "", "devices": {}}');
    expect(result).toMatchObject({ ok: true, warnings: [] });
    if (!result.ok) return;
    expect(result.scenario).toMatchObject({ title: '', about: '', devices: [], links: [], flows: [] });
    expect(result.scenario.doc).toEqual({ hairpin: 2, title: '', devices: {}, links: [], flows: [] });
  });

  it('rejects unknown keys at the key, suggesting near misses, and reports missing ones at the object', () => {
    const doc = twoHosts();
    delete doc.title;
    doc.titel = 'Two hosts';
    doc.comment = 'x';
    expectErrors(doc, [
      { path: 'title', at: ['{'], message: 'required, but missing' },
      { path: 'titel', at: ['"titel"'], message: 'unknown key "titel" (did you mean "title"?)' },
      { path: 'comment', at: ['"comment"'], message: 'unknown key "comment"; allowed here: hairpin, title, about, devices, links, flows, lesson' },
    ]);
  });

  it('requires hairpin and devices', () => {
    expectErrors('{\n  "title": "t",\n  "devices": {}\n}', [
      { path: 'hairpin', at: ['{'], message: 'required, but missing: the format version (this Hairpin writes 2)' },
    ]);
    expectErrors('{\n  "hairpin": 1,\n  "title": "t"\n}', [{ path: 'devices', at: ['{'], message: 'required, but missing' }]);
  });

  it('checks title, about, devices, links and flows types', () => {
    const doc = twoHosts();
    doc.title = 7;
    doc.about = ['x'];
    doc.devices = [];
    doc.links = {};
    doc.flows = 'ping';
    expectErrors(doc, [
      { path: 'title', at: ['7'], message: 'expected a string, got the number 7' },
      { path: 'devices', at: ['[]'], message: 'expected an object of devices by id, got an array' },
      { path: 'links', at: ['{}'], message: 'expected an array of ["device:port", "device:port"] pairs, got an object' },
      { path: 'flows', at: ['"ping"'], message: 'expected an array of flows like {"on": "pc1", "run": "ping -c 1 10.0.0.1"}, got the string "ping"' },
      { path: 'about', at: ['[\n    "x"'], message: 'expected a string, got an array' },
    ]);
  });

  it('limits the title and the lesson text', () => {
    const doc = twoHosts();
    doc.title = 'x'.repeat(MAX_TITLE_LENGTH + 1);
    doc.about = 'y'.repeat(MAX_ABOUT_LENGTH + 1);
    expectErrors(doc, [
      { path: 'title', at: ['"xxx'], message: `is ${MAX_TITLE_LENGTH + 1} characters long; the limit is ${MAX_TITLE_LENGTH}` },
      { path: 'about', at: ['"yyy'], message: `is ${MAX_ABOUT_LENGTH + 1} characters long; the limit is ${MAX_ABOUT_LENGTH}` },
    ]);
  });

  it('collects every error instead of stopping at the first', () => {
    const doc = twoHosts();
    doc.devices.pc1.kind = 'box';
    doc.devices.pc2.ports = { Eth0: 'nope' };
    doc.flows[0].on = 'pc9';
    const paths = errorsOf(parseScenario(text(doc))).map((e) => e.path);
    expect(paths).toEqual(['devices.pc1.kind', 'devices.pc2.ports.Eth0', 'devices.pc2.ports.Eth0', 'links[0][1]', 'flows[0].on']);
  });
});

describe('validateScenario on an object', () => {
  it('validates without positions: line and column are 0, no offset', () => {
    const doc = twoHosts();
    doc.devices.pc1.kind = 'hots';
    const result = validateScenario(doc);
    expect(result).toEqual({
      ok: false,
      warnings: [],
      errors: [{ path: 'devices.pc1.kind', line: 0, column: 0, message: 'expected one of host, router, switch, cloud, got the string "hots" (did you mean "host"?)' }],
    });
  });

  it('builds the same scenario as parsing, without touching its input', () => {
    const doc = twoHosts();
    delete doc.flows;
    const frozen = JSON.stringify(doc);
    const result = validateScenario(doc);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(JSON.stringify(doc)).toBe(frozen);
    expect(result.scenario.doc).not.toBe(doc);
    expect(result.scenario.doc.flows).toEqual([]);
    expect(result.scenario).toEqual((parseScenario(text(doc)) as { scenario: unknown }).scenario);
  });

  it('never throws on odd JavaScript values', () => {
    for (const value of [undefined, null, 0, NaN, 'x', [], () => 1, Symbol('s'), new Map(), { hairpin: 1n }]) {
      expect(validateScenario(value).ok).toBe(false);
    }
  });
});

describe('count limits', () => {
  it('devices', () => {
    const devices: Record<string, unknown> = {};
    for (let i = 0; i <= MAX_DEVICES; i++) devices[`d${i}`] = { kind: 'host', ports: {} };
    const result = validateScenario({ hairpin: 1, title: 't', devices });
    expect(result.ok ? [] : result.errors).toEqual([
      { path: 'devices', line: 0, column: 0, message: `has ${MAX_DEVICES + 1} devices; the limit is ${MAX_DEVICES}` },
    ]);
  });

  it('links and flows', () => {
    const doc = twoHosts();
    doc.links = new Array(MAX_LINKS + 1).fill(['pc1:eth0', 'pc2:eth0']);
    doc.flows = new Array(MAX_FLOWS + 1).fill({ on: 'pc1', run: 'true' });
    const result = validateScenario(doc);
    expect(result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      `links: has ${MAX_LINKS + 1} links; the limit is ${MAX_LINKS}`,
      `flows: has ${MAX_FLOWS + 1} flows; the limit is ${MAX_FLOWS}`,
    ]);
  });
});

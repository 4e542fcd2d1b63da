import { describe, expect, it } from 'vitest';
import { CURRENT_FORMAT, migrate, MIGRATIONS, OLDEST_FORMAT } from './migrate';
import { parseScenario } from './parse';
import { brief, errorsOf, positionOf, text, twoHosts } from './test-helpers';
import { validateScenario } from './validate';

/** twoHosts as the pre-release format 0 wrote it. */
function formatZero(): Record<string, any> {
  const { devices, flows, ...rest } = twoHosts();
  return { ...rest, hairpin: 0, nodes: devices, flows: flows.map(({ run, ...flow }: any) => ({ ...flow, cmd: run })) };
}

describe('format versions', () => {
  it('chain one migration per version from the oldest to the current', () => {
    expect(CURRENT_FORMAT).toBe(2);
    expect(MIGRATIONS.map((m) => m.from)).toEqual(Array.from({ length: CURRENT_FORMAT - OLDEST_FORMAT }, (_, i) => OLDEST_FORMAT + i));
  });

  it.each([
    [3, 'format 3 is newer than this Hairpin understands (2)'],
    [-1, 'format -1 does not exist; the current format is 2'],
    [1.5, 'the format version is a whole number like 2, not the number 1.5'],
    ['"1"', 'the format version is a whole number like 2, not the string "1"'],
    ['null', 'the format version is a whole number like 2, not null'],
    ['true', 'the format version is a whole number like 2, not true'],
  ])('hairpin: %s is an error at the value', (version, message) => {
    const source = text(twoHosts()).replace('"hairpin": 2', `"hairpin": ${version}`);
    expect(brief(errorsOf(parseScenario(source)))).toEqual([{ path: 'hairpin', ...positionOf(source, `${version},`), message }]);
  });

  it('an unusable version stops validation: nothing else can be trusted', () => {
    const doc = twoHosts();
    doc.hairpin = 3;
    doc.devices.pc1.kind = 'nonsense';
    expect(errorsOf(parseScenario(text(doc))).map((e) => e.path)).toEqual(['hairpin']);
  });
});

describe('format 1 → 2', () => {
  it('a format 1 document is a format 2 one without a lesson: it loads with no note', () => {
    const source = text({ ...twoHosts(), hairpin: 1 });
    const result = parseScenario(source, 'one.json');
    expect(result.ok && result.warnings).toEqual([]);
    const current = parseScenario(text(twoHosts()));
    expect(result.ok && result.scenario).toEqual(current.ok && current.scenario);
  });

  it('a lesson in a format 1 document is an error at its key: format 1 had none', () => {
    const source = text({ ...twoHosts(), hairpin: 1, lesson: { steps: [] } });
    expect(brief(errorsOf(parseScenario(source)))).toEqual([{ path: 'lesson', ...positionOf(source, '"lesson"'), message: 'format 1 has no lessons; for a lesson write "hairpin": 2' }]);
  });
});

describe('format 0 → 1', () => {
  it('renames nodes to devices and cmd to run, without touching its input', () => {
    const doc = formatZero();
    const before = JSON.stringify(doc);
    const migrated = migrate(doc);
    expect(JSON.stringify(doc)).toBe(before);
    expect(migrated).toMatchObject({ from: 0, issues: [] });
    expect(migrated.doc).toEqual(twoHosts());
  });

  it('loads with a warning at the version, and equals the current scenario', () => {
    const source = text(formatZero());
    const result = parseScenario(source, 'old.json');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([
      { file: 'old.json', path: 'hairpin', ...positionOf(source, '0,'), offset: source.indexOf('0,'), length: 1, message: 'format 0 was migrated to format 2; saving writes format 2' },
    ]);
    const current = parseScenario(text(twoHosts()));
    expect(current.ok && result.scenario).toEqual(current.ok && current.scenario);
    expect(result.scenario.doc.hairpin).toBe(2);
  });

  it('reports errors at the paths and positions of the format 0 document', () => {
    const doc = formatZero();
    doc.nodes.pc1.kind = 'hots';
    doc.flows.push({ on: 'pc2' }, { on: 'pc3', cmd: 'true' });
    const source = text(doc);
    expect(brief(errorsOf(parseScenario(source)))).toEqual([
      { path: 'nodes.pc1.kind', ...positionOf(source, '"hots"'), message: 'expected one of host, router, switch, cloud, got the string "hots" (did you mean "host"?)' },
      { path: 'flows[1].cmd', ...positionOf(source, '{\n      "on": "pc2"'), message: 'required, but missing' },
      { path: 'flows[2].on', ...positionOf(source, '"pc3"'), message: 'no device "pc3" (did you mean "pc1"?)' },
    ]);
  });

  it('a missing nodes is reported as nodes', () => {
    const doc = formatZero();
    delete doc.nodes;
    doc.links = [];
    doc.flows = [];
    expect(brief(errorsOf(parseScenario(text(doc))))).toEqual([{ path: 'nodes', line: 1, column: 1, message: 'required, but missing' }]);
  });

  it('rejects the format 1 names in a format 0 document', () => {
    const doc = formatZero();
    doc.devices = {};
    doc.flows[0].run = 'true';
    const source = text(doc);
    expect(brief(errorsOf(parseScenario(source)))).toEqual([
      { path: 'flows[0].run', ...positionOf(source, '"run"'), message: 'format 0 calls this "cmd"' },
      { path: 'devices', ...positionOf(source, '"devices"'), message: 'format 0 calls this "nodes"; for format 1 write "hairpin": 1' },
    ]);
  });

  it('also migrates objects, with warnings at line 0', () => {
    const result = validateScenario(formatZero());
    expect(result).toMatchObject({ ok: true, warnings: [{ path: 'hairpin', line: 0, column: 0 }] });
  });

  it('leaves shapes it does not recognise to format 1 validation', () => {
    const doc = formatZero();
    doc.flows = 'nope';
    doc.nodes = [];
    const paths = errorsOf(parseScenario(text(doc))).map((e) => e.path);
    expect(paths).toEqual(['nodes', 'flows']);
  });
});

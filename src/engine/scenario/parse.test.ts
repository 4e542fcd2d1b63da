import { describe, expect, it } from 'vitest';
import { format, formatAll } from './errors';
import { MAX_DEVICES, MAX_JSON_VALUES, MAX_LINKS, MAX_NESTING_DEPTH, MAX_TEXT_LENGTH } from './limits';
import { parseScenario } from './parse';
import { brief, errorsOf, positionOf, text, twoHosts } from './test-helpers';

describe('parseScenario: JSON syntax', () => {
  it('reports a syntax error with its line and column', () => {
    const source = '{\n  "hairpin": 1,\n  "title": "x"\n  "devices": {}\n}';
    expect(brief(errorsOf(parseScenario(source, 'lab.json')))).toEqual([
      { path: '', ...positionOf(source, '"devices"'), message: "expected ','" },
    ]);
  });

  it('points a trailing comma at the comma', () => {
    const source = '{\n  "hairpin": 1,\n  "devices": {},\n}';
    const [error] = errorsOf(parseScenario(source));
    expect(error).toMatchObject({ ...positionOf(source, ',', 2), message: 'trailing commas are not allowed in JSON' });
    const inArray = '{"links": [["a:b", "c:d"],]}';
    expect(errorsOf(parseScenario(inArray))[0]).toMatchObject({ line: 1, column: 26, message: 'trailing commas are not allowed in JSON' });
  });

  it('rejects comments', () => {
    const source = '{\n  // a comment\n  "hairpin": 1\n}';
    expect(errorsOf(parseScenario(source))[0]).toMatchObject({ line: 2, column: 3, message: 'comments are not allowed in a scenario' });
    expect(errorsOf(parseScenario('{"hairpin": 1 /* no */}'))[0]!.message).toBe('comments are not allowed in a scenario');
  });

  it('counts lines after \\r\\n and \\r, and columns in UTF-16 code units', () => {
    const source = '{\r\n"hairpin": 1,\r\n"title": "é😀", "x": 1}';
    expect(brief(errorsOf(parseScenario(source)))).toContainEqual({ path: 'x', line: 3, column: 17, message: expect.stringContaining('unknown key "x"') });
    expect(errorsOf(parseScenario('{\r"hairpin": 1,\r"oops" 1}'))[0]).toMatchObject({ line: 3, column: 8 });
  });

  it('accepts a byte order mark without shifting columns', () => {
    const result = parseScenario('\ufeff' + text(twoHosts()));
    expect(result.ok).toBe(true);
    expect(errorsOf(parseScenario('\ufeff{"hairpin": 1, "x": 1}'))).toContainEqual(expect.objectContaining({ path: 'x', column: 17 }));
  });

  it('reports duplicate keys at the second one', () => {
    const source = '{\n  "hairpin": 1,\n  "title": "a",\n  "title": "b",\n  "devices": {}\n}';
    expect(brief(errorsOf(parseScenario(source)))).toEqual([{ path: 'title', line: 4, column: 3, message: 'duplicate key "title"' }]);
    const ports = text(twoHosts()).replace('"eth0": null', '"eth0": null, "eth0": null');
    expect(errorsOf(parseScenario(ports))[0]).toMatchObject({ path: 'devices.pc1.ports.eth0', message: 'duplicate key "eth0"' });
  });
});

describe('parseScenario: garbage gives errors, never exceptions', () => {
  const cases: [string, string, string][] = [
    ['empty string', '', 'the document is empty; a scenario is a JSON object'],
    ['only whitespace', ' \n\t ', 'the document is empty; a scenario is a JSON object'],
    ['null', 'null', 'a scenario is a JSON object, not null'],
    ['an array', '[1, 2]', 'a scenario is a JSON object, not an array'],
    ['a number', '42', 'a scenario is a JSON object, not the number 42'],
    ['a string', '"hairpin"', 'a scenario is a JSON object, not the string "hairpin"'],
    ['binary bytes', '\u0000\u0001\u00ff\ufffd\u0089PNG', 'unexpected "\\u0000\\u0001\u00ff\ufffd\u0089PNG"'],
    ['a lone brace', '{', "the document ends too early: expected '}'"],
    ['two values', '{} {}', 'expected the end of the document'],
    ['an unterminated string', '{"hairpin": "1', 'unterminated string'],
    ['a bad escape', '{"title": "\\q"}', 'invalid escape character'],
    ['a raw control character', '{"title": "a\u0001b"}', 'control characters in a string must be escaped'],
    ['a bare word', '{hairpin: 1}', 'unexpected "hairpin"'],
    ['a single-quoted string', "{'hairpin': 1}", 'unexpected "\'hairpin\'"'],
  ];
  it.each(cases)('%s', (_, source, message) => {
    const errors = errorsOf(parseScenario(source, 'bad.json'));
    expect(errors[0]).toMatchObject({ file: 'bad.json', message });
    expect(errors[0]!.line).toBeGreaterThan(0);
  });

  it('a non-string from JavaScript', () => {
    expect(errorsOf(parseScenario(undefined as unknown as string))[0]!.message).toBe('expected the text of a scenario');
  });

  it('huge numbers become errors about their values', () => {
    const doc = twoHosts();
    const source = text(doc).replace('"hairpin": 2', '"hairpin": 1e400').replace('[\n        0,\n        0\n      ]', '[1e999, -1e999]');
    expect(brief(errorsOf(parseScenario(source)))).toEqual([
      { path: 'hairpin', ...positionOf(source, '1e400'), message: 'the format version is a whole number like 2, not the number Infinity' },
    ]);
    const coords = text(doc).replace('[\n        0,\n        0\n      ]', '[1e999, -1e999]');
    expect(brief(errorsOf(parseScenario(coords)))).toEqual([
      { path: 'devices.pc1.at[0]', ...positionOf(coords, '1e999'), message: 'expected a finite number, got the number Infinity' },
      { path: 'devices.pc1.at[1]', ...positionOf(coords, '-1e999'), message: 'expected a finite number, got the number -Infinity' },
    ]);
    expect(errorsOf(parseScenario('{"hairpin": 123456789012345678901234567890}'))[0]!.message).toBe(
      'format 1.2345678901234568e+29 is newer than this Hairpin understands (2)',
    );
  });

  it('deep nesting stops before the parser recurses', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(errorsOf(parseScenario(deep))[0]).toMatchObject({ line: 1, column: MAX_NESTING_DEPTH + 1, message: `nested deeper than ${MAX_NESTING_DEPTH} levels; a scenario needs 4` });
    const inUnknownKey = `{"hairpin": 1, "x": ${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`;
    expect(errorsOf(parseScenario(inUnknownKey))[0]!.message).toContain('nested deeper');
  });

  it('an oversized document is refused before parsing', () => {
    const huge = '{"title": "' + 'x'.repeat(MAX_TEXT_LENGTH) + '"}';
    expect(brief(errorsOf(parseScenario(huge)))).toEqual([
      { path: '', line: 1, column: 1, message: `the document is ${huge.length} characters long; the limit is ${MAX_TEXT_LENGTH}` },
    ]);
  });

  it('too many devices, links or flows are refused at the value, before positions are worked out', () => {
    const devices = Object.fromEntries(Array.from({ length: MAX_DEVICES + 1 }, (_, i) => [`d${i}`, { kind: 'host', ports: {} }]));
    const source = `{\n  "hairpin": 1,\n  "title": "t",\n  "devices": ${JSON.stringify(devices)}\n}`;
    expect(brief(errorsOf(parseScenario(source)))).toEqual([{ path: 'devices', line: 4, column: 14, message: `has ${MAX_DEVICES + 1} devices; the limit is ${MAX_DEVICES}` }]);
    const links = `{"hairpin": 1, "title": "t", "devices": {}, "links":   ${JSON.stringify(new Array(MAX_LINKS + 1).fill(0))}}`;
    expect(brief(errorsOf(parseScenario(links)))).toEqual([{ path: 'links', ...positionOf(links, '[0,'), message: `has ${MAX_LINKS + 1} links; the limit is ${MAX_LINKS}` }]);
    // Format 0 calls them "nodes"; the key "x:" inside a string is not a key.
    const old = `{"hairpin": 0, "title": "x: y", "nodes": ${JSON.stringify(devices)}}`;
    expect(brief(errorsOf(parseScenario(old)))).toEqual([{ path: 'nodes', ...positionOf(old, '{"d0"'), message: `has ${MAX_DEVICES + 1} devices; the limit is ${MAX_DEVICES}` }]);
  });

  it(`a document of more than ${MAX_JSON_VALUES} values is refused at the value that crosses the limit`, () => {
    const source = `[${'0,'.repeat(MAX_JSON_VALUES + 1)}0]`;
    expect(brief(errorsOf(parseScenario(source)))).toEqual([{ path: '', line: 1, column: 2 * MAX_JSON_VALUES + 3, message: `the document holds more than ${MAX_JSON_VALUES} values (object keys and array items); the limit is ${MAX_JSON_VALUES}` }]);
  });

  it('"__proto__" is an ordinary (unknown) key', () => {
    const source = '{"hairpin": 1, "title": "t", "devices": {}, "__proto__": {"polluted": true}}';
    expect(brief(errorsOf(parseScenario(source)))).toEqual([
      { path: '__proto__', ...positionOf(source, '"__proto__"'), message: 'unknown key "__proto__"; allowed here: hairpin, title, about, devices, links, flows, lesson' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseScenario: results', () => {
  it('gives offsets and lengths for editors, sorted in document order', () => {
    const doc = twoHosts();
    doc.zzz = 1;
    doc.devices.pc1.kind = 'hots';
    const source = text(doc);
    const errors = errorsOf(parseScenario(source, 'lab.json'));
    expect(errors.map((e) => e.path)).toEqual(['devices.pc1.kind', 'zzz']);
    expect(source.slice(errors[0]!.offset, errors[0]!.offset! + errors[0]!.length!)).toBe('"hots"');
    expect(source.slice(errors[1]!.offset, errors[1]!.offset! + errors[1]!.length!)).toBe('"zzz"');
  });

  it('formats file:line:column: path: message', () => {
    const source = '{"hairpin": 1, "title": "t", "devices": {"pc1": {"kind": "host", "ports": {"lo": null}}}}';
    const errors = errorsOf(parseScenario(source, 'lab.json'));
    expect(format(errors[0]!)).toBe('lab.json:1:76: devices.pc1.ports.lo: every device already has "lo", its loopback; pick another name');
    expect(format({ path: '', line: 3, column: 4, message: 'expected a value' })).toBe('3:4: expected a value');
    expect(format({ path: 'title', line: 0, column: 0, message: 'm' })).toBe('title: m');
    expect(formatAll([{ path: 'a', line: 0, column: 0, message: 'x', file: 'f' }, { path: 'b', line: 0, column: 0, message: 'y' }])).toBe('f: a: x\nb: y');
  });

  it('caps a flood of errors with a count of the rest', () => {
    const doc = twoHosts();
    doc.links = Array.from({ length: 150 }, () => 'nonsense');
    const errors = errorsOf(parseScenario(text(doc), 'lab.json'));
    expect(errors).toHaveLength(101);
    expect(errors[100]).toEqual({ file: 'lab.json', path: '', line: 0, column: 0, message: '50 more errors not shown' });
  });
});

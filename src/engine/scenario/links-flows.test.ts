import { describe, expect, it } from 'vitest';
import { MAX_LINE_LENGTH, MAX_TITLE_LENGTH } from './limits';
import { parseScenario } from './parse';
import { brief, errorsOf, positionOf, text, twoHosts } from './test-helpers';

type Expected = { path: string; at: [needle: string, shift?: number, occurrence?: number]; message: string };

function expectErrors(doc: unknown, expected: Expected[]) {
  const source = text(doc);
  const wanted = expected.map(({ path, at: [needle, shift = 0, occurrence = 1], message }) => {
    const { line, column } = positionOf(source, needle, occurrence);
    return { path, line, column: column + shift, message };
  });
  expect(brief(errorsOf(parseScenario(source)))).toEqual(wanted);
}

/** Three hosts, pc1 with two ports, no links or flows yet. */
function threeHosts() {
  const doc = twoHosts();
  doc.devices.pc1.ports.eth1 = null;
  doc.devices.pc3 = { kind: 'host', ports: { eth0: null } };
  doc.links = [];
  doc.flows = [];
  return doc;
}

describe('links', () => {
  it('resolve both ends and record each port\'s peer', () => {
    const doc = threeHosts();
    doc.links = [['pc1:eth0', 'pc2:eth0'], ['pc3:eth0', 'pc1:eth1']];
    const result = parseScenario(text(doc));
    if (!result.ok) throw new Error(result.errors[0]!.message);
    expect(result.scenario.links).toEqual([
      { a: { device: 'pc1', port: 'eth0' }, b: { device: 'pc2', port: 'eth0' } },
      { a: { device: 'pc3', port: 'eth0' }, b: { device: 'pc1', port: 'eth1' } },
    ]);
    expect(result.scenario.devices[0]!.ports.map((p) => p.peer)).toEqual([{ device: 'pc2', port: 'eth0' }, { device: 'pc3', port: 'eth0' }]);
    expect(result.scenario.devices[2]!.ports[0]!.peer).toEqual({ device: 'pc1', port: 'eth1' });
  });

  it('may join two ports of one device (a veth pair in one namespace)', () => {
    const doc = threeHosts();
    doc.links = [['pc1:eth0', 'pc1:eth1']];
    expect(parseScenario(text(doc)).ok).toBe(true);
  });

  it('are pairs of "device:port" strings', () => {
    const doc = threeHosts();
    doc.links = ['pc1:eth0', ['pc1:eth0'], [1, 'pc2:eth0'], ['pc1', 'pc2:eth0:x'], ['pc1:', ':eth0']];
    expectErrors(doc, [
      { path: 'links[0]', at: ['"pc1:eth0"'], message: 'expected a pair ["device:port", "device:port"], got the string "pc1:eth0"' },
      { path: 'links[1]', at: ['[\n      "pc1:eth0"\n    ]'], message: 'expected a pair ["device:port", "device:port"], got an array of 1' },
      { path: 'links[2][0]', at: ['      1,', 6], message: 'expected "device:port", got the number 1' },
      { path: 'links[3][0]', at: ['"pc1",'], message: 'expected "device:port" like "pc1:eth0", got "pc1"' },
      { path: 'links[3][1]', at: ['"pc2:eth0:x"'], message: 'expected "device:port" like "pc1:eth0", got "pc2:eth0:x"' },
      { path: 'links[4][0]', at: ['"pc1:"'], message: 'expected "device:port" like "pc1:eth0", got "pc1:"' },
      { path: 'links[4][1]', at: ['":eth0"'], message: 'expected "device:port" like "pc1:eth0", got ":eth0"' },
    ]);
  });

  it('name the unknown device or port', () => {
    const doc = threeHosts();
    doc.links = [['pc1:eth0', 'pc4:eth0'], ['router:eth0', 'pc2:eth9'], ['pc3:wlan0', 'pc2:eth1']];
    expectErrors(doc, [
      { path: 'links[0][1]', at: ['"pc4:eth0"'], message: 'no device "pc4" (did you mean "pc1"?)' },
      { path: 'links[1][0]', at: ['"router:eth0"'], message: 'no device "router"' },
      { path: 'links[1][1]', at: ['"pc2:eth9"'], message: 'device "pc2" has no port "eth9" (did you mean "eth0"?)' },
      { path: 'links[2][0]', at: ['"pc3:wlan0"'], message: 'device "pc3" has no port "wlan0"; its ports: eth0' },
      { path: 'links[2][1]', at: ['"pc2:eth1"'], message: 'device "pc2" has no port "eth1" (did you mean "eth0"?)' },
    ]);
  });

  it('take a port at most once, naming the earlier link', () => {
    const doc = threeHosts();
    doc.links = [['pc1:eth0', 'pc2:eth0'], ['pc3:eth0', 'pc1:eth1'], ['pc2:eth0', 'pc1:eth1']];
    expectErrors(doc, [
      { path: 'links[2][0]', at: ['"pc2:eth0"', 0, 2], message: 'pc2:eth0 is already linked by links[0]; a port takes one link' },
      { path: 'links[2][1]', at: ['"pc1:eth1"', 0, 2], message: 'pc1:eth1 is already linked by links[1]; a port takes one link' },
    ]);
    doc.links = [['pc1:eth0', 'pc2:eth0'], ['pc2:eth0', 'pc1:eth0']];
    expectErrors(doc, [
      { path: 'links[1][0]', at: ['"pc2:eth0"', 0, 2], message: 'pc2:eth0 is already linked by links[0]; a port takes one link' },
      { path: 'links[1][1]', at: ['"pc1:eth0"', 0, 2], message: 'pc1:eth0 is already linked by links[0]; a port takes one link' },
    ]);
  });

  it('cannot join a port to itself', () => {
    const doc = threeHosts();
    doc.links = [['pc3:eth0', 'pc3:eth0']];
    expectErrors(doc, [{ path: 'links[0][1]', at: ['"pc3:eth0"', 0, 2], message: 'a link cannot join pc3:eth0 to itself' }]);
  });

  it('to a malformed device or port list add no second error', () => {
    const doc = threeHosts();
    doc.devices.pc3 = 'oops';
    doc.links = [['pc3:eth0', 'pc1:eth0']];
    expect(errorsOf(parseScenario(text(doc))).map((e) => e.path)).toEqual(['devices.pc3']);
    doc.devices.pc3 = { kind: 'host', ports: 'eth0' };
    expect(errorsOf(parseScenario(text(doc))).map((e) => e.path)).toEqual(['devices.pc3.ports']);
    doc.devices.pc3 = { kind: 'host' };
    expect(errorsOf(parseScenario(text(doc))).map((e) => e.path)).toEqual(['devices.pc3.ports']);
  });

  it('to a device with an empty port list say so', () => {
    const doc = threeHosts();
    doc.devices.pc3.ports = {};
    doc.links = [['pc3:eth0', 'pc1:eth0']];
    expect(errorsOf(parseScenario(text(doc))).map((e) => e.message)).toEqual(['device "pc3" has no port "eth0"; it has no ports']);
  });
});

describe('flows', () => {
  it('default their title to "" and expect to {}, and number from 0', () => {
    const doc = threeHosts();
    doc.flows = [{ on: 'pc1', run: 'ping -c 1 10.0.0.2' }, { title: 'second', on: 'pc3', run: 'true', expect: { exit: 255 } }];
    const result = parseScenario(text(doc));
    expect(result.ok && result.scenario.flows).toEqual([
      { index: 0, on: 'pc1', run: 'ping -c 1 10.0.0.2', title: '', expect: {} },
      { index: 1, on: 'pc3', run: 'true', title: 'second', expect: { exit: 255 } },
    ]);
  });

  it('are objects with on and run, and no other keys than title and expect', () => {
    const doc = threeHosts();
    doc.flows = ['ping', { cmd: 'ping', on: 'pc1' }];
    expectErrors(doc, [
      { path: 'flows[0]', at: ['"ping"'], message: 'expected a flow like {"on": "pc1", "run": "ping -c 1 10.0.0.1"}, got the string "ping"' },
      { path: 'flows[1].run', at: ['{\n      "cmd"'], message: 'required, but missing' },
      { path: 'flows[1].cmd', at: ['"cmd"'], message: 'unknown key "cmd"; allowed here: on, run, title, expect' },
    ]);
  });

  it('run on a device that exists', () => {
    const doc = threeHosts();
    doc.flows = [{ on: 'pc4', run: 'true' }, { on: 1, run: 'true' }];
    expectErrors(doc, [
      { path: 'flows[0].on', at: ['"pc4"'], message: 'no device "pc4" (did you mean "pc1"?)' },
      { path: 'flows[1].on', at: ['"on": 1', 6], message: 'expected a string, got the number 1' },
    ]);
  });

  it('run a non-empty single line', () => {
    const doc = threeHosts();
    doc.flows = [{ on: 'pc1', run: '' }, { on: 'pc1', run: '  ' }, { on: 'pc1', run: 'ping\nx' }, { on: 'pc1', run: ['ping'] }, { on: 'pc1', run: 'p'.repeat(MAX_LINE_LENGTH + 1) }];
    expectErrors(doc, [
      { path: 'flows[0].run', at: ['""'], message: 'the command is empty' },
      { path: 'flows[1].run', at: ['"  "'], message: 'the command is empty' },
      { path: 'flows[2].run', at: ['"ping\\nx"'], message: 'a line cannot contain a line break or a NUL character; write one string per line' },
      { path: 'flows[3].run', at: ['[\n        "ping"'], message: 'expected a string, got an array' },
      { path: 'flows[4].run', at: ['"ppp'], message: `is ${MAX_LINE_LENGTH + 1} characters long; the limit is ${MAX_LINE_LENGTH}` },
    ]);
  });

  it('have an optional string title', () => {
    const doc = threeHosts();
    doc.flows = [{ on: 'pc1', run: 'true', title: null }, { on: 'pc1', run: 'true', title: 't'.repeat(MAX_TITLE_LENGTH + 1) }];
    expectErrors(doc, [
      { path: 'flows[0].title', at: ['null', 0, 5], message: 'expected a string, got null' },
      { path: 'flows[1].title', at: ['"ttt'], message: `is ${MAX_TITLE_LENGTH + 1} characters long; the limit is ${MAX_TITLE_LENGTH}` },
    ]);
  });

  it('expect only an exit status from 0 to 255', () => {
    const doc = threeHosts();
    const exits: unknown[] = [256, -1, 1.5, '0', null];
    doc.flows = [
      { on: 'pc1', run: 'true', expect: 0 },
      { on: 'pc1', run: 'true', expect: { exit: 0, stdout: 'x' } },
      ...exits.map((exit) => ({ on: 'pc1', run: 'true', expect: { exit } })),
      { on: 'pc1', run: 'true', expect: {} },
    ];
    expectErrors(doc, [
      { path: 'flows[0].expect', at: ['"expect": 0', 10], message: 'expected an object like {"exit": 0}, got the number 0' },
      { path: 'flows[1].expect.stdout', at: ['"stdout"'], message: 'unknown key "stdout"; allowed here: exit' },
      { path: 'flows[2].expect.exit', at: ['256'], message: 'an exit status is a whole number from 0 to 255, not the number 256' },
      { path: 'flows[3].expect.exit', at: ['-1'], message: 'an exit status is a whole number from 0 to 255, not the number -1' },
      { path: 'flows[4].expect.exit', at: ['1.5'], message: 'an exit status is a whole number from 0 to 255, not the number 1.5' },
      { path: 'flows[5].expect.exit', at: ['"0"'], message: 'an exit status is a whole number from 0 to 255, not the string "0"' },
      { path: 'flows[6].expect.exit', at: ['null', 0, 5], message: 'an exit status is a whole number from 0 to 255, not null' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { format, parseScenario, type ScenarioError } from '../scenario';
import { MAX_CONFIG_COMMANDS, MAX_DEVICES, MAX_JSON_VALUES, MAX_TEXT_LENGTH } from '../scenario/limits';
import { runFlow } from '../sim/run';
import { manyRules, packCommands, withIdle } from './large';

/*
 * Scenarios far past the limits end in bounded time with a message naming the limit, and
 * scenarios at the limits boot and run in a few seconds. Times are generous for a busy CI box.
 */

function timed<T>(f: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = f();
  return { value, ms: performance.now() - start };
}

function refused(text: string): { errors: ScenarioError[]; ms: number } {
  const { value, ms } = timed(() => parseScenario(text, 'big.json'));
  if (value.ok) throw new Error('expected the scenario to be refused');
  if (process.env.HAIRPIN_TIMES) console.log(`refused in ${ms.toFixed(0)} ms: ${value.errors[0]!.message.slice(0, 60)}`);
  return { errors: value.errors, ms };
}

describe('huge scenarios are refused quickly, naming the limit', () => {
  it('50,000 devices: refused before the whole document is analysed', () => {
    const text = JSON.stringify(withIdle(50_000));
    const { errors, ms } = refused(text);
    expect(errors).toHaveLength(1);
    expect(format(errors[0]!)).toMatch(new RegExp(`^big\\.json:1:\\d+: devices: has 50003 devices; the limit is ${MAX_DEVICES}$`));
    expect(ms).toBeLessThan(1_500);
  }, 30_000);

  // manyRules(1_000_000) writes 46 MB of JSON, refused at once by MAX_TEXT_LENGTH (parse.test.ts
  // covers that limit); rules short enough to fit reach the command limit instead.
  it('1,000,000 rules that fit the size limit: refused by the command limit at the line that crosses it', () => {
    const doc = manyRules(0);
    const rules = packCommands(new Array<string>(1_000_000).fill('iptables -A INPUT -j DROP'));
    doc.devices.fw!.config!.push(...rules);
    const text = JSON.stringify(doc);
    expect(text.length).toBeLessThan(MAX_TEXT_LENGTH);
    const { errors, ms } = refused(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toMatch(/^devices\.fw\.config\[\d+\]$/);
    expect(errors[0]!.line).toBe(1);
    expect(errors[0]!.message).toMatch(new RegExp(`^the configs reach \\d+ commands at this line \\(each iptables rule, route or other command counts one\\); the limit for a scenario is ${MAX_CONFIG_COMMANDS}$`));
    expect(ms).toBeLessThan(3_000);
  }, 30_000);

  it('one rule over the limit is refused; at the limit it loads', () => {
    // manyRules adds its ACCEPT rule, and the other configs hold 8 more commands.
    const over = refused(JSON.stringify(manyRules(MAX_CONFIG_COMMANDS - 8)));
    expect(over.errors[0]!.message).toContain(`reach ${MAX_CONFIG_COMMANDS + 1} commands`);
    expect(parseScenario(JSON.stringify(manyRules(MAX_CONFIG_COMMANDS - 9))).ok).toBe(true);
  }, 30_000);

  it(`a document of more than ${MAX_JSON_VALUES} values is refused before it is parsed`, () => {
    const text = `{"hairpin": 1, "title": "t", "devices": {}, "junk": [${new Array(3_000_000).fill('0').join(',')}]}`;
    const { errors, ms } = refused(text);
    expect(errors[0]!.message).toBe(`the document holds more than ${MAX_JSON_VALUES} values (object keys and array items); the limit is ${MAX_JSON_VALUES}`);
    expect(ms).toBeLessThan(500);
  }, 30_000);
});

describe('scenarios at the limits run in bounded time', () => {
  // Routes cost a little more to add (measured: 100,000 boot in about 2.4 s) but nothing per
  // packet (a trie lookup); rules are the case where every packet pays for every rule.
  it(`${MAX_CONFIG_COMMANDS} iptables rules: boots and pings through all of them in seconds`, () => {
    const parsed = parseScenario(JSON.stringify(manyRules(MAX_CONFIG_COMMANDS - 9)));
    if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
    const { value: r, ms } = timed(() => runFlow(parsed.scenario, 0));
    expect(r.exit).toBe(0);
    expect(r.stdout).toContain('10 received');
    expect(ms).toBeLessThan(10_000);
  }, 30_000);
});

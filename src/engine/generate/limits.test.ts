import { describe, expect, it } from 'vitest';
import { format, parseScenario, type ScenarioError } from '../scenario';
import { MAX_CONFIG_COMMANDS, MAX_DEVICES, MAX_JSON_VALUES, MAX_TEXT_LENGTH } from '../scenario/limits';
import { runFlow } from '../sim/run';
import { manyRules, packCommands, withIdle } from './large';

/*
 * Scenarios far past the limits are refused with a message naming the limit (which limit says
 * how early: the message of a later stage would differ), and scenarios at the limits boot and
 * run with the work bounded (rules checked). How long they take is `npm run bench`'s business.
 */

function refused(text: string): { errors: ScenarioError[] } {
  const value = parseScenario(text, 'big.json');
  if (value.ok) throw new Error('expected the scenario to be refused');
  return { errors: value.errors };
}

describe('huge scenarios are refused early, naming the limit', () => {
  it('50,000 devices: refused before the whole document is analysed', () => {
    const text = JSON.stringify(withIdle(50_000));
    const { errors } = refused(text);
    expect(errors).toHaveLength(1);
    expect(format(errors[0]!)).toMatch(new RegExp(`^big\\.json:1:\\d+: devices: has 50003 devices; the limit is ${MAX_DEVICES}$`));
  }, 30_000);

  // manyRules(1_000_000) writes 46 MB of JSON, refused at once by MAX_TEXT_LENGTH (parse.test.ts
  // covers that limit); rules short enough to fit reach the command limit instead.
  it('1,000,000 rules that fit the size limit: refused by the command limit at the line that crosses it', () => {
    const doc = manyRules(0);
    const rules = packCommands(new Array<string>(1_000_000).fill('iptables -A INPUT -j DROP'));
    doc.devices.fw!.config!.push(...rules);
    const text = JSON.stringify(doc);
    expect(text.length).toBeLessThan(MAX_TEXT_LENGTH);
    const { errors } = refused(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toMatch(/^devices\.fw\.config\[\d+\]$/);
    expect(errors[0]!.line).toBe(1);
    expect(errors[0]!.message).toMatch(new RegExp(`^the configs reach \\d+ commands at this line \\(each iptables rule, route or other command counts one\\); the limit for a scenario is ${MAX_CONFIG_COMMANDS}$`));
  }, 30_000);

  it('one rule over the limit is refused; at the limit it loads', () => {
    // manyRules adds its ACCEPT rule, and the other configs hold 8 more commands.
    const over = refused(JSON.stringify(manyRules(MAX_CONFIG_COMMANDS - 8)));
    expect(over.errors[0]!.message).toContain(`reach ${MAX_CONFIG_COMMANDS + 1} commands`);
    expect(parseScenario(JSON.stringify(manyRules(MAX_CONFIG_COMMANDS - 9))).ok).toBe(true);
  }, 30_000);

  it(`a document of more than ${MAX_JSON_VALUES} values is refused before it is parsed`, () => {
    const text = `{"hairpin": 1, "title": "t", "devices": {}, "junk": [${new Array(3_000_000).fill('0').join(',')}]}`;
    const { errors } = refused(text);
    expect(errors[0]!.message).toBe(`the document holds more than ${MAX_JSON_VALUES} values (object keys and array items); the limit is ${MAX_JSON_VALUES}`);
  }, 30_000);
});

describe('scenarios at the limits run with bounded work', () => {
  // Routes cost a little more to add (measured: 100,000 boot in about 2.4 s) but nothing per
  // packet (a trie lookup); rules are the case where every packet pays for every rule.
  it(`${MAX_CONFIG_COMMANDS} iptables rules: boots and pings through all of them`, () => {
    const parsed = parseScenario(JSON.stringify(manyRules(MAX_CONFIG_COMMANDS - 9)));
    if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
    const r = runFlow(parsed.scenario, 0);
    expect(r.exit).toBe(0);
    expect(r.stdout).toContain('10 received');
    // Ten requests and ten replies, each checked against every FORWARD rule once.
    expect(r.network.work.rules).toBeLessThanOrEqual(20 * MAX_CONFIG_COMMANDS);
  }, 30_000);
});

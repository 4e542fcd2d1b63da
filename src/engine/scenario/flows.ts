import { checkKeys, checkLine, checkString, describe, didYouMean, isObject } from './checks';
import type { DeviceTable } from './devices';
import type { IssueList, JsonPath } from './errors';
import { MAX_FLOWS, MAX_LINE_LENGTH, MAX_TITLE_LENGTH } from './limits';
import type { Flow } from './types';

const FLOW_KEYS = ['on', 'run', 'title', 'expect'] as const;

export function checkFlows(value: unknown, table: DeviceTable, issues: IssueList): Flow[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.add(['flows'], `expected an array of flows like {"on": "pc1", "run": "ping -c 1 10.0.0.1"}, got ${describe(value)}`);
    return [];
  }
  if (value.length > MAX_FLOWS) {
    issues.add(['flows'], `has ${value.length} flows; the limit is ${MAX_FLOWS}`);
    return [];
  }
  const flows: Flow[] = [];
  value.forEach((raw: unknown, index) => {
    const flow = checkFlow(raw, index, table, issues);
    if (flow) flows.push(flow);
  });
  return flows;
}

function checkFlow(raw: unknown, index: number, table: DeviceTable, issues: IssueList): Flow | undefined {
  const path = ['flows', index];
  if (!isObject(raw)) {
    issues.add(path, `expected a flow like {"on": "pc1", "run": "ping -c 1 10.0.0.1"}, got ${describe(raw)}`);
    return undefined;
  }
  const before = issues.count;
  checkKeys(raw, path, FLOW_KEYS, ['on', 'run'], issues);
  const { on, run, title, expect } = raw;
  if (on !== undefined && checkString(on, [...path, 'on'], Infinity, issues) && table.readable && !table.known.has(on)) {
    issues.add([...path, 'on'], `no device ${JSON.stringify(on)}${didYouMean(on, table.known.keys())}`);
  }
  if (run !== undefined && checkLine(run, [...path, 'run'], MAX_LINE_LENGTH, issues) && run.trim() === '') {
    issues.add([...path, 'run'], 'the command is empty');
  }
  if (title !== undefined) checkString(title, [...path, 'title'], MAX_TITLE_LENGTH, issues);
  const exit = checkExpect(expect, [...path, 'expect'], issues);
  if (issues.count > before) return undefined;
  return {
    index,
    on: on as string,
    run: run as string,
    title: (title as string | undefined) ?? '',
    expect: exit === undefined ? {} : { exit },
  };
}

/** `expect` holds only `exit`, the status the real command returns. */
function checkExpect(value: unknown, path: JsonPath, issues: IssueList): number | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    issues.add(path, `expected an object like {"exit": 0}, got ${describe(value)}`);
    return undefined;
  }
  checkKeys(value, path, ['exit'], [], issues);
  const exit = value.exit;
  if (exit === undefined) return undefined;
  if (typeof exit !== 'number' || !Number.isInteger(exit) || exit < 0 || exit > 255) {
    issues.add([...path, 'exit'], `an exit status is a whole number from 0 to 255, not ${describe(exit)}`);
    return undefined;
  }
  return exit;
}

import { runCommand } from '../../sim/run';
import { scenarioOf } from '../../sim/testing';

/** For tests: the messages of the config lines a router refuses, in order. */
export function refusals(config: string[]): string[] {
  return runCommand(scenarioOf({ fw: { kind: 'router', ports: ['eth0'], config } }, []), 'fw', 'true').configIssues.map((i) => i.message);
}

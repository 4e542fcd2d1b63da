import { configError } from '../../command/testing';
import { viewOn } from '../../export/print/fixture';
import { runCommand, type FlowResult } from '../../sim/run';
import { routed } from '../../sim/testing';

/*
 * Test helpers for the extension modules: what the router's iptables prints once the rules
 * are loaded, what a flow through client — router — server does, and what iptables refuses.
 */

/** Runs `command` on the client with `rules` on the router; fails on any refused config line. */
export function through(rules: string[], command = 'ping -c 1 -W 1 10.0.2.2', more: { server?: string[]; client?: string[] } = {}): FlowResult {
  const r = runCommand(routed(rules, more.server, more.client), 'client', command);
  if (r.configIssues.length) throw new Error(`config problems: ${JSON.stringify(r.configIssues)}`);
  return r;
}

/** What `view` (iptables -S, -L, iptables-save) prints on the router with `rules` loaded. */
export function printed<const V extends readonly string[]>(rules: string[], ...views: V): { [K in keyof V]: string } {
  const r = through(rules, 'true');
  return views.map((v) => viewOn(r.network, 'router', v).stdout) as { [K in keyof V]: string };
}

/** The message iptables (or the kernel through it) gives for the router's config line `rule`. */
export function refusal(rule: string): string {
  const r = runCommand(routed([rule]), 'client', 'true');
  const issue = r.configIssues[0];
  if (!issue) throw new Error(`expected ${rule} to be refused`);
  return issue.message;
}

/** The parse error of one line, without the help hint iptables prints after it. */
export function parseError(line: string): string {
  return configError(line).message.replace(/\nTry `iptables -h' or 'iptables --help' for more information\.$/, '');
}

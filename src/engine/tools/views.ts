import type { Command } from '../command/types';
import type { Stack } from '../kernel/stack';

/** Output of a state-viewing command (`ip route`, `iptables -S`, ...), or undefined if `c` changes state. */
export interface ViewOutput {
  stdout: string;
  stderr: string;
  status: number;
}

export function runView(stack: Stack, c: Command): ViewOutput | undefined {
  void stack;
  void c;
  return undefined;
}

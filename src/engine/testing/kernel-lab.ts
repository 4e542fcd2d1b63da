import { spawnSync } from 'node:child_process';

/*
 * For the tests that build labs on this machine's kernel (*.kernel.test.ts): whether they can
 * run here. They need root, their tools, and network namespaces; a machine without them skips
 * the test and says why.
 */

/** Why this machine cannot build the test's labs (`probe` names the namespace tried); undefined when it can. */
export function whyNoKernelLab(tools: readonly string[], probe: string): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not running as root';
  for (const tool of tools) if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  const made = spawnSync('ip', ['netns', 'add', probe]);
  if (made.status !== 0) return `network namespaces are not available: ${made.stderr.toString().trim()}`;
  spawnSync('ip', ['netns', 'del', probe]);
  return undefined;
}

/** The "modelled, not recorded" note (README) for interface types the test kernel cannot show. */
export function notRecordedNote(types: readonly string[]): string {
  return `Modelled, not recorded: ${types.join(', ')} follows the kernel's source; this machine's kernel has no such device, so the test kernel cannot show it.`;
}

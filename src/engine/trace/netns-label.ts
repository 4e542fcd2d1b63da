/*
 * How the trace names a device's named network namespace: `host/ns1`, so an event there reads
 * `host/ns1:eth0`. Device ids never hold a slash, so the box is what comes before it.
 */

export function netnsLabel(device: string, name: string): string {
  return `${device}/${name}`;
}

/** The scenario device an event's label belongs to (the label itself for its init namespace). */
export function boxOf(label: string): string {
  const slash = label.indexOf('/');
  return slash < 0 ? label : label.slice(0, slash);
}

/** The namespace name in a label (`ns1` of `host/ns1`), or undefined for a device's init namespace. */
export function netnsNameOf(label: string): string | undefined {
  const slash = label.indexOf('/');
  return slash < 0 ? undefined : label.slice(slash + 1);
}

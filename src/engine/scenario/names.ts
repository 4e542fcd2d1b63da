import { MAX_DEVICE_ID_LENGTH, MAX_PORT_NAME_LENGTH } from './limits';

const NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Port names the format reserves: `lo` is every device's loopback, and a port named `all` or
 * `default` would make `net.ipv4.conf.all.*` mean two things.
 */
export const RESERVED_PORT_NAMES: readonly string[] = ['lo', 'all', 'default'];

/** Why `id` cannot name a device, or undefined when it can. Also for the UI's rename box. */
export function deviceIdProblem(id: string): string | undefined {
  if (!NAME.test(id)) return `${JSON.stringify(id)} is not a device id: use a lowercase letter, then lowercase letters, digits or _`;
  if (id.length > MAX_DEVICE_ID_LENGTH) return `device id ${JSON.stringify(id)} is ${id.length} characters long; the limit is ${MAX_DEVICE_ID_LENGTH}`;
  return undefined;
}

/** Why `name` cannot name a port, or undefined when it can. */
export function portNameProblem(name: string): string | undefined {
  if (!NAME.test(name)) return `${JSON.stringify(name)} is not a port name: use a lowercase letter, then lowercase letters, digits or _`;
  if (name.length > MAX_PORT_NAME_LENGTH) {
    return `port name ${JSON.stringify(name)} is ${name.length} characters long; Linux allows ${MAX_PORT_NAME_LENGTH}`;
  }
  if (name === 'lo') return 'every device already has "lo", its loopback; pick another name';
  if (RESERVED_PORT_NAMES.includes(name)) return `${JSON.stringify(name)} is reserved: net.ipv4.conf.${name} already means something; pick another name`;
  return undefined;
}

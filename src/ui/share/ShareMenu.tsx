/** Placeholder until this part of the playground is built. */
export function ShareMenu() {
  return null;
}

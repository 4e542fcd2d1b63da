/** Placeholder until this part of the playground is built. */
export function Palette() {
  return null;
}

/** Placeholder until this part of the playground is built. */
export function LessonPanel() {
  return null;
}

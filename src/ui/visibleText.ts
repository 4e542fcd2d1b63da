/*
 * Scenario text (titles, flow titles, the about text) comes from anyone. React already shows
 * it as text, but invisible control characters still act: a right-to-left override makes
 * "txt.exe" read "exe.txt", a bell or an escape hides in a title. Shown as "[U+202E]" instead,
 * they are visible and inert. Tabs and line breaks are kept.
 */

const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function visibleText(text: string): string {
  return text.replace(CONTROLS, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
}

import { describe, expect, it } from 'vitest';
import { visibleText } from './visibleText';

describe('visibleText', () => {
  it('shows bidi overrides, isolates and marks as code points', () => {
    expect(visibleText('Lab \u202etxt.exe')).toBe('Lab [U+202E]txt.exe');
    expect(visibleText('\u2066a\u2069 \u200f \u061c')).toBe('[U+2066]a[U+2069] [U+200F] [U+061C]');
  });

  it('shows C0 and C1 controls, keeps tabs and line breaks', () => {
    expect(visibleText('bell\u0007 esc\u001b[31m nul\u0000 del\u007f csi\u009b')).toBe('bell[U+0007] esc[U+001B][31m nul[U+0000] del[U+007F] csi[U+009B]');
    expect(visibleText('a\tb\nc\r\nd')).toBe('a\tb\nc\r\nd');
  });

  it('leaves ordinary text alone, emoji sequences included', () => {
    for (const text of ['Home LAN behind a router', 'Ünïcødé — “quotes”', 'שלום עולם', '👩‍💻 🇫🇷']) expect(visibleText(text)).toBe(text);
  });
});

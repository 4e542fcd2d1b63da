import { useMemo } from 'react';
import { renderInlineMarkdown, renderMarkdown } from '../../lessons/markdown';
import { visibleText } from '../visibleText';

/*
 * The one place scenario text becomes markup: the output of the locked-down renderer in
 * src/lessons/markdown.ts (raw HTML escaped, only http(s)/mailto links). Everything else in
 * the lesson UI renders scenario text as plain React text.
 */
export function Markdown({ text, inline, className }: { text: string; inline?: boolean; className?: string }) {
  const html = useMemo(() => (inline ? renderInlineMarkdown(visibleText(text)) : renderMarkdown(visibleText(text))), [text, inline]);
  const Tag = inline ? 'span' : 'div';
  return <Tag className={`markdown${className ? ` ${className}` : ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

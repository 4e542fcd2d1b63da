import MarkdownIt from 'markdown-it';

/*
 * The about text of a scenario is markdown, and a scenario can come from anyone (a shared
 * link, an imported file). So the renderer is the only thing that makes markup from it, and
 * it is locked down: raw HTML is escaped (html: false), images are off (no external fetches),
 * and a link is kept only for http(s) and mailto; anything else (javascript:, data:, vbscript:)
 * stays text. Links open in a new tab without giving it a handle on this page.
 */

const SAFE_LINK = /^(https?:|mailto:)/i;

const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false, breaks: false });
md.disable(['image']);
md.validateLink = (url) => SAFE_LINK.test(url.trim());

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  token.attrSet('target', '_blank');
  token.attrSet('rel', 'noopener noreferrer nofollow');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Sanitised HTML for a scenario's about text. */
export function renderMarkdown(text: string): string {
  return md.render(text);
}

/** The same renderer for one line (a question, a hint): inline markup only, no paragraph. */
export function renderInlineMarkdown(text: string): string {
  return md.renderInline(text);
}

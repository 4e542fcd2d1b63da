import { toPng, toSvg } from 'html-to-image';

/*
 * A picture of the diagram for slides, the way React Flow's "download image" example does
 * it: render `.react-flow__viewport` (nodes, links, frames in flight; not the minimap,
 * controls or legend, which float beside it) with html-to-image, moved and sized so the
 * nodes' bounds fill the picture whatever the user's pan and zoom.
 *
 * The bounds come from the rendered nodes rather than React Flow's store because the share
 * menu lives in the header, outside the canvas's ReactFlowProvider.
 */

/** Room around the nodes for link labels, NAT and drop marks that reach past a node's box. */
const MARGIN = 48;
/** PNG pixels per CSS pixel: sharp on a projector and a 2x screen. */
const PNG_SCALE = 2;
/** Parts that are controls, not the diagram (ports are handles here, with names and addresses: kept). */
const LEFT_OUT = ['react-flow__minimap', 'react-flow__controls', 'react-flow__panel', 'react-flow__attribution', 'react-flow__resize-control'];

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The union of the nodes' boxes in flow coordinates (their transform, before the viewport's zoom). */
function nodesBounds(root: Element): Bounds | undefined {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const node of root.querySelectorAll<HTMLElement>('.react-flow__node')) {
    const m = new DOMMatrixReadOnly(getComputedStyle(node).transform === 'none' ? undefined : getComputedStyle(node).transform);
    x0 = Math.min(x0, m.m41);
    y0 = Math.min(y0, m.m42);
    x1 = Math.max(x1, m.m41 + node.offsetWidth);
    y1 = Math.max(y1, m.m42 + node.offsetHeight);
  }
  return x0 === Infinity ? undefined : { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Painting properties that links get from style sheets (React Flow's and ours). */
const SVG_PAINT = ['stroke', 'stroke-width', 'stroke-dasharray', 'stroke-linecap', 'stroke-opacity', 'fill', 'fill-opacity', 'opacity', 'visibility', 'display'];

/**
 * html-to-image copies computed styles into the clone element by element, but an <svg> is
 * cloned whole, so its shapes keep only their attributes: the links would be drawn with no
 * stroke. For the capture, each shape's computed paint is written as presentation attributes;
 * the returned function puts the old attributes back.
 */
function inlineSvgPaint(root: Element): () => void {
  const undo: (() => void)[] = [];
  for (const shape of root.querySelectorAll('svg *')) {
    const computed = getComputedStyle(shape);
    for (const prop of SVG_PAINT) {
      const before = shape.getAttribute(prop);
      shape.setAttribute(prop, computed.getPropertyValue(prop));
      undo.push(() => (before === null ? shape.removeAttribute(prop) : shape.setAttribute(prop, before)));
    }
  }
  return () => undo.forEach((f) => f());
}

/**
 * In an SVG, html-to-image paints the background on the moved viewport, so it would not
 * cover the picture; a rectangle under everything does. Returned as a blob URL (revocable).
 */
function svgWithBackground(dataUrl: string, background: string): string {
  const svg = decodeURIComponent(dataUrl.slice(dataUrl.indexOf(',') + 1));
  const open = svg.indexOf('>') + 1;
  const rect = `<rect width="100%" height="100%" fill="${background}"/>`;
  return URL.createObjectURL(new Blob([svg.slice(0, open), rect, svg.slice(open)], { type: 'image/svg+xml' }));
}

/** Renders the canvas; returns a data URL (PNG) or blob URL (SVG), or a sentence saying why not. */
export async function renderCanvas(kind: 'png' | 'svg'): Promise<{ ok: true; url: string } | { ok: false; reason: string }> {
  const flow = document.querySelector<HTMLElement>('.react-flow');
  const viewport = flow?.querySelector<HTMLElement>('.react-flow__viewport');
  const bounds = flow && nodesBounds(flow);
  if (!flow || !viewport || !bounds) return { ok: false, reason: 'The canvas is empty: there is nothing to draw.' };
  const width = Math.ceil(bounds.width + 2 * MARGIN);
  const height = Math.ceil(bounds.height + 2 * MARGIN);
  const flowBackground = getComputedStyle(flow).backgroundColor;
  const background = flowBackground === 'rgba(0, 0, 0, 0)' ? getComputedStyle(document.body).backgroundColor : flowBackground;
  const options = {
    width,
    height,
    style: { width: `${width}px`, height: `${height}px`, transform: `translate(${MARGIN - bounds.x}px, ${MARGIN - bounds.y}px) scale(1)` },
    filter: (el: HTMLElement) => !(el.classList && LEFT_OUT.some((c) => el.classList.contains(c))),
  };
  const restore = inlineSvgPaint(viewport);
  try {
    if (kind === 'png') return { ok: true, url: await toPng(viewport, { ...options, backgroundColor: background, pixelRatio: PNG_SCALE }) };
    return { ok: true, url: svgWithBackground(await toSvg(viewport, options), background) };
  } catch (e) {
    return { ok: false, reason: `The browser could not draw the canvas (${e instanceof Error ? e.message : String(e)}).` };
  } finally {
    restore();
  }
}

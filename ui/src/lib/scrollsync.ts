// Editor ⇄ preview scroll sync through the `data-line="start-end"` attributes the Rust
// renderer puts on every top-level block. Pure functions over measured positions, so they can
// be tested without a layout engine.

export interface Block {
  start: number; // first source line (1-based)
  end: number; // last source line
  top: number; // offset from the top of the preview document, px
  height: number;
}

/** Reads the blocks of the preview document (only elements with a data-line range). */
export function measureBlocks(doc: Document): Block[] {
  const out: Block[] = [];
  const scrollY = doc.defaultView?.scrollY ?? 0;
  for (const el of doc.querySelectorAll<HTMLElement>("[data-line]")) {
    const r = parseRange(el.dataset.line ?? "");
    if (!r) continue;
    const rect = el.getBoundingClientRect();
    out.push({ start: r[0], end: r[1], top: rect.top + scrollY, height: rect.height });
  }
  out.sort((a, b) => a.top - b.top);
  return out;
}

export function parseRange(s: string): [number, number] | null {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s.trim());
  if (!m) return null;
  const a = Number(m[1]);
  const b = m[2] ? Number(m[2]) : a;
  return [a, Math.max(a, b)];
}

/**
 * Where the preview should scroll so that source `line` (fractional: 12.5 = halfway through
 * line 12) sits at its top: interpolated inside the block that holds the line, or between the
 * blocks around it.
 */
export function previewOffsetForLine(blocks: Block[], line: number): number {
  if (blocks.length === 0) return 0;
  let prev: Block | null = null;
  for (const b of blocks) {
    if (line >= b.start && line <= b.end + 1) {
      const span = Math.max(1, b.end + 1 - b.start);
      const frac = Math.min(1, Math.max(0, (line - b.start) / span));
      return b.top + frac * b.height;
    }
    if (line < b.start) {
      if (!prev) return Math.max(0, b.top * ((line - 1) / Math.max(1, b.start - 1)));
      const gap = b.start - (prev.end + 1);
      const frac = gap > 0 ? (line - (prev.end + 1)) / gap : 0;
      const from = prev.top + prev.height;
      return from + frac * (b.top - from);
    }
    prev = b;
  }
  const last = blocks[blocks.length - 1];
  return last.top + last.height;
}

/** The source line (fractional) shown at preview offset `y`: the inverse of the above. */
export function lineForPreviewOffset(blocks: Block[], y: number): number {
  if (blocks.length === 0) return 1;
  let prev: Block | null = null;
  for (const b of blocks) {
    if (y < b.top) {
      if (!prev) return 1 + (b.start - 1) * (b.top > 0 ? y / b.top : 0);
      const from = prev.top + prev.height;
      const frac = b.top > from ? (y - from) / (b.top - from) : 0;
      return prev.end + 1 + frac * (b.start - (prev.end + 1));
    }
    if (y <= b.top + b.height) {
      const frac = b.height > 0 ? (y - b.top) / b.height : 0;
      return b.start + frac * (b.end + 1 - b.start);
    }
    prev = b;
  }
  return blocks[blocks.length - 1].end;
}

/** The block under a click, for "click in the preview puts the caret on that line". */
export function lineOfElement(el: Element | null): number | null {
  // Attributes, not `instanceof HTMLElement` or `dataset`: the preview's elements belong to
  // its frame, whose HTMLElement is not this window's.
  for (let e = el; e; e = e.parentElement) {
    const r = parseRange(e.getAttribute("data-line") ?? "");
    if (r) return r[0];
  }
  return null;
}

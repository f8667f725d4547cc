// Patches the preview's article in place instead of replacing it on every key press. The Rust
// renderer puts `data-line="a-b"` right after the tag name of every top-level block (and only
// there), so the HTML string splits into blocks without parsing it. Blocks are compared with
// their line numbers left out (typing a new line shifts every later block's lines, not its
// content); only the changed run in the middle is parsed and swapped, the unchanged blocks
// keep their nodes (no re-layout, no image reload, no math or diagram re-render), and their
// `data-line` is updated when it moved. Anything unexpected falls back to a full replace.

/** The start tag of a top-level block: `<name data-line="a-b"`. */
const BLOCK_START = /<[a-zA-Z][a-zA-Z0-9-]* data-line="([0-9]+(?:-[0-9]+)?)"/g;

export interface Segment {
  /** The block's HTML (the first segment: what comes before the first block, maybe ""). */
  html: string;
  /** The HTML without the block's own line range: equal keys render the same. */
  key: string;
  /** The block's `data-line` value ("" for the first segment). */
  line: string;
}

/** Splits rendered HTML into the part before the first block, then one segment per block. */
export function splitBlocks(html: string): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  let line = "";
  let lineAt = -1; // where the line value starts in the current segment, relative to html
  const push = (end: number) => {
    const h = html.slice(start, end);
    const key = lineAt < 0 ? h : h.slice(0, lineAt - start) + h.slice(lineAt - start + line.length);
    out.push({ html: h, key, line });
  };
  BLOCK_START.lastIndex = 0;
  for (let m = BLOCK_START.exec(html); m; m = BLOCK_START.exec(html)) {
    push(m.index);
    start = m.index;
    line = m[1];
    lineAt = m.index + m[0].length - 1 - line.length;
  }
  push(html.length);
  return out;
}

/** What a patch did, for tests and for the enhancer. */
export interface PatchResult {
  /** The top-level nodes that were (re)created: only these need enhancing. */
  inserted: Node[];
  /** True when the whole article was replaced. */
  full: boolean;
}

export interface Patcher {
  apply(html: string): PatchResult;
}

export function createPatcher(article: HTMLElement): Patcher {
  let html: string | null = null;
  let segs: Segment[] = [];
  /** The article's top-level nodes of each segment, in order. */
  let groups: Node[][] = [];

  /** Groups a parsed run of top-level nodes by block; null when it does not match `want`. */
  function group(nodes: ArrayLike<Node>, want: Segment[], withHead: boolean): Node[][] | null {
    const out: Node[][] = withHead ? [[]] : [];
    for (const n of Array.from(nodes)) {
      if (n.nodeType === 1 && (n as Element).hasAttribute("data-line")) out.push([n]);
      else if (out.length > 0) out[out.length - 1].push(n);
      else return null;
    }
    if (out.length !== want.length) return null;
    for (let i = withHead ? 1 : 0; i < out.length; i++) {
      if ((out[i][0] as Element).getAttribute("data-line") !== want[i].line) return null;
    }
    return out;
  }

  function full(next: string, nextSegs: Segment[]): PatchResult {
    article.innerHTML = next;
    const g = group(article.childNodes, nextSegs, true);
    html = next;
    segs = g ? nextSegs : [];
    groups = g ?? [];
    return { inserted: Array.from(article.childNodes), full: true };
  }

  return {
    apply(next) {
      if (next === html) return { inserted: [], full: false };
      const nextSegs = splitBlocks(next);
      if (html === null || groups.length === 0) return full(next, nextSegs);

      const n = segs.length;
      const m = nextSegs.length;
      let p = 0;
      while (p < n && p < m && segs[p].key === nextSegs[p].key) p++;
      let s = 0;
      while (s < n - p && s < m - p && segs[n - 1 - s].key === nextSegs[m - 1 - s].key) s++;

      // Parse only the changed run, in the preview's own document.
      const doc = article.ownerDocument;
      const tpl = doc.createElement("template");
      tpl.innerHTML = nextSegs
        .slice(p, m - s)
        .map((x) => x.html)
        .join("");
      const fresh = group(tpl.content.childNodes, nextSegs.slice(p, m - s), p === 0);
      if (!fresh) return full(next, nextSegs);

      let before: Node | null = null;
      for (let i = n - s; i < n && !before; i++) before = groups[i][0] ?? null;
      for (let i = p; i < n - s; i++) for (const node of groups[i]) node.parentNode?.removeChild(node);
      const inserted = Array.from(tpl.content.childNodes);
      article.insertBefore(tpl.content, before);

      // Kept blocks whose lines moved.
      const kept = (i: number, j: number) => {
        if (segs[i].line !== nextSegs[j].line) (groups[i][0] as Element).setAttribute("data-line", nextSegs[j].line);
      };
      for (let i = 1; i < p; i++) kept(i, i);
      for (let k = 1; k <= s; k++) if (n - k > 0) kept(n - k, m - k);

      groups = [...groups.slice(0, p), ...fresh, ...groups.slice(n - s)];
      segs = nextSegs;
      html = next;
      return { inserted, full: false };
    },
  };
}

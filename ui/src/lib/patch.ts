// Applies the Rust renderer's preview deltas (core `render::delta`) to the preview's article:
// the kept blocks at the start and at the end keep their nodes (no re-layout, no image reload,
// no math or diagram re-render) and get their new `data-line` when they moved; only the run in
// the middle is parsed and swapped. A delta for another version than the one shown (a dropped
// response, a reloaded frame) is refused, and the caller asks for the whole article.
import type { PreviewDelta } from "./bindings/core";

export interface Applied {
  /** False when the delta did not apply: ask for the whole article (`have` = null). */
  ok: boolean;
  /** The top-level nodes that were (re)created: only these need enhancing. */
  inserted: Node[];
}

export interface Patcher {
  apply(d: PreviewDelta): Applied;
  /** The version of the article shown, if deltas can apply to it. */
  version(): number | null;
  clear(): void;
}

export function createPatcher(article: HTMLElement): Patcher {
  let version: number | null = null;
  /** The article's top-level nodes of each block, in order (block 0: before the first block). */
  let groups: Node[][] = [];

  /** Groups a parsed run of top-level nodes by block; null unless there are `count`. */
  function group(nodes: ArrayLike<Node>, count: number, withHead: boolean): Node[][] | null {
    const out: Node[][] = withHead ? [[]] : [];
    for (const n of Array.from(nodes)) {
      if (n.nodeType === 1 && (n as Element).hasAttribute("data-line")) out.push([n]);
      else if (out.length > 0) out[out.length - 1].push(n);
      else return null;
    }
    return out.length === count ? out : null;
  }

  return {
    version: () => version,
    clear() {
      article.innerHTML = "";
      version = null;
      groups = [];
    },
    apply(d) {
      if (d.version === version) return { ok: true, inserted: [] };
      if (d.base === null) {
        article.innerHTML = d.html;
        const g = group(article.childNodes, d.blocks, true);
        // Shown either way; deltas only apply when its blocks are the article's children.
        groups = g ?? [];
        version = g ? d.version : null;
        return { ok: true, inserted: Array.from(article.childNodes) };
      }
      const n = groups.length;
      const head = d.keep_head;
      const tail = d.keep_tail;
      if (d.base !== version || head + tail > n || head + tail > d.blocks) {
        version = null;
        return { ok: false, inserted: [] };
      }
      const tpl = article.ownerDocument.createElement("template");
      tpl.innerHTML = d.html;
      const fresh = group(tpl.content.childNodes, d.blocks - head - tail, head === 0);
      if (!fresh) {
        version = null;
        return { ok: false, inserted: [] };
      }
      let before: Node | null = null;
      for (let i = n - tail; i < n && !before; i++) before = groups[i][0] ?? null;
      for (let i = head; i < n - tail; i++) for (const node of groups[i]) node.parentNode?.removeChild(node);
      const inserted = Array.from(tpl.content.childNodes);
      article.insertBefore(tpl.content, before);
      groups = [...groups.slice(0, head), ...fresh, ...groups.slice(n - tail)];
      for (const [j, line] of d.lines) {
        const el = groups[j]?.[0];
        if (el?.nodeType === 1) (el as Element).setAttribute("data-line", line);
      }
      version = d.version;
      return { ok: true, inserted };
    },
  };
}

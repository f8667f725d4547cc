import { describe, expect, it } from "vitest";
import { createPatcher } from "./patch";
import type { PreviewDelta } from "./bindings/core";

// Articles shaped like the renderer's: a header (block 0), then top-level blocks with
// `data-line` right after the tag name. Deltas are written as `preview_delta` sends them (its
// diffing is tested in Rust, core `render::delta`).
const HEAD = '<header class="pd-post-header"><h1>T</h1></header>';
const P = (line: string, text: string) => `<p data-line="${line}">${text} <em>x</em></p>\n`;
const PRE = (line: string) => `<pre data-line="${line}" class="pd-code"><code>let x;\n</code></pre>\n`;
const UL = (line: string) => `<ul data-line="${line}">\n<li>one</li>\n<li>two</li>\n</ul>\n`;

function parsed(html: string): string {
  const ref = document.createElement("article");
  ref.innerHTML = html;
  return ref.innerHTML;
}

const whole = (version: number, html: string, blocks: number): PreviewDelta => ({
  version,
  base: null,
  blocks,
  keep_head: 0,
  keep_tail: 0,
  html,
  lines: [],
});

describe("createPatcher", () => {
  it("shows a whole article, then replaces only the changed block and keeps the others' nodes", () => {
    const article = document.createElement("article");
    const p = createPatcher(article);
    const first = HEAD + P("5-5", "one") + P("7-8", "two") + PRE("10-12") + UL("14-15");
    expect(p.apply(whole(1, first, 5)).ok).toBe(true);
    expect(p.version()).toBe(1);
    expect(article.innerHTML).toBe(parsed(first));
    const pre = article.querySelector("pre")!;
    pre.dataset.enhanced = "yes"; // what enhance() would leave on it
    const before = Array.from(article.children);

    // "two" gains a line; the blocks after it move down by one.
    const r = p.apply({
      version: 2,
      base: 1,
      blocks: 5,
      keep_head: 2,
      keep_tail: 2,
      html: P("7-9", "two z"),
      lines: [
        [3, "11-13"],
        [4, "15-16"],
      ],
    });
    expect(r.ok).toBe(true);
    expect(r.inserted.filter((n) => n.nodeType === 1)).toHaveLength(1);
    const after = Array.from(article.children);
    expect(after.filter((el, i) => el === before[i])).toHaveLength(4);
    expect(article.querySelector("pre")).toBe(pre);
    expect(pre.dataset.enhanced).toBe("yes");
    delete pre.dataset.enhanced;
    const second = HEAD + P("5-5", "one") + P("7-9", "two z") + PRE("11-13") + UL("15-16");
    expect(article.innerHTML).toBe(parsed(second));
    expect(p.version()).toBe(2);
  });

  it("inserts and removes blocks, changes the header, and empties", () => {
    const article = document.createElement("article");
    const p = createPatcher(article);
    p.apply(whole(1, HEAD + P("5-5", "a") + P("7-7", "b"), 3));
    // A new block between a and b.
    p.apply({ version: 2, base: 1, blocks: 4, keep_head: 2, keep_tail: 1, html: PRE("7-9"), lines: [[3, "11-11"]] });
    expect(article.innerHTML).toBe(parsed(HEAD + P("5-5", "a") + PRE("7-9") + P("11-11", "b")));
    // A new header, and block a removed.
    p.apply({ version: 3, base: 2, blocks: 3, keep_head: 0, keep_tail: 2, html: "<header>U</header>", lines: [] });
    expect(article.innerHTML).toBe(parsed("<header>U</header>" + PRE("7-9") + P("11-11", "b")));
    // Everything after the header removed.
    p.apply({ version: 4, base: 3, blocks: 1, keep_head: 1, keep_tail: 0, html: "", lines: [] });
    expect(article.innerHTML).toBe(parsed("<header>U</header>"));
    p.clear();
    expect(article.innerHTML).toBe("");
    expect(p.version()).toBeNull();
  });

  it("refuses a delta for another version, or one that does not match the article, untouched", () => {
    const article = document.createElement("article");
    const p = createPatcher(article);
    const html = HEAD + P("5-5", "a") + P("7-7", "b");
    p.apply(whole(1, html, 3));
    const stale = { version: 3, base: 2, blocks: 3, keep_head: 1, keep_tail: 1, html: P("5-5", "c"), lines: [] };
    expect(p.apply(stale).ok).toBe(false);
    expect(article.innerHTML).toBe(parsed(html));
    expect(p.version()).toBeNull(); // the next request asks for the whole article
    p.apply(whole(4, html, 3));
    // Says two blocks come, brings one.
    const short = { version: 5, base: 4, blocks: 4, keep_head: 1, keep_tail: 1, html: P("5-5", "c"), lines: [] };
    expect(p.apply(short).ok).toBe(false);
    expect(article.innerHTML).toBe(parsed(html));
  });

  it("shows an article whose data-line is not only on top-level blocks, but patches none of it", () => {
    const article = document.createElement("article");
    const p = createPatcher(article);
    const nested = '<div data-line="1-3"><p data-line="2-2">a</p></div>\n<p data-line="5-5">end</p>\n';
    expect(p.apply(whole(1, nested, 4)).ok).toBe(true);
    expect(article.innerHTML).toBe(parsed(nested));
    expect(p.version()).toBeNull();
  });

  it("does nothing for the delta it already applied", () => {
    const article = document.createElement("article");
    const p = createPatcher(article);
    const d = whole(1, HEAD + P("5-5", "a"), 2);
    p.apply(d);
    const first = article.firstChild;
    expect(p.apply(d)).toEqual({ ok: true, inserted: [] });
    expect(article.firstChild).toBe(first);
  });
});

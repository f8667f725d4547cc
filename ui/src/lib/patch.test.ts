import { describe, expect, it } from "vitest";
import { createPatcher, splitBlocks } from "./patch";

// Blocks shaped like the Rust renderer's output: `data-line` right after the tag name of each
// top-level block, a header before the first block, a newline after each block.
type Block = { kind: "p" | "h2" | "ul" | "pre" | "table"; text: string; lines: number };

function render(header: string, blocks: Block[]): string {
  let line = 5;
  let out = header ? `<header class="pd-post-header"><h1>${header}</h1></header>` : "";
  for (const b of blocks) {
    const r = `${line}-${line + b.lines - 1}`;
    line += b.lines + 1;
    switch (b.kind) {
      case "p":
        out += `<p data-line="${r}">${b.text} <em>x</em></p>\n`;
        break;
      case "h2":
        out += `<h2 data-line="${r}" id="${b.text.replace(/\W/g, "-")}">${b.text}</h2>\n`;
        break;
      case "ul":
        out += `<ul data-line="${r}">\n<li>${b.text}</li>\n<li>two</li>\n</ul>\n`;
        break;
      case "pre":
        out += `<pre data-line="${r}" class="pd-code"><code>${b.text}\n  &lt;b&gt;</code></pre>\n`;
        break;
      case "table":
        out += `<table data-line="${r}"><thead><tr><th>${b.text}</th></tr></thead><tbody>\n<tr><td>1</td></tr>\n</tbody></table>\n`;
        break;
    }
  }
  return out;
}

function parsed(html: string): string {
  const ref = document.createElement("article");
  ref.innerHTML = html;
  return ref.innerHTML;
}

const doc: Block[] = [
  { kind: "h2", text: "Intro", lines: 1 },
  { kind: "p", text: "First paragraph", lines: 2 },
  { kind: "ul", text: "one", lines: 2 },
  { kind: "pre", text: "let x = 1;", lines: 3 },
  { kind: "p", text: "Last paragraph", lines: 1 },
];

describe("splitBlocks", () => {
  it("splits before each top-level block and keys blocks without their lines", () => {
    const s = splitBlocks(render("T", doc));
    expect(s).toHaveLength(doc.length + 1);
    expect(s[0].html).toBe('<header class="pd-post-header"><h1>T</h1></header>');
    expect(s[0].line).toBe("");
    expect(s[1].html).toBe('<h2 data-line="5-5" id="Intro">Intro</h2>\n');
    expect(s[1].line).toBe("5-5");
    expect(s[1].key).toBe('<h2 data-line="" id="Intro">Intro</h2>\n');
    expect(s.map((x) => x.html).join("")).toBe(render("T", doc));
  });

  it("does not split on escaped text that looks like a block", () => {
    const html = '<p data-line="1-1">&lt;p data-line="2-2"&gt; and <code>&lt;h1 data-line="3"</code></p>\n';
    expect(splitBlocks(html)).toHaveLength(2);
  });
});

describe("createPatcher", () => {
  it("replaces only the block that changed and keeps the others' nodes", () => {
    const article = document.createElement("article");
    const p = createPatcher(article);
    expect(p.apply(render("T", doc)).full).toBe(true);
    const before = Array.from(article.children);

    const next = doc.map((b, i) => (i === 1 ? { ...b, text: b.text + "z" } : b));
    const r = p.apply(render("T", next));
    expect(r.full).toBe(false);
    expect(r.inserted.filter((n) => n.nodeType === 1)).toHaveLength(1);
    expect(article.innerHTML).toBe(parsed(render("T", next)));
    const after = Array.from(article.children);
    expect(after.filter((el, i) => el === before[i])).toHaveLength(before.length - 1);
    expect(after[2]).not.toBe(before[2]);
  });

  it("keeps later blocks when lines shift, and moves their data-line", () => {
    const article = document.createElement("article");
    const p = createPatcher(article);
    p.apply(render("T", doc));
    const pre = article.querySelector("pre")!;
    pre.dataset.enhanced = "yes"; // what enhance() would leave on it
    const next = doc.map((b, i) => (i === 1 ? { ...b, lines: b.lines + 3 } : b));
    const r = p.apply(render("T", next));
    expect(r.full).toBe(false);
    expect(r.inserted).toHaveLength(0);
    expect(article.querySelector("pre")).toBe(pre);
    expect(pre.getAttribute("data-line")).toBe("16-18");
    expect(pre.dataset.enhanced).toBe("yes");
  });

  it("inserts and removes blocks in the middle, and changes the header", () => {
    const article = document.createElement("article");
    const p = createPatcher(article);
    p.apply(render("T", doc));
    const grown = [...doc.slice(0, 2), { kind: "table", text: "new", lines: 3 } as Block, ...doc.slice(2)];
    p.apply(render("T", grown));
    expect(article.innerHTML).toBe(parsed(render("T", grown)));
    p.apply(render("Other title", doc.slice(1)));
    expect(article.innerHTML).toBe(parsed(render("Other title", doc.slice(1))));
    p.apply(render("", []));
    expect(article.innerHTML).toBe("");
    p.apply(render("T", doc));
    expect(article.innerHTML).toBe(parsed(render("T", doc)));
  });

  it("always ends with the same DOM as a full replace, over random edits", () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const kinds: Block["kind"][] = ["p", "h2", "ul", "pre", "table"];
    const article = document.createElement("article");
    const p = createPatcher(article);
    let blocks = [...doc];
    let header = "T";
    let partial = 0;
    for (let step = 0; step < 400; step++) {
      const i = rand(blocks.length + 1);
      switch (rand(6)) {
        case 0:
          blocks.splice(i, 0, { kind: kinds[rand(5)], text: `b${step}`, lines: 1 + rand(3) });
          break;
        case 1:
          if (blocks.length > 0) blocks.splice(i % blocks.length, 1);
          break;
        case 2:
          if (blocks.length > 0) {
            const k = i % blocks.length;
            blocks[k] = { ...blocks[k], lines: 1 + rand(4) };
          }
          break;
        case 3:
          header = rand(3) === 0 ? "" : `H${step}`;
          break;
        default:
          if (blocks.length > 0) {
            const k = i % blocks.length;
            blocks[k] = { ...blocks[k], text: blocks[k].text + "z" };
          }
      }
      blocks = blocks.slice(0, 40);
      const html = render(header, blocks);
      if (!p.apply(html).full) partial++;
      expect(article.innerHTML).toBe(parsed(html));
    }
    expect(partial).toBeGreaterThan(350);
  });

  it("handles repeated identical blocks (a line duplicated, then removed)", () => {
    const article = document.createElement("article");
    const p = createPatcher(article);
    const a: Block = { kind: "p", text: "same", lines: 1 };
    const b: Block = { kind: "h2", text: "B", lines: 1 };
    for (const blocks of [[a, b], [a, a, b], [a, a, a, b], [a, b], [b], [a, a]]) {
      p.apply(render("T", blocks));
      expect(article.innerHTML).toBe(parsed(render("T", blocks)));
    }
  });

  it("falls back to a full replace when a data-line is not on a top-level block", () => {
    const article = document.createElement("article");
    const p = createPatcher(article);
    const nested = (t: string) =>
      `<div data-line="1-3"><p data-line="2-2">${t}</p></div>\n<p data-line="5-5">end</p>\n`;
    expect(p.apply(nested("a")).full).toBe(true);
    expect(p.apply(nested("b")).full).toBe(true);
    expect(article.innerHTML).toBe(parsed(nested("b")));
  });

  it("does nothing when the HTML did not change", () => {
    const article = document.createElement("article");
    const p = createPatcher(article);
    p.apply(render("T", doc));
    const first = article.firstChild;
    expect(p.apply(render("T", doc))).toEqual({ inserted: [], full: false });
    expect(article.firstChild).toBe(first);
  });
});

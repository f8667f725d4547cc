// Keystroke → preview latency in the real window (issue "live preview"): types 200 characters
// one by one through WebDriver into a post and measures, inside the page, the time from each
// keydown event to the preview's DOM showing that character. Prints p50/p95 for the seed post
// of the corpus (27 KB) and for a generated 1 MB post. A benchmark, not a test: it prints.
//   node tests/bench/latency.mjs        (needs the debug or release app built, and a display)
//   POSTDESK_APP=target/release/postdesk-app node tests/bench/latency.mjs   (the figures below)
//
// Release build, Xvfb, the shared 2-core machine (2026-12-02), p50 / p95 / max:
//   whole article replaced on every key:       seed 18 / 23 / 29 ms   1 MB 162 / 248 / 330 ms
//   preview_delta + lib/patch.ts:              seed 15 / 19 / 22 ms   1 MB  81 / 178 / 205 ms
//   + mimalloc, no nested code parse in 1 MB:  seed 17 / 23 / 27 ms   1 MB  80 / 174 / 4653 ms
//   the editor's changes, blocks re-rendered:  seed 15 / 18 / 24 ms   1 MB  47 / 148 / 159 ms
//   + line-based highlighter over 256 KB:      seed 17 / 22 / 26 ms   1 MB  28 /  44 /  78 ms
//   the call sent before the editor's update,
//   the answer patched in as it arrives:       seed 15 / 19 / 28 ms   1 MB  25 /  37 /  70 ms
//   + size and layout containment of the panes: seed 7-8 / 10-12 / 14-20 ms
//                                               1 MB  13 / 23-25 / 62-70 ms   (three runs)
// (runs vary by a few ms; once a 4.6 s stall was seen in a 1 MB run, before the last three.)
// That stall was the first key waiting 7.4 s (PROBE=1, 3 runs of 3 on 2026-12-02) while the
// problems panel's first check counted the 1 MB post's lines from the top for each of its
// 5,000 headings and links; with line starts looked up (lines::LineIndex), two runs:
//                                               seed   8-9 / 13-14 / 17-18 ms (with PROBE=1)
//                                               1 MB  14 / 20-21 / 88-93 ms
// PROBE=1 prints where the slowest keys' time goes, HIDE=selector hides part of the window
// first. Now, in the seed post: the call leaves 2-3 ms after the keydown (CodeMirror has read
// the change, its DOM update follows: done at 4-9 ms); Rust answers in under 1 ms (its clock
// against the page's: the handler starts 1-2 ms after the fetch); the webview handles the
// answer only once it has rendered the key's frame: requestAnimationFrame at 5-10 ms, then
// style, layout and paint: 10 ms (p95 14) while a key in the editor laid the whole window out
// again, 4 ms (p95 7-9) since the panes are contained (`contain: size layout`: STYLE=css adds
// a stylesheet to try such things; HIDE=selector hides part of the window); the patch 0-1 ms.
// A sync command (on the main thread, no hop back to it) changed nothing. In the 1 MB post:
// CodeMirror 7 ms (p95 12; 26-35 ms with @lezer/markdown, whose re-parse is proportional to
// the document), and the slowest keys wait 40-50 ms for their frame, then render it for
// 70 ms (the page's main thread is busy: the editor's text made a 1 MB string per key,
// collected later).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch, makeBlog, until, clickPost, ROOT } from "../e2e/harness.mjs";

const CORPUS = path.resolve(ROOT, "../shared/corpus/bedrock-jekyll/_posts/2022-10-28-forum-php-afup-2022.md");
const KEYS = Number(process.env.KEYS ?? 200);

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function measure(label, postName, text) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-lat-"));
  const blog = makeBlog(tmp, undefined, { [`_posts/${postName}`]: text });
  const app = await launch({ args: [blog], tmp });
  const { browser } = app;
  try {
    await until(() => clickPost(browser, `_posts/${postName}`), "the post in the list", 30000);
    await until(async () => (await browser.execute(() => document.querySelector(".cm-content")?.textContent?.length ?? 0)) > 100, "the editor");
    await browser.pause(500);
    // Caret to the end, then a fresh paragraph with a marker the preview will show.
    // The first visible line: the centre of a 1 MB document is far off screen.
    await (await browser.$(".cm-line")).click();
    await browser.keys(["Control", "End"]);
    await browser.keys(["Control"]);
    await browser.keys("\n\nQ");
    await until(() => browser.execute(() => {
      const a = document.querySelector('[data-testid="preview"]').contentDocument.querySelector("article");
      return /Q\s*$/.test(a.textContent);
    }), "the marker in the preview", 120000);
    if (process.env.HIDE) await browser.execute((sel) => { for (const e of document.querySelectorAll(sel)) e.style.display = "none"; }, process.env.HIDE);
    if (process.env.STYLE) await browser.execute((css) => document.head.append(Object.assign(document.createElement("style"), { textContent: css })), process.env.STYLE);
    await browser.execute(() => {
      const w = window;
      w.__lat = { keys: [], shown: [] };
      document.querySelector(".cm-content").addEventListener("keydown", () => w.__lat.keys.push(performance.now()), true);
      // PROBE=1: each key's frame: its requestAnimationFrame, and the first task after the
      // frame was rendered (style, layout, paint).
      w.__lat.raf = [];
      w.__lat.after = [];
      document.querySelector(".cm-content").addEventListener("keydown", () => {
        const i = w.__lat.keys.length - 1;
        requestAnimationFrame(() => {
          w.__lat.raf[i] = performance.now();
          const ch = new MessageChannel();
          ch.port1.onmessage = () => (w.__lat.after[i] = performance.now());
          ch.port2.postMessage(0);
        });
      }, true);
      // PROBE=1: when CodeMirror finished each key's update (its DOM and our listeners,
      // which send the change to the preview).
      w.__lat.typed = [];
      const view = document.querySelector(".cm-content").cmTile.root.view; // EditorView.findFromDOM
      const update = view.update.bind(view);
      view.update = (trs) => {
        update(trs);
        if (trs.some((t) => t.docChanged)) w.__lat.typed.push(performance.now());
      };
      // PROBE=1: the preview's IPC calls (Tauri's invoke is a fetch of ipc://…/command).
      w.__lat.calls = [];
      const fetch0 = w.fetch.bind(w);
      w.fetch = (url, init) => {
        const u = String(url);
        if (!/preview_(edit|delta)/.test(u)) return fetch0(url, init);
        const call = { start: performance.now(), headers: 0 };
        w.__lat.calls.push(call);
        return fetch0(url, init).then((r) => ((call.headers = performance.now()), r));
      };
      const doc = document.querySelector('[data-testid="preview"]').contentDocument;
      const article = doc.querySelector("article");
      const runLength = () => {
        const m = /Q(z*)\s*$/.exec(article.textContent);
        return m ? m[1].length : 0;
      };
      new MutationObserver(() => {
        const t = performance.now(); // before reading the (maybe 1 MB) text back
        const n = runLength();
        while (w.__lat.shown.length < n) w.__lat.shown.push(t);
      }).observe(article, { childList: true, subtree: true, characterData: true });
    });
    for (let i = 1; i <= KEYS; i++) {
      await browser.keys("z");
      await until(() => browser.execute((k) => window.__lat.shown.length >= k, i), `character ${i} in the preview`, 10000);
    }
    const { keys, shown, typed, calls, raf, after } = await browser.execute(() => window.__lat);
    const lat = keys.slice(0, KEYS).map((t, i) => shown[i] - t);
    if (process.env.PROBE) {
      // The slowest keys: keydown → the editor showing it → the preview showing it.
      const slow = lat.map((l, i) => [l, i]).sort((a, b) => b[0] - a[0]).slice(0, 12);
      const f = (x) => (x === undefined || Number.isNaN(x) ? "?" : x.toFixed(1)).padStart(6);
      // The call goes out when the editor has the change, before it updates its DOM.
      const callOf = (i) => calls.find((c) => c.start >= keys[i]) ?? { start: NaN, headers: NaN };
      for (const [l, i] of slow) {
        const c = callOf(i);
        console.log(`  key ${String(i).padStart(3)}: ${f(l)} ms = to the call ${f(c.start - keys[i])} + call ${f(c.headers - c.start)} + to the DOM ${f(shown[i] - c.headers)}; the editor's update done at ${f(typed[i] - keys[i])}; its frame from ${f(raf[i] - keys[i])} to ${f(after[i] - keys[i])}`);
      }
      const ed = typed.slice(0, KEYS).map((t, i) => t - keys[i]);
      console.log(`  editor alone: p50 ${f(percentile(ed, 50))}, p95 ${f(percentile(ed, 95))}`);
      const frame = raf.slice(0, KEYS).map((t, i) => after[i] - t);
      console.log(`  rendering a key's frame: p50 ${f(percentile(frame, 50))}, p95 ${f(percentile(frame, 95))}`);
    }
    console.log(`${label}: ${KEYS} key presses, keydown → preview DOM: p50 ${percentile(lat, 50).toFixed(1)} ms, p95 ${percentile(lat, 95).toFixed(1)} ms, max ${Math.max(...lat).toFixed(1)} ms`);
  } finally {
    await app.close(`latency-${label.replace(/\W+/g, "-")}`);
  }
}

const seed = fs.existsSync(CORPUS) ? fs.readFileSync(CORPUS, "utf8") : null;
if (seed) await measure("seed post (27 KB)", "2022-10-28-forum-php-afup-2022.md", seed);
else console.log(`corpus not found at ${CORPUS}; skipping the seed post`);
let big = "---\ntitle: One megabyte\nlayout: post\n---\n";
let i = 0;
while (big.length < 1_000_000) {
  big += `\n## Section ${++i}\n\nSome *emphasis*, a [link](https://example.org/${i}) and \`code\` in a paragraph of ordinary prose that goes on for a while to fill the line.\n\n- item one\n- item two\n\n\`\`\`js\nconst x${i} = ${i};\n\`\`\`\n`;
}
await measure("1 MB post", "2026-01-01-one-megabyte.md", big);

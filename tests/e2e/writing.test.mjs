// A writer's day in the real window: the front-matter form edits only its field, a dropped
// photo lands in the post's folder and in the text at the drop point and shows in the preview,
// the preview never runs a post's script, and the problems panel follows the text.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { launch, makeBlog, until, previewText, editorText, clickPost, dropOnLine, ROOT } from "./harness.mjs";

const PHOTOS = path.resolve(ROOT, "../shared/corpus/photos");
const POST = "_posts/2026-08-01-hello-world.md";

async function openHello(browser) {
  await until(() => clickPost(browser, POST), "the Hello post");
  await until(async () => (await editorText(browser)).includes("Welcome!"), "the post in the editor");
  // The form above the editor renders a moment later and moves the editor down: wait for it, so
  // a drop position measured now is still right when the drop arrives.
  await until(async () => (await browser.$("[data-key='title'] input")).isExisting(), "the front-matter form");
}

function gitDiff(blog) {
  return execFileSync("git", ["diff", "--unified=0", "--", POST], { cwd: blog, encoding: "utf8" });
}

test("editing the title in the form changes only the title line of the file", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const blog = makeBlog(tmp);
  const app = await launch({ args: [blog], tmp });
  try {
    const { browser } = app;
    await openHello(browser);
    const input = await until(async () => {
      const el = await browser.$("[data-key='title'] input");
      return (await el.isExisting()) ? el : null;
    }, "the title field of the form");
    await input.click();
    await browser.keys(["Control", "a"]);
    await browser.keys(["Control"]);
    // No doubled letters: WebKitWebDriver sends a repeated character as one held key.
    await browser.keys("Howdy again: a colon");
    await browser.keys(["Enter"]); // the Enter key ("\n" would be typed as a character)
    await until(async () => (await editorText(browser)).includes("Howdy again: a colon"), "the new title in the editor");
    await browser.keys(["Control", "s"]);
    await browser.keys(["Control"]);
    await until(() => fs.readFileSync(path.join(blog, POST), "utf8").includes("Howdy again"), "the save");
    const diff = gitDiff(blog);
    const changed = diff.split("\n").filter((l) => /^[-+][^-+]/.test(l));
    assert.equal(changed.length, 2, diff);
    assert.match(changed[0], /^-title: Hello, world$/);
    assert.match(changed[1], /^\+title: .*Howdy again: a colon/);
  } finally {
    await app.close("writing-form-title");
  }
});

test("a photo dropped on the editor is imported, linked at the drop point and previewed", async (t) => {
  if (!fs.existsSync(PHOTOS)) return t.skip(`no corpus photos at ${PHOTOS}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const blog = makeBlog(tmp);
  const photo = path.join(tmp, "aws-summit-2023-etf1.jpg");
  fs.copyFileSync(path.join(PHOTOS, "aws-summit-2023-etf1.jpg"), photo);
  const app = await launch({ args: [blog], tmp });
  try {
    const { browser } = app;
    await openHello(browser);
    // Dropped on the start of the (one-row) line "- Edit this text ...".
    await dropOnLine(browser, [photo], "- Edit this text");
    const md = await until(async () => {
      const t = await editorText(browser);
      const m = /!\[[^\]]*\]\((\/images\/posts\/2026-08-01-hello-world\/[^)]+\.jpg)\)/.exec(t);
      return m ? { text: t, url: m[1] } : null;
    }, "the image link in the editor", 60000);
    const lines = md.text.split("\n");
    const at = lines.findIndex((l) => l.includes(md.url));
    assert.ok(lines[at + 1]?.startsWith("- Edit this text") || lines[at + 2]?.startsWith("- Edit this text"), `inserted before the list line:\n${md.text}`);
    const file = path.join(blog, md.url);
    assert.ok(fs.existsSync(file), `${file} exists`);
    const head = fs.readFileSync(file);
    assert.equal(head[0], 0xff);
    assert.ok(!head.includes(Buffer.from("Exif\0\0")), "no EXIF (GPS) left in the imported photo");
    assert.ok(head.length < fs.statSync(photo).size / 3, "much smaller than the original");
    const loaded = await until(() => browser.execute(() => {
      const doc = document.querySelector('[data-testid="preview"]').contentDocument;
      const img = [...doc.querySelectorAll("img")].find((i) => i.src.includes("hello-world"));
      return img && img.complete && img.naturalWidth > 0 ? img.naturalWidth : 0;
    }), "the picture in the preview", 30000);
    assert.equal(loaded, 1600);
  } finally {
    await app.close("writing-image-drop");
  }
});

test("a post's scripts never run in the preview, and the problems panel follows the text", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const fixture = path.join(tmp, "fixture");
  fs.cpSync(path.join(ROOT, "examples/demo-blog"), fixture, { recursive: true });
  fs.writeFileSync(
    path.join(fixture, "_posts/2026-11-27-xss.md"),
    [
      "---", "layout: post", "title: Hostile", "author: ada", "tags: [meta]", "---",
      "<script>window.top.__pwned = 'script'</script>",
      "<img src=x onerror=\"window.top.__pwned='onerror'\">",
      "[click](javascript:window.top.__pwned='link')",
      "<iframe srcdoc=\"<script>parent.parent.__pwned='srcdoc'</script>\"></iframe>",
      "<svg><script>window.top.__pwned='svg'</script></svg>",
      "",
      "![](/images/nowhere.png)",
      "",
    ].join("\n"),
  );
  const blog = makeBlog(tmp, fixture);
  const app = await launch({ args: [blog], tmp });
  try {
    const { browser } = app;
    await until(() => clickPost(browser, "_posts/2026-11-27-xss.md"), "the hostile post");
    await until(async () => (await previewText(browser)).includes("click"), "the preview");
    // No sleep before "nothing ran": each vector is seen to be defused, or its trigger to have
    // happened, first. The sanitized article: the images became placeholders, the embed a
    // notice, and nothing is left that could run.
    const article = await browser.execute(() => {
      const a = document.querySelector('[data-testid="preview"]').contentDocument.querySelector("article");
      const attrs = [...a.querySelectorAll("*")].flatMap((e) => [...e.attributes].map((x) => `${x.name}=${x.value}`));
      return {
        missing: [...a.querySelectorAll(".pd-missing-image")].map((e) => e.dataset.path),
        embed: a.querySelectorAll(".pd-embed-blocked").length,
        active: a.querySelectorAll("script, iframe, object, embed, svg, img, frame, form").length,
        hostile: attrs.filter((x) => /^on|javascript:|srcdoc/i.test(x)),
      };
    });
    assert.deepEqual(article, { missing: ["_posts/x", "images/nowhere.png"], embed: 1, active: 0, hostile: [] });
    // The link (its address emptied) is clicked, and the app has since sent an edit to the
    // core and shown its answer: whatever the click was to start has had its turn.
    const link = await browser.execute(() => {
      const a = document.querySelector('[data-testid="preview"]').contentDocument.querySelector("article a");
      a?.click();
      return a ? { text: a.textContent, href: a.getAttribute("href") } : null;
    });
    assert.equal(link?.text, "click", "the hostile link is in the preview");
    await browser.execute(() => {
      const view = document.querySelector(".cm-content").cmTile.root.view;
      view.dispatch({ changes: { from: view.state.doc.length, insert: "\nAfter the click.\n" } });
    });
    await until(async () => (await previewText(browser)).includes("After the click."), "an edit made after the click, in the preview");
    const pwned = await browser.execute(() => window.__pwned ?? null);
    assert.equal(pwned, null, "no vector ran");
    // The Problems panel's own rows (not the page's text, where these words can be anywhere):
    // both images are missing and have no alt text, each on its line.
    const problems = () =>
      browser.execute(() =>
        [...document.querySelectorAll('section[aria-label="Problems"] [data-testid="problem"]')]
          .map((row) => {
            const [, address] = /`([^`]*)`/.exec(row.querySelector(".message")?.textContent ?? "") ?? [];
            return `${row.querySelector(".where")?.textContent} ${row.querySelector(".rule")?.textContent} ${address}`;
          })
          .sort(),
      );
    const expectProblems = (want, what) =>
      until(async () => JSON.stringify(await problems()) === JSON.stringify(want), what).catch(async () =>
        assert.deepEqual(await problems(), want, what),
      );
    await expectProblems(
      ["line 13 img-alt-missing /images/nowhere.png", "line 13 img-missing /images/nowhere.png", "line 8 img-alt-missing x", "line 8 img-missing x"],
      "the missing images and their missing alt text in the problems panel",
    );
    // The panel follows the text: alt text for the second image, and its row goes.
    await browser.execute(() => {
      const view = document.querySelector(".cm-content").cmTile.root.view;
      const at = view.state.doc.toString().indexOf("![](/images/nowhere.png)");
      view.dispatch({ changes: { from: at + 2, insert: "Nowhere" } });
    });
    await expectProblems(
      ["line 13 img-missing /images/nowhere.png", "line 8 img-alt-missing x", "line 8 img-missing x"],
      "the problems panel without the alt text it no longer misses",
    );
  } finally {
    await app.close("writing-xss-problems");
  }
});

test("math and mermaid diagrams render in the preview, and typing elsewhere keeps them", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const fixture = path.join(tmp, "fixture");
  fs.cpSync(path.join(ROOT, "examples/demo-blog"), fixture, { recursive: true });
  const name = "_posts/2026-03-03-diagram.md";
  fs.writeFileSync(
    path.join(fixture, name),
    "---\ntitle: Diagram\nlayout: post\n---\n\nEuler: $e^{i\\pi}+1=0$\n\n```mermaid\ngraph LR\n  A[Write] --> B[Preview]\n```\n\nEnd paragraph\n",
  );
  const app = await launch({ args: [makeBlog(tmp, fixture)], tmp });
  try {
    const { browser } = app;
    await until(() => clickPost(browser, name), "the diagram post");
    const state = () =>
      browser.execute(() => {
        const a = document.querySelector('[data-testid="preview"]').contentDocument.querySelector("article");
        const svg = a.querySelector("pre.pd-mermaid svg");
        if (svg) svg.dataset.mark ??= "first"; // the same node after the next key, or a new one
        return { svg: svg?.dataset.mark ?? null, error: a.querySelector("pre.pd-mermaid")?.title ?? "", katex: a.querySelectorAll(".katex").length, text: a.textContent };
      });
    await until(async () => (await state()).svg !== null, "the diagram drawn", 30000);
    assert.equal((await state()).katex, 1);
    const lines = await browser.$$(".cm-line");
    await lines[lines.length - 2].click();
    await browser.keys(["End"]);
    await browser.keys(" typed");
    await until(async () => (await state()).text.includes("End paragraph typed"), "the typing in the preview");
    assert.equal((await state()).svg, "first", "the diagram was drawn again");
  } finally {
    await app.close("writing-diagram");
  }
});

test("a very large post stays quick: the editor sends its changes, the preview follows", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  let big = "---\ntitle: A long one\nlayout: post\n---\n";
  for (let i = 1; big.length < 400_000; i++) {
    big += `\n## Section ${i}\n\nA paragraph with *emphasis* and a [link](https://example.org/${i}).\n\n\`\`\`js\nconst x${i} = ${i};\n\`\`\`\n`;
  }
  const post = "_posts/2026-01-01-a-long-one.md";
  const blog = makeBlog(tmp, undefined, { [post]: big });
  const app = await launch({ args: [blog], tmp });
  try {
    const { browser } = app;
    await until(() => clickPost(browser, post), "the long post");
    await until(async () => (await previewText(browser)).includes("Section 1"), "the long post in the preview");
    // Count the preview's calls from here on: the editor's changes, not the text.
    await browser.execute(() => {
      const w = window;
      w.__calls = [];
      const f = w.fetch.bind(w);
      w.fetch = (url, init) => {
        const m = /preview_(edit|delta)/.exec(String(url));
        if (m) w.__calls.push(m[0]);
        return f(url, init);
      };
    });
    await (await browser.$(".cm-line")).click();
    await browser.keys(["Control", "End"]);
    await browser.keys(["Control"]);
    await browser.keys("\n\nThe end, typed");
    await until(async () => /The end, typed\s*$/.test(await previewText(browser)), "the typed words in the preview");
    const calls = await browser.execute(() => window.__calls);
    assert.ok(calls.length > 0 && calls.every((c) => c === "preview_edit"), calls.join(" "));
    // Headings are still highlighted by the editor's line-based highlighter (bold).
    const bold = await browser.execute(() => {
      const line = [...document.querySelectorAll(".cm-line")].find((l) => l.textContent.startsWith("## Section"));
      const span = line?.querySelector("span");
      return span ? getComputedStyle(span).fontWeight : null;
    });
    assert.ok(Number(bold) >= 600, `heading weight ${bold}`);
  } finally {
    await app.close("writing-large-post");
  }
});

test("the preview scrolls with the editor and the editor with the preview; a click in the preview puts the caret there", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  // Blocks of unlike heights in the two panes: long wrapped paragraphs, headings, code.
  let text = "---\ntitle: Scrolling\nlayout: post\n---\n";
  for (let i = 1; i <= 90; i++) {
    if (i % 10 === 1) text += `\n## Part ${i}\n`;
    if (i % 10 === 5) text += `\n\`\`\`js\n${Array.from({ length: 8 }, (_, k) => `const v${i}_${k} = ${k};`).join("\n")}\n\`\`\`\n`;
    text += `\nParagraph ${i}: ${"words that wrap across the width of the pane ".repeat(1 + (i % 4))}\n`;
    if (i === 3) text += "\nLinks: [another page](/about/), [a site](https://example.org/) and [a part](#part-1).\n";
  }
  const post = "_posts/2026-01-02-scrolling.md";
  const app = await launch({ args: [makeBlog(tmp, undefined, { [post]: text })], tmp });
  try {
    const { browser } = app;
    await until(() => clickPost(browser, post), "the post");
    await until(async () => (await previewText(browser)).includes("Paragraph 90"), "the post in the preview");
    // The source line at the top of the editor, and the lines of the preview's first visible block.
    const tops = () =>
      browser.execute(() => {
        const s = document.querySelector(".cm-scroller");
        const r = s.getBoundingClientRect();
        const view = document.querySelector(".cm-content").cmTile.root.view;
        const editor = view.state.doc.lineAt(view.posAtCoords({ x: r.left + 60, y: r.top + 4 }, false)).number;
        const frame = document.querySelector('[data-testid="preview"]');
        const block = [...frame.contentDocument.querySelectorAll("[data-line]")].find((b) => b.getBoundingClientRect().bottom > 4);
        const [a, b] = block.getAttribute("data-line").split("-").map(Number);
        return { editor, a, b };
      });
    const inStep = (t) => t.a - 2 <= t.editor && t.editor <= t.b + 2;
    const editorPane = await browser.$(".cm-scroller");
    await browser.action("pointer").move({ origin: editorPane }).perform();
    for (let k = 0; k < 4; k++) {
      await browser.action("wheel").scroll({ origin: editorPane, deltaY: 500 }).perform();
      await until(async () => inStep(await tops()), `the preview in step with the editor after ${k + 1} scrolls`, 3000).catch(async () => {
        assert.fail(`editor and preview apart: ${JSON.stringify(await tops())}`);
      });
    }
    const before = await tops();
    assert.ok(before.editor > 40, `the editor scrolled down (${before.editor})`);
    const preview = await browser.$('[data-testid="preview"]');
    await browser.action("pointer").move({ origin: preview }).perform();
    await browser.action("wheel").scroll({ origin: preview, deltaY: 900 }).perform();
    await until(async () => {
      const t = await tops();
      return t.editor > before.editor + 5 && inStep(t);
    }, "the editor in step with the preview", 3000).catch(async () => {
      assert.fail(`editor and preview apart after scrolling the preview: ${JSON.stringify(await tops())} (before: ${JSON.stringify(before)})`);
    });
    // A click on a paragraph in the middle of the preview: the caret goes to its first line.
    const paragraphAt = () => browser.execute(() => {
      const frame = document.querySelector('[data-testid="preview"]');
      const r = frame.getBoundingClientRect();
      const doc = frame.contentDocument;
      const p = [...doc.querySelectorAll("p[data-line]")].find((e) => e.getBoundingClientRect().top > r.height / 3);
      const b = p.getBoundingClientRect();
      return { line: Number(p.getAttribute("data-line").split("-")[0]), x: Math.round(b.left + 20 - r.width / 2), y: Math.round(b.top + 8 - r.height / 2) };
    });
    const caretLine = () =>
      browser.execute(() => {
        const view = document.querySelector(".cm-content").cmTile.root.view;
        return view.state.doc.lineAt(view.state.selection.main.head).number;
      });
    // Twice, the caret moved away in between (the editor centred the line it went to, and
    // the preview followed: the paragraph is looked for again): each click counts.
    for (let k = 0; k < 2; k++) {
      const target = await paragraphAt();
      await browser.action("pointer").move({ origin: preview, x: target.x, y: target.y }).down().up().perform();
      await until(async () => {
        const caret = await caretLine();
        if (caret !== target.line) throw new Error(`the caret is on line ${caret}`);
        return true;
      }, `the caret on line ${target.line} (click ${k + 1})`, 3000);
      // Away, without scrolling either pane.
      await browser.execute(() => document.querySelector(".cm-content").cmTile.root.view.dispatch({ selection: { anchor: 0 } }));
      assert.equal(await caretLine(), 1);
    }
    // Clicking a link leaves the preview as it is (a heading's too: it would load the app's
    // page in the frame). A navigation that does not happen sends no signal, so no sleep stands
    // in for one: what prevents it is checked as such (every link opens in "_blank", which the
    // sandbox refuses), each click is seen to be taken, and a load of the frame is counted
    // until a later click has had its effect.
    await browser.execute(() => {
      window.__frameLoads = 0;
      document.querySelector('[data-testid="preview"]').addEventListener("load", () => window.__frameLoads++);
    });
    const guard = () =>
      browser.execute(() => {
        const frame = document.querySelector('[data-testid="preview"]');
        const doc = frame.contentDocument;
        const base = doc.querySelector("base[target]")?.target ?? "_self";
        return { sandbox: [...frame.sandbox].join(" "), targets: [...new Set([...doc.querySelectorAll("article a[href]")].map((a) => a.target || base))] };
      });
    const frameState = () =>
      browser.execute(() => {
        const frame = document.querySelector('[data-testid="preview"]');
        return { url: frame.contentWindow.location.href, article: !!frame.contentDocument.querySelector("article p"), loads: window.__frameLoads };
      });
    for (const href of ["/about/", "https://example.org/", "#part-1"]) {
      assert.deepEqual(await guard(), { sandbox: "allow-same-origin", targets: ["_blank"] }, "links open in a new window, which the frame may not open");
      const at = await browser.execute((href) => {
        const frame = document.querySelector('[data-testid="preview"]');
        const r = frame.getBoundingClientRect();
        const a = frame.contentDocument.querySelector(`a[href="${href}"]`);
        a.scrollIntoView({ block: "center" });
        const b = a.getBoundingClientRect();
        // The frame runs no script and sends no events: the link's :active state, read every
        // frame, shows the press and then the release (when the click happens).
        const press = (window.__press = { down: false, released: false });
        const end = Date.now() + 5000;
        const look = () => {
          if (a.matches(":active")) press.down = true;
          else if (press.down) return void (press.released = true);
          if (Date.now() < end) requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
        return { x: Math.round(b.left + 4 - r.width / 2), y: Math.round(b.top + b.height / 2 - r.height / 2) };
      }, href);
      await browser.action("pointer").move({ origin: preview, x: at.x, y: at.y }).down().pause(100).up().perform();
      await until(() => browser.execute(() => window.__press.released), `the press and release on the link ${href}`, 3000);
      assert.deepEqual(await frameState(), { url: "about:srcdoc", article: true, loads: 0 }, `after clicking ${href}`);
    }
    // A later click, on a paragraph, has had its effect (the caret went there): still no load.
    const later = await paragraphAt();
    await browser.action("pointer").move({ origin: preview, x: later.x, y: later.y }).down().up().perform();
    await until(async () => (await caretLine()) === later.line, `the caret on line ${later.line} after the links`, 3000);
    assert.deepEqual(await frameState(), { url: "about:srcdoc", article: true, loads: 0 }, "after the clicks on links");
  } finally {
    await app.close("writing-scroll-sync");
  }
});

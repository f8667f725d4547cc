// The foundation, as a writer sees it: the window lists the blog's posts, opening a post shows
// its text, typing shows in the preview, Ctrl+S writes the file, and a bad folder is explained.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch, makeBlog, until, previewText, editorText, postTitles, clickPost, textOf } from "./harness.mjs";

test("with no argument, the demo blog is copied to the data folder and listed", async () => {
  const app = await launch();
  try {
    const { browser } = app;
    const titles = await until(async () => {
      const t = await postTitles(browser);
      return t.length >= 4 ? t : null;
    }, "the post list");
    assert.deepEqual(titles, [
      "Notes on Git branches: one per post",
      "A walk in the Alps",
      "Measuring typing latency in an editor",
      "Hello, world",
    ]);
    const demo = path.join(app.home, ".local/share/dev.postdesk.app/demo-blog");
    assert.ok(fs.existsSync(path.join(demo, ".git")), "demo blog is a git repository");
    assert.ok(fs.existsSync(path.join(demo, "_posts/2026-08-01-hello-world.md")));
    const title = await textOf(browser, "titlebar");
    assert.match(title, /demo-blog/);
  } finally {
    await app.close("foundation-demo-blog");
  }
});

test("opening a post shows its text; typing a heading shows it in the preview; Ctrl+S saves", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const blog = makeBlog(tmp);
  const app = await launch({ args: [blog], tmp });
  try {
    const { browser } = app;
    await until(() => clickPost(browser, "_posts/2026-08-01-hello-world.md"), "the Hello post in the list");
    // Autosave off for this test: the save must come from Ctrl+S.
    await browser.execute(() => {
      const box = document.querySelector(".autosave input");
      if (box.checked) box.click();
    });
    await until(async () => (await editorText(browser)).includes("Welcome! This blog is a"), "the post text in the editor");
    await until(async () => (await previewText(browser)).includes("Welcome!"), "the preview of the post");

    // Type a heading at the very end of the document.
    const content = await browser.$(".cm-content");
    await content.click();
    await browser.keys(["Control", "End"]);
    await browser.keys(["Control"]); // release
    await browser.keys("\n# Typed in the window\n");
    await until(async () => (await previewText(browser)).includes("Typed in the window"), "the typed heading in the preview");
    const heading = await browser.execute(() => {
      const doc = document.querySelector('[data-testid="preview"]').contentDocument;
      return [...doc.querySelectorAll("h1")].map((h) => h.textContent);
    });
    assert.ok(heading.includes("Typed in the window"), `an <h1> in the preview, got ${heading}`);
    assert.equal(await textOf(browser, "save-state"), "Unsaved");

    await browser.keys(["Control", "s"]);
    await browser.keys(["Control"]);
    const file = path.join(blog, "_posts/2026-08-01-hello-world.md");
    await until(() => fs.readFileSync(file, "utf8").includes("# Typed in the window"), "the file on disk to contain the heading");
    const saved = fs.readFileSync(file, "utf8");
    assert.ok(saved.startsWith("---\nlayout: post\ntitle: Hello, world\n"), "front matter kept as it was");
    await until(async () => (await textOf(browser, "save-state")) === "Saved", "the Saved state");
  } finally {
    await app.close("foundation-edit-save");
  }
});

test("a folder that is not a Git repository gets a clear message, not a crash", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const notRepo = path.join(tmp, "just-a-folder");
  fs.mkdirSync(notRepo);
  const app = await launch({ args: [notRepo], tmp });
  try {
    const problem = await until(() => textOf(app.browser, "problem"), "the problem message");
    assert.match(problem, /not a Git repository/);
    assert.match(problem, /Open another blog/);
  } finally {
    await app.close("foundation-not-a-repo");
  }
});

test("autosave writes the post after a pause in typing, keeping the file's other bytes", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const blog = makeBlog(tmp);
  const app = await launch({ args: [blog], tmp });
  try {
    const { browser } = app;
    await until(() => clickPost(browser, "_posts/2026-08-01-hello-world.md"), "the Hello post");
    await until(async () => (await editorText(browser)).includes("Welcome!"), "the post in the editor");
    const file = path.join(blog, "_posts/2026-08-01-hello-world.md");
    const before = fs.readFileSync(file, "utf8");
    await (await browser.$(".cm-content")).click();
    await browser.keys(["Control", "End"]);
    await browser.keys(["Control"]);
    await browser.keys("\nAutosaved line.");
    await until(() => fs.readFileSync(file, "utf8").includes("Autosaved line."), "the autosave", 10000);
    const after = fs.readFileSync(file, "utf8");
    assert.ok(after.startsWith(before.trimEnd()), "only text was added at the end");
    await until(async () => (await textOf(browser, "save-state")) === "Saved", "the Saved state");
  } finally {
    await app.close("durability-autosave");
  }
});

test("a blog with hundreds of posts keeps the window in place: the list scrolls, not the page", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const posts = {};
  for (let i = 1; i <= 300; i++) {
    const d = `2020-01-${String((i % 28) + 1).padStart(2, "0")}`;
    posts[`_posts/${d}-post-${i}.md`] = `---\ntitle: Post number ${i}\n---\n\nText ${i}.\n`;
  }
  const app = await launch({ args: [makeBlog(tmp, undefined, posts)], tmp });
  try {
    const { browser } = app;
    await until(() => browser.execute(() => document.querySelector("nav.sidebar")?.textContent?.includes("304 of 304 posts")), "the 304 posts in the list", 30000);
    await until(() => clickPost(browser, "_posts/2026-08-01-hello-world.md"), "the Hello post");
    // Clicking a line asks the page to scroll it into view: only the editor may move.
    // The post's text may still be on its way: wait for its lines before clicking one.
    await until(async () => (await browser.$$(".cm-line")).length > 3, "the post's lines in the editor");
    await (await browser.$$(".cm-line"))[3].click();
    const m = await browser.execute(() => {
      const s = document.scrollingElement;
      const list = document.querySelector('[data-testid="post-list"]');
      const r = list.getBoundingClientRect();
      return { page: [s.scrollHeight, s.clientHeight, s.scrollTop], list: [list.scrollHeight, list.clientHeight], bottom: r.bottom, inner: window.innerHeight };
    });
    assert.ok(m.page[0] <= m.page[1] && m.page[2] === 0, `the page itself scrolls: ${JSON.stringify(m)}`);
    assert.ok(m.list[0] > m.list[1], `the list does not scroll: ${JSON.stringify(m)}`);
    assert.ok(m.bottom <= m.inner, `the list goes past the window: ${JSON.stringify(m)}`);
  } finally {
    await app.close("foundation-many-posts");
  }
});

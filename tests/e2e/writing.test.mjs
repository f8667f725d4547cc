// A writer's day in the real window: the front-matter form edits only its field, a dropped
// photo lands in the post's folder and in the text at the drop point and shows in the preview,
// the preview never runs a post's script, and the problems panel follows the text.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { launch, makeBlog, until, previewText, editorText, clickPost, ROOT } from "./harness.mjs";

const PHOTOS = path.resolve(ROOT, "../shared/corpus/photos");
const POST = "_posts/2026-08-01-hello-world.md";

async function openHello(browser) {
  await until(() => clickPost(browser, POST), "the Hello post");
  await until(async () => (await editorText(browser)).includes("Welcome!"), "the post in the editor");
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
    await browser.keys("Hello again: a colon\n");
    await until(async () => (await editorText(browser)).includes("Hello again: a colon"), "the new title in the editor");
    await browser.keys(["Control", "s"]);
    await browser.keys(["Control"]);
    await until(() => fs.readFileSync(path.join(blog, POST), "utf8").includes("Hello again"), "the save");
    const diff = gitDiff(blog);
    const changed = diff.split("\n").filter((l) => /^[-+][^-+]/.test(l));
    assert.equal(changed.length, 2, diff);
    assert.match(changed[0], /^-title: Hello, world$/);
    assert.match(changed[1], /^\+title: .*Hello again: a colon/);
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
    // Where to drop: the start of the line "Welcome! ..." in the editor.
    const pos = await browser.execute(() => {
      const line = [...document.querySelectorAll(".cm-line")].find((l) => l.textContent.startsWith("Welcome!"));
      const r = line.getBoundingClientRect();
      return { x: Math.round(r.left + 2), y: Math.round(r.top + r.height / 2) };
    });
    // The OS drop, as Tauri delivers it to the page (physical pixels; scale 1 under Xvfb).
    await browser.execute(async (paths, position) => {
      await window.__TAURI_INTERNALS__.invoke("plugin:event|emit", { event: "tauri://drag-drop", payload: { paths, position } });
    }, [photo], pos);
    const md = await until(async () => {
      const t = await editorText(browser);
      const m = /!\[[^\]]*\]\((\/images\/posts\/2026-08-01-hello-world\/[^)]+\.jpg)\)/.exec(t);
      return m ? { text: t, url: m[1] } : null;
    }, "the image link in the editor", 60000);
    const lines = md.text.split("\n");
    const at = lines.findIndex((l) => l.includes(md.url));
    assert.ok(lines[at + 1]?.startsWith("Welcome!") || lines[at + 2]?.startsWith("Welcome!"), `inserted before the Welcome line:\n${md.text}`);
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
    await browser.pause(1000);
    await browser.execute(() => {
      const doc = document.querySelector('[data-testid="preview"]').contentDocument;
      doc.querySelector("a")?.click();
    });
    await browser.pause(500);
    const pwned = await browser.execute(() => window.__pwned ?? null);
    assert.equal(pwned, null, "no vector ran");
    const scripts = await browser.execute(() => document.querySelector('[data-testid="preview"]').contentDocument.querySelectorAll("script, iframe").length);
    assert.equal(scripts, 0);
    const problems = await until(async () => {
      const t = await browser.execute(() => document.body.innerText);
      return /Missing image|does not exist|not found/i.test(t) && /alt/i.test(t) ? t : null;
    }, "the missing image and the missing alt text in the problems panel");
    assert.ok(problems);
  } finally {
    await app.close("writing-xss-problems");
  }
});

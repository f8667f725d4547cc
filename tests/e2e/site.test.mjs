// The Site tab in the real window: the blog's own generator (Debian's `jekyll` on a trimmed
// copy of the corpus's real site, `hugo` on tests/fixtures/hugo-site) serves the post's page
// with the theme's CSS, a save shows up there, and no server process outlives the blog or the
// app. A blog whose generator is missing says what to install, once. A reviewer's Site tab
// asks first, runs the branch in a worktree of Postdesk's own and leaves their clone as it was.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import { launch, makeBlog, until, editorText, previewText, clickPost, clickButtonIn, textOf, ROOT } from "./harness.mjs";

const CORPUS = path.resolve(ROOT, "../shared/corpus/bedrock-jekyll");
const HUGO_SITE = path.join(ROOT, "tests/fixtures/hugo-site");
const JEKYLL_POST = "_posts/2026-02-06-web-homologation-as-app.md";
const ID = ["-c", "user.name=Test", "-c", "user.email=test@example.org"];
const git = (cwd, ...args) =>
  execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" } }).trimEnd();

/** The corpus site trimmed to three posts, prepared as the corpus's README says. */
function jekyllFixture(tmp) {
  const dir = path.join(tmp, "fixture");
  for (const d of ["_layouts", "_includes", "_sass", "_data", "assets/css", "assets/js", "assets/fonts", "assets/img", "images/avatar"]) {
    fs.cpSync(path.join(CORPUS, d), path.join(dir, d), { recursive: true });
  }
  for (const f of ["index.html", "assets/favicon.png"]) fs.copyFileSync(path.join(CORPUS, f), path.join(dir, f));
  const config = fs.readFileSync(path.join(CORPUS, "_config.yml"), "utf8").replace("jekyll-twitter-plugin,", "");
  fs.writeFileSync(path.join(dir, "_config.yml"), config);
  fs.writeFileSync(path.join(dir, ".gitignore"), "_site/\n.jekyll-cache/\n");
  fs.mkdirSync(path.join(dir, "_posts"));
  for (const p of ["2026-02-06-web-homologation-as-app.md", "2026-02-02-how-blue-green-helped-migrating-with-zero-downtime.md", "2018-03-26-6play-goes-international.md"]) {
    fs.copyFileSync(path.join(CORPUS, "_posts", p), path.join(dir, "_posts", p));
  }
  return dir;
}

/** Pids of processes whose command line has all of `words` and whose folder is under `dir`. */
function serverPids(words, dir) {
  const out = [];
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue;
      const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
      // The generator itself, not the `sh` watchdog that runs it.
      if (!cmd.startsWith("sh ") && words.every((w) => cmd.includes(w)) && cwd.startsWith(dir)) out.push(Number(pid));
    } catch {}
  }
  return out;
}

/**
 * A screenshot into tests/screenshots/: the X server's picture of the screen (what a person
 * sees; WebKit's WebDriver screenshot sometimes hangs or returns an earlier picture), else
 * WebDriver's.
 */
async function screenshot(browser, name) {
  const file = path.join(ROOT, "tests/screenshots", `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (process.env.DISPLAY) {
    try {
      execFileSync("import", ["-display", process.env.DISPLAY, "-window", "root", file], { stdio: "ignore", timeout: 10000 });
      return;
    } catch {}
  }
  const shot = browser.saveScreenshot(file).then(() => true, () => false);
  await Promise.race([shot, new Promise((r) => setTimeout(() => r(false), 8000))]);
}

/** Runs `fn` inside the Site tab's frame (a cross-origin page: WebDriver switches into it). */
async function inSiteFrame(browser, fn, ...args) {
  const frame = await browser.$('[data-testid="site-frame"]');
  if (!(await frame.isExisting())) return null;
  await browser.switchFrame(frame);
  try {
    return await browser.execute(fn, ...args);
  } finally {
    await browser.switchFrame(null);
  }
}

/** Clicks the element with test id `id`; false when there is none yet. */
function clickTestId(browser, id) {
  return browser.execute((i) => {
    const b = document.querySelector(`[data-testid="${i}"]`);
    b?.click();
    return !!b;
  }, id);
}

async function openSiteTab(browser) {
  await until(() => clickTestId(browser, "tab-site"), "the Site tab");
}

test("Jekyll: the Site tab shows the post's page with the theme, a save shows up there, and no server outlives the blog or the app", async (t) => {
  if (!fs.existsSync(CORPUS)) return t.skip("no corpus");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const blog = makeBlog(tmp, jekyllFixture(tmp));
  const started = Date.now();
  const app = await launch({ args: [blog], tmp });
  let pids = [];
  try {
    const { browser } = app;
    await until(async () => (await editorText(browser)).includes("QA Automation"), "the newest post in the editor");
    await openSiteTab(browser);
    // The page of the post, from Jekyll's own permalink rules, served by `jekyll serve`.
    await until(
      async () => (await browser.$('[data-testid="site-frame"]').getAttribute("src"))?.endsWith("/2026/02/06/web-homologation-as-app.html"),
      "the post's page in the Site tab",
      60000,
    );
    const page = await until(
      () =>
        inSiteFrame(browser, () => {
          const sheet = [...document.styleSheets].find((s) => (s.href ?? "").endsWith("/assets/css/main.css"));
          const srOnly = document.querySelector(".sr-only");
          return document.querySelector("h1.title") && sheet
            ? {
                title: document.querySelector("h1.title").textContent.trim(),
                rules: sheet.cssRules.length,
                srOnly: srOnly ? getComputedStyle(srOnly).position : null,
                ipc: typeof window.__TAURI_INTERNALS__,
              }
            : null;
        }),
      "the themed page in the frame",
      30000,
    );
    assert.match(page.title, /Building a Scalable, Multi-Tenant QA Automation Stack/);
    assert.ok(page.rules > 100, `the theme's stylesheet is applied (${page.rules} rules)`);
    assert.equal(page.srOnly, "absolute", "the theme's rules style the page");
    assert.equal(page.ipc, "undefined", "the site's page has no access to the app");
    pids = serverPids(["jekyll", "serve"], blog);
    assert.equal(pids.length, 1, `one jekyll server for the blog: ${pids}`);
    await app.close("site-jekyll");
    // (screenshot taken above: close() saves it; reopen for the rest)
  } catch (e) {
    await app.close("site-jekyll");
    throw e;
  }
  // The app was killed by the driver (no exit hook ran): the watchdog ends the server.
  await until(() => pids.every((p) => !fs.existsSync(`/proc/${p}`) || fs.readFileSync(`/proc/${p}/stat`, "utf8").includes(") Z")), "the server gone with the killed app", 8000);

  const app2 = await launch({ args: [blog], tmp: fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-")) });
  try {
    const { browser } = app2;
    await until(async () => (await editorText(browser)).includes("QA Automation"), "the post in the editor");
    await openSiteTab(browser);
    // The page shown (its address, from the window; the frame is read after the save).
    const shown = await until(() => browser.$('[data-testid="site-frame"]').getAttribute("src"), "the page again", 60000);
    assert.match(shown, /\/2026\/02\/06\/web-homologation-as-app\.html$/);
    // An edit and a save: Jekyll rebuilds, the frame reloads with the new text. (No letter
    // typed twice in a row: WebKit's WebDriver drops the repeat.)
    const lines = await browser.$$(".cm-line");
    await lines[lines.length - 1].click();
    await browser.keys(["Control", "End"]);
    await browser.keys(["Control"]);
    await browser.keys("\nTyped in Postdesk, shown on the site.\n");
    await until(async () => (await editorText(browser)).includes("Typed in Postdesk, shown on the site."), "the sentence in the editor");
    await browser.keys(["Control", "s"]);
    await browser.keys(["Control"]);
    await until(async () => (await textOf(browser, "save-state")) === "Saved", "the save");
    assert.match(fs.readFileSync(path.join(blog, JEKYLL_POST), "utf8"), /Typed in Postdesk, shown on the site\./);
    await until(
      () => inSiteFrame(browser, () => document.querySelector(".post-content")?.textContent.includes("Typed in Postdesk, shown on the site.")),
      "the saved sentence on the site's page",
      30000,
    );
    assert.match(await browser.$('[data-testid="site-frame"]').getAttribute("src"), /\?postdesk=\d+$/, "the frame was reloaded after the rebuild");
    pids = serverPids(["jekyll", "serve"], blog);
    assert.equal(pids.length, 1);
    // Closing the blog (opening it again is closing it first) stops its server.
    await browser.execute((p) => window.__TAURI_INTERNALS__.invoke("open_blog", { path: p }), blog);
    await until(() => pids.every((p) => !fs.existsSync(`/proc/${p}`) || fs.readFileSync(`/proc/${p}/stat`, "utf8").includes(") Z")), "no jekyll process after the blog closed", 8000);
    assert.deepEqual(serverPids(["jekyll", "serve"], blog), []);
  } finally {
    await app2.close("site-jekyll-saved");
  }
  console.log(`jekyll site test: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test("Hugo: the Site tab shows the fixture's page with its stylesheet; a reviewer's Site tab asks, shows the branch's new post and leaves the clone untouched", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const blog = makeBlog(tmp, HUGO_SITE);
  // A branch with a new post, as a colleague pushed it; the reviewer is back on main with work in progress.
  git(blog, "checkout", "-q", "-b", "post/ridge-walk");
  fs.mkdirSync(path.join(blog, "content/posts/ridge-walk"));
  fs.writeFileSync(path.join(blog, "content/posts/ridge-walk/index.md"), '---\ntitle: "A ridge walk"\ndate: 2024-06-01T08:00:00Z\n---\n\nAbove the clouds by nine.\n');
  git(blog, ...ID, "add", "-A");
  git(blog, ...ID, "commit", "-qm", "Add post: A ridge walk");
  git(blog, "checkout", "-q", "main");
  fs.appendFileSync(path.join(blog, "content/posts/first-light.md"), "\nThe reviewer's own unsaved line.\n");
  fs.writeFileSync(path.join(blog, "notes.txt"), "staged notes\n");
  git(blog, "add", "notes.txt");
  const index = () => crypto.createHash("sha256").update(fs.readFileSync(path.join(blog, ".git/index"))).digest("hex");
  const before = { status: git(blog, "status", "--porcelain"), head: git(blog, "rev-parse", "HEAD"), branch: git(blog, "branch", "--show-current"), index: index(), worktrees: git(blog, "worktree", "list") };

  const started = Date.now();
  const app = await launch({ args: [blog], tmp });
  try {
    const { browser } = app;
    await until(() => clickPost(browser, "content/posts/first-light.md"), "the first-light post");
    await until(async () => (await editorText(browser)).includes("Jupiter"), "the post in the editor");
    await openSiteTab(browser);
    const page = await until(
      () =>
        inSiteFrame(browser, () => {
          const h = document.querySelector(".post-title");
          return h ? { title: h.textContent, color: getComputedStyle(document.querySelector(".masthead")).backgroundColor, url: location.pathname } : null;
        }),
      "the Hugo page in the Site tab",
      30000,
    );
    assert.equal(page.title, "First light");
    assert.equal(page.url, "/posts/first-light/");
    assert.equal(page.color, "rgb(30, 90, 80)", "the fixture's stylesheet is applied");
    await screenshot(browser, "site-hugo");

    // The reviewer: Review… → the branch → its new post → Site.
    await (await browser.$("button=Review…")).click();
    await until(() => clickButtonIn(browser, '[data-testid="review-branches"]', "post/ridge-walk"), "the branch in the review list");
    await until(() => clickButtonIn(browser, '[data-testid="review-posts"]', "A ridge walk"), "the new post");
    await until(() => clickTestId(browser, "review-tab-site"), "the review's Site tab");
    const ask = await until(async () => {
      const t = await textOf(browser, "site-ask");
      return t.includes("Run this branch's site") ? t : null;
    }, "the ask-first prompt");
    assert.match(ask, /hugo server -D -F -E --bind 127\.0\.0\.1 --port N/);
    // Nothing runs before the reviewer says so.
    assert.equal(serverPids(["hugo", "server"], path.join(app.home, ".cache")).length, 0);
    await screenshot(browser, "site-hugo-ask");
    await (await browser.$('[data-testid="site-run"]')).click();
    const review = await until(
      () => inSiteFrame(browser, () => document.querySelector(".post-title")?.textContent === "A ridge walk" && { text: document.body.innerText, color: getComputedStyle(document.body).backgroundColor, url: location.pathname }),
      "the branch's new post on its site",
      30000,
    );
    assert.match(review.text, /Above the clouds by nine\./);
    assert.equal(review.url, "/posts/ridge-walk/");
    assert.equal(review.color, "rgb(250, 244, 230)");
    const worktrees = git(blog, "worktree", "list");
    assert.equal(worktrees.split("\n").length, 2, worktrees);
    await screenshot(browser, "site-hugo-review");
    const hugoPids = serverPids(["hugo", "server"], path.join(app.home, ".cache"));
    assert.equal(hugoPids.length, 1, "the review's server runs in Postdesk's worktree");
    await (await browser.$('[data-testid="review-close"]')).click();
    await until(() => hugoPids.every((p) => !fs.existsSync(`/proc/${p}`)), "the review's server stopped with the review", 8000);
    await until(() => git(blog, "worktree", "list") === before.worktrees, "the worktree removed", 8000);
  } finally {
    await app.close("site-hugo-closed");
  }
  assert.deepEqual(
    { status: git(blog, "status", "--porcelain"), head: git(blog, "rev-parse", "HEAD"), branch: git(blog, "branch", "--show-current"), index: index(), worktrees: git(blog, "worktree", "list") },
    before,
    "the reviewer's work tree, index and branch are as they were",
  );
  console.log(`hugo site test: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test("a blog whose generator is not installed says what to install, once, and the fast preview keeps working", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const fixture = path.join(tmp, "zola-fixture");
  fs.mkdirSync(path.join(fixture, "content/blog"), { recursive: true });
  fs.writeFileSync(path.join(fixture, "config.toml"), 'base_url = "https://example.org"\ntitle = "Zola"\n');
  fs.writeFileSync(path.join(fixture, "content/blog/hello.md"), '+++\ntitle = "Hello from Zola"\ndate = 2024-01-01\n+++\n\nA Zola post.\n');
  const blog = makeBlog(tmp, fixture);
  const started = Date.now();
  const app = await launch({ args: [blog], tmp });
  try {
    const { browser } = app;
    await until(async () => (await editorText(browser)).includes("A Zola post"), "the post in the editor");
    await openSiteTab(browser);
    const message = await until(async () => (await textOf(browser, "site-error")) || null, "the message");
    assert.match(message, /`zola` is not installed/);
    assert.match(message, /getzola\.org/);
    // No dialog, no loop: the message stays as it is, the window answers.
    await new Promise((r) => setTimeout(r, 1500));
    await assert.rejects(browser.getAlertText(), "no dialog is open");
    assert.equal(await textOf(browser, "site-error"), message);
    await until(() => clickTestId(browser, "tab-preview"), "the Preview tab");
    await until(async () => (await previewText(browser)).includes("A Zola post"), "the fast preview");
  } finally {
    await app.close("site-missing-generator");
  }
  console.log(`missing generator test: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

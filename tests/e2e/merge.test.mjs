// Pulls that conflict and a base branch that moved on, in the real window. A pull whose post
// changed on both sides opens the merge view (base / mine / theirs); Abort returns the repository
// to exactly where it was (HEAD, .git/index and the work tree byte for byte), Finish commits a
// file without conflict markers. "Update from main" rebases an unpushed post branch on a base
// that gained commits: cleanly when they touch other files, through the merge view when one
// touches the same post.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { launch, makeBlog, until, editorText, clickPost, textOf } from "./harness.mjs";

const POST = "_posts/2026-08-01-hello-world.md";
const LINE = "- Edit this text and watch the preview follow.";

const git = (cwd, ...args) =>
  execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" } }).trimEnd();

function edit(dir, rel, from, to) {
  const p = path.join(dir, rel);
  const t = fs.readFileSync(p, "utf8");
  assert.ok(t.includes(from), `${rel} lacks ${from}`);
  fs.writeFileSync(p, t.replace(from, to));
}

function commitAll(dir, msg) {
  git(dir, "add", "-A");
  git(dir, "-c", "user.name=Other", "-c", "user.email=other@example.org", "commit", "-qm", msg);
}

/** The writer's clone with `origin` (a bare repository on disk), a Git identity, and a reviewer's clone. */
function clones(tmp) {
  const blog = makeBlog(tmp);
  const remote = path.join(tmp, "remote.git");
  git(tmp, "init", "-q", "--bare", "-b", "main", remote);
  git(blog, "remote", "add", "origin", remote);
  git(blog, "push", "-q", "-u", "origin", "main");
  git(blog, "config", "user.name", "Ada Writer");
  git(blog, "config", "user.email", "ada@example.org");
  return { blog, remote, other: path.join(tmp, "other") };
}

/** HEAD (its branch and commit), the bytes of .git/index and of every file of the work tree. */
function snapshot(blog) {
  const files = {};
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === ".git") continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files[path.relative(blog, p)] = fs.readFileSync(p).toString("base64");
    }
  };
  walk(blog);
  return {
    head: fs.readFileSync(path.join(blog, ".git", "HEAD"), "utf8") + git(blog, "rev-parse", "HEAD"),
    index: fs.readFileSync(path.join(blog, ".git", "index")).toString("base64"),
    files,
  };
}

const exists = (browser, testid) => browser.execute((id) => !!document.querySelector(`[data-testid="${id}"]`), testid);

/** Clicks the button named `name` inside the conflict hunk number `n` of the merge view. */
const chooseIn = (browser, n, name) =>
  browser.execute(
    (i, t) => {
      const h = document.querySelectorAll('[data-testid="merge-hunk"]')[i];
      const b = h && [...h.querySelectorAll("button")].find((x) => x.textContent.trim() === t);
      b?.click();
      return !!b;
    },
    n,
    name,
  );

const clickTestid = (browser, id) =>
  browser.execute((i) => {
    const b = document.querySelector(`[data-testid="${i}"]`);
    if (!b || b.disabled) return false;
    b.click();
    return true;
  }, id);

test("a conflicting pull opens the merge view: Abort restores the repository byte for byte, Finish commits the post without markers", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const { blog, remote, other } = clones(tmp);
  git(blog, "switch", "-q", "-c", "post/hello-world");
  git(blog, "push", "-q", "-u", "origin", "post/hello-world");
  // The reviewer retitles the post and rewrites a line; the writer retags it and rewrites the same line.
  git(tmp, "clone", "-q", "-b", "post/hello-world", remote, other);
  edit(other, POST, "title: Hello, world", "title: Hello, reviewed world");
  edit(other, POST, LINE, "- Edit this text, says the reviewer.");
  commitAll(other, "Review");
  git(other, "push", "-q");
  edit(blog, POST, "tags: [meta]", "tags: [meta, demo]");
  edit(blog, POST, LINE, "- Edit this text, says the writer.");
  git(blog, "commit", "-qam", "Writer's pass");
  // Unrelated work in progress.
  fs.writeFileSync(path.join(blog, "notes.txt"), "my notes\n");
  edit(blog, "_config.yml", "title:", "# my local tweak\ntitle:");
  const before = snapshot(blog);

  const app = await launch({ args: [blog], tmp });
  try {
    const { browser } = app;
    await until(() => clickPost(browser, POST), "the Hello post");
    await until(async () => (await editorText(browser)).includes("says the writer"), "the post in the editor");
    await (await browser.$("button=Publish")).click();

    const pullAndWaitForTheMergeView = async () => {
      await until(() => clickTestid(browser, "git-pull"), "the enabled Pull button");
      await until(() => exists(browser, "merge-view"), "the merge view", 30000);
    };
    await pullAndWaitForTheMergeView();
    // The merge view replaced the editor: base / mine / theirs of the line, the fields merged apart.
    assert.equal(await exists(browser, "merge-view"), true);
    assert.equal(await browser.execute(() => !!document.querySelector(".cm-content")), false, "the editor is replaced");
    const sides = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="merge-hunk"]')].map((h) => [...h.querySelectorAll("pre")].map((p) => p.textContent)),
    );
    assert.deepEqual(sides, [[LINE + "\n", "- Edit this text, says the writer.\n", "- Edit this text, says the reviewer.\n"]]);
    const fields = await textOf(browser, "merge-fields");
    assert.match(fields, /title\s*merged: their change/);
    assert.match(fields, /tags\s*merged: your change/);
    assert.equal(git(blog, "rev-parse", "-q", "--verify", "MERGE_HEAD").length, 40, "a merge is in progress");

    // Abort: exactly as before the pull.
    await until(() => clickTestid(browser, "merge-abort"), "the Abort button");
    await until(async () => !(await exists(browser, "merge-view")), "the editor back");
    await until(async () => (await editorText(browser)).includes("says the writer"), "my text in the editor again");
    assert.deepEqual(snapshot(blog), before, "the repository is byte for byte as before the pull");
    assert.equal(fs.existsSync(path.join(blog, ".git", "MERGE_HEAD")), false);

    // Again, and finish: their line, the two fields merged.
    await pullAndWaitForTheMergeView();
    const finishDisabled = () => browser.execute(() => document.querySelector('[data-testid="merge-finish"]')?.disabled);
    assert.equal(await finishDisabled(), true, "Finish waits for a choice");
    await until(() => chooseIn(browser, 0, "Take theirs"), "Take theirs");
    await until(() => clickTestid(browser, "merge-finish"), "the enabled Finish button");
    await until(async () => !(await exists(browser, "merge-view")), "the merge finished", 30000);
    await until(async () => (await editorText(browser)).includes("says the reviewer"), "the merged post in the editor");

    const committed = git(blog, "show", `HEAD:${POST}`);
    assert.doesNotMatch(committed, /^(<<<<<<<|=======|>>>>>>>)/m);
    assert.match(committed, /title: Hello, reviewed world/);
    assert.match(committed, /tags: \[meta, demo\]/);
    assert.match(committed, /- Edit this text, says the reviewer\./);
    assert.equal(fs.readFileSync(path.join(blog, POST), "utf8").trimEnd(), committed, "the work tree has what was committed");
    assert.equal(git(blog, "log", "-1", "--format=%P").split(" ").length, 2, "a merge commit");
    assert.equal(git(blog, "log", "-1", "--format=%an"), "Ada Writer");
    const status = git(blog, "status", "--porcelain");
    assert.match(status, /^ M _config\.yml$/m);
    assert.match(status, /^\?\? notes\.txt$/m);
    assert.doesNotMatch(status, /hello-world/);
  } finally {
    await app.close("merge-pull");
  }
});

test("Update from main: a base that gained two commits elsewhere rebases cleanly; one that touched the same post opens the merge view", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const { blog, remote, other } = clones(tmp);
  git(blog, "switch", "-q", "-c", "post/hello-world");
  edit(blog, POST, LINE, "- Edit this text, the writer's way.");
  git(blog, "commit", "-qam", "Writer's pass");
  fs.writeFileSync(path.join(blog, "notes.txt"), "untracked notes\n");
  // main gains two commits that touch other files.
  git(tmp, "clone", "-q", remote, other);
  fs.writeFileSync(path.join(other, "about.md"), "About this blog.\n");
  commitAll(other, "About page");
  edit(other, "_config.yml", "title:", "# a new setting\ntitle:");
  commitAll(other, "Config");
  git(other, "push", "-q");
  git(blog, "fetch", "-q");

  const app = await launch({ args: [blog], tmp });
  try {
    const { browser } = app;
    await until(() => clickPost(browser, POST), "the Hello post");
    await until(async () => (await textOf(browser, "base-behind")) === "2 commits behind main", "“2 commits behind main”");
    await until(() => clickTestid(browser, "base-update-button"), "Update from main");
    await until(async () => !(await exists(browser, "base-update")), "the branch up to date", 30000);
    assert.equal(git(blog, "rev-parse", "HEAD~1"), git(blog, "rev-parse", "origin/main"), "rebased on main");
    assert.equal(git(blog, "log", "-1", "--format=%s"), "Writer's pass");
    assert.ok(fs.existsSync(path.join(blog, "about.md")));
    assert.match(fs.readFileSync(path.join(blog, POST), "utf8"), /the writer's way/);
    await until(async () => (await textOf(browser, "notice")).includes("rebased"), "the update's message");

    // main changes the same line of the post; the writer starts another branch from this one.
    edit(other, POST, LINE, "- Edit this text, as main has it.");
    commitAll(other, "Main's pass");
    git(other, "push", "-q");
    git(blog, "fetch", "-q");
    git(blog, "switch", "-q", "-c", "post/second");
    await until(async () => (await textOf(browser, "base-behind")) === "1 commit behind main", "“1 commit behind main”");
    await until(() => clickTestid(browser, "base-update-button"), "Update from main");
    await until(() => exists(browser, "merge-view"), "the merge view", 30000);
    assert.match(await textOf(browser, "merge-view"), /Rebasing post\/second onto origin\/main/);
    const sides = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="merge-hunk"]')].map((h) => [...h.querySelectorAll("pre")].map((p) => p.textContent)),
    );
    assert.deepEqual(sides, [[LINE + "\n", "- Edit this text, the writer's way.\n", "- Edit this text, as main has it.\n"]]);
    await until(() => chooseIn(browser, 0, "Take mine"), "Take mine");
    await until(() => clickTestid(browser, "merge-finish"), "the enabled Finish button");
    await until(async () => !(await exists(browser, "merge-view")), "the rebase finished", 30000);
    assert.equal(fs.existsSync(path.join(blog, ".git", "rebase-merge")), false);
    assert.equal(git(blog, "rev-parse", "HEAD~1"), git(blog, "rev-parse", "origin/main"));
    const committed = git(blog, "show", `HEAD:${POST}`);
    assert.doesNotMatch(committed, /^(<<<<<<<|=======|>>>>>>>)/m);
    assert.match(committed, /- Edit this text, the writer's way\./);
    assert.equal(git(blog, "status", "--porcelain"), "?? notes.txt");
    await until(async () => !(await exists(browser, "base-update")), "no longer behind");
  } finally {
    await app.close("merge-update");
  }
});

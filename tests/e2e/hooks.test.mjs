// Commit hooks from the real window (issue 18): the blog team's pre-commit linter refuses the
// post; the Publish panel shows what it printed and nothing is committed (the index is
// byte-identical). "Skip hooks" commits anyway, as `git commit --no-verify` does.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { launch, makeBlog, until, editorText, clickPost, textOf, SCREENSHOTS } from "./harness.mjs";

const POST = "_posts/2026-08-01-hello-world.md";

const git = (cwd, ...args) =>
  execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" } }).trimEnd();

async function enabled(browser, selector, what) {
  return until(async () => {
    const b = await browser.$(selector);
    return (await b.isExisting()) && (await b.isEnabled()) ? b : null;
  }, what);
}

test("a failing pre-commit stops Publish with its output and changes nothing; Skip hooks commits", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const blog = makeBlog(tmp);
  git(blog, "config", "user.name", "Ada Writer");
  git(blog, "config", "user.email", "ada@example.org");
  fs.appendFileSync(path.join(blog, POST), "\nA line the linter dislikes.\n");
  const runs = path.join(tmp, "pre-commit.runs");
  const hook = path.join(blog, ".git", "hooks", "pre-commit");
  fs.writeFileSync(
    hook,
    `#!/bin/sh\necho run >> '${runs}'\necho "lint: ${POST}: line 12: no description"\necho 'lint: 1 problem' >&2\nexit 1\n`,
  );
  fs.chmodSync(hook, 0o755);
  const head = git(blog, "rev-parse", "HEAD");
  const index = fs.readFileSync(path.join(blog, ".git", "index"));
  const status = git(blog, "status", "--porcelain");

  const app = await launch({ args: [blog], tmp });
  try {
    const { browser } = app;
    await until(() => clickPost(browser, POST), "the Hello post");
    await until(async () => (await editorText(browser)).includes("A line the linter dislikes."), "the post in the editor");
    await (await enabled(browser, "button=Publish", "the Publish button")).click();
    await until(async () => (await textOf(browser, "git-branch")).includes("main"), "the Git panel on main");
    await (await enabled(browser, '[data-testid="git-commit"]', "the Commit button")).click();

    const error = await until(async () => {
      const t = await textOf(browser, "git-error");
      return t.includes("lint: 1 problem") ? t : null;
    }, "the hook's output in the panel", 30000);
    assert.match(error, /pre-commit/);
    assert.match(error, new RegExp(`lint: ${POST.replace(/[.]/g, "\\.")}: line 12: no description`));
    assert.match(error, /Nothing was committed/);
    assert.equal(await textOf(browser, "git-result"), "");
    assert.equal(git(blog, "rev-parse", "HEAD"), head);
    assert.equal(git(blog, "branch", "--format=%(refname:short)"), "main");
    assert.ok(fs.readFileSync(path.join(blog, ".git", "index")).equals(index), ".git/index changed");
    assert.equal(git(blog, "status", "--porcelain"), status);
    assert.equal(fs.readFileSync(runs, "utf8"), "run\n");
    await browser.saveScreenshot(path.join(SCREENSHOTS, "hooks-pre-commit-refused.png"));

    // The writer decides to publish anyway.
    await (await enabled(browser, '[data-testid="git-skip-hooks"]', "the Skip hooks box")).click();
    await (await enabled(browser, '[data-testid="git-commit"]', "the Commit button")).click();
    await until(async () => (await textOf(browser, "git-result")).includes("✓"), "the commit result", 30000);
    assert.equal(git(blog, "rev-parse", "--abbrev-ref", "HEAD"), "post/hello-world");
    assert.deepEqual(git(blog, "show", "--name-only", "--format=", "HEAD").split("\n"), [POST]);
    assert.equal(fs.readFileSync(runs, "utf8"), "run\n", "the skipped hook ran");
  } finally {
    await app.close("hooks-pre-commit");
  }
});

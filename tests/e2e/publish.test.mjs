// Publishing from the real window: the writer edits a post, opens Publish, commits (the app
// saves first, asks for a Git name once, creates the post's branch and commits only the post's
// files, leaving unrelated changes alone), then pushes the branch to the remote.
// The reviewer side: Review… previews a branch's post from Git objects, leaving the work alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { launch, makeBlog, until, editorText, clickPost, textOf, clickButtonIn, dropOnLine, ROOT } from "./harness.mjs";

const POST = "_posts/2026-08-01-hello-world.md";
const CORPUS_PHOTO = path.resolve(ROOT, "../shared/corpus/photos/aws-summit-2023-etf1.jpg");
const DEMO_PHOTO = path.join(ROOT, "examples/demo-blog/images/posts/2026-10-02-a-walk-in-the-alps/ridge.jpg");

const git = (cwd, ...args) =>
  execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" } }).trimEnd();

/** A blog clone with an `origin` (a bare repository on disk) that has its main branch. */
function blogWithRemote(tmp) {
  const blog = makeBlog(tmp);
  const remote = path.join(tmp, "remote.git");
  git(tmp, "init", "-q", "--bare", "-b", "main", remote);
  git(blog, "remote", "add", "origin", remote);
  git(blog, "push", "-q", "-u", "origin", "main");
  return { blog, remote };
}

async function button(browser, text) {
  return until(async () => {
    const b = await browser.$(`button=${text}`);
    return (await b.isExisting()) && (await b.isEnabled()) ? b : null;
  }, `the enabled “${text}” button`);
}

test("a post with a dropped photo is committed alone on its branch, pushed, and read by a reviewer from another clone", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const { blog, remote } = blogWithRemote(tmp);
  // The writer's unrelated work in progress: it must stay exactly as it is.
  fs.appendFileSync(path.join(blog, "_config.yml"), "\n# unrelated edit\n");
  fs.writeFileSync(path.join(blog, "notes.txt"), "my notes\n");
  const app = await launch({ args: [blog], tmp });
  try {
    const { browser } = app;
    await until(() => clickPost(browser, POST), "the Hello post");
    await until(async () => (await editorText(browser)).includes("Welcome!"), "the post in the editor");
    await until(async () => (await browser.$("[data-key='title'] input")).isExisting(), "the front-matter form");
    await (await button(browser, "Publish")).click();
    await until(async () => (await textOf(browser, "git-branch")).includes("main"), "the Git panel on main");

    // An unsaved edit: committing saves it first.
    await (await browser.$(".cm-content")).click();
    await browser.keys(["Control", "End"]);
    await browser.keys(["Control"]);
    await browser.keys("\nOne line by Ada, before the push.\n");

    // A photo dropped on the text, as the OS delivers it: imported beside the post, linked.
    const photo = path.join(tmp, "summit.jpg");
    fs.copyFileSync(fs.existsSync(CORPUS_PHOTO) ? CORPUS_PHOTO : DEMO_PHOTO, photo);
    await dropOnLine(browser, [photo], "- Edit this text");
    const image = await until(async () => {
      const m = /!\[[^\]]*\]\(\/(images\/posts\/2026-08-01-hello-world\/[^)]+\.jpg)\)/.exec(await editorText(browser));
      return m ? m[1] : null;
    }, "the image link in the editor", 60000);
    const commit = await until(async () => {
      const b = await browser.$('[data-testid="git-commit"]');
      return (await b.isEnabled()) ? b : null;
    }, "the Commit button");
    await commit.click();

    // No Git identity anywhere (fresh HOME): the panel asks once, for this repository.
    const form = await until(async () => {
      const f = await browser.$('[data-testid="identity-form"]');
      return (await f.isExisting()) ? f : null;
    }, "the identity form");
    await (await form.$('input[type="text"]')).setValue("Ada Writer");
    await (await form.$('input[type="email"]')).setValue("ada@example.org");
    await (await button(browser, "Save and commit")).click();
    await until(async () => (await textOf(browser, "git-result")).includes("✓"), "the commit result", 30000);

    assert.equal(git(blog, "rev-parse", "--abbrev-ref", "HEAD"), "post/hello-world");
    assert.deepEqual(git(blog, "show", "--name-only", "--format=", "HEAD").split("\n").sort(), [image, POST].sort());
    assert.equal(git(blog, "log", "-1", "--format=%an <%ae>"), "Ada Writer <ada@example.org>");
    assert.match(git(blog, "show", "HEAD:" + POST), /One line by Ada, before the push\./);
    const status = git(blog, "status", "--porcelain");
    assert.match(status, /^ M _config\.yml$/m);
    assert.match(status, /^\?\? notes\.txt$/m);
    assert.doesNotMatch(status, /hello-world/);
    // "For all my repositories" is the default, as Git itself advises: ~/.gitconfig, not the repo.
    assert.match(fs.readFileSync(path.join(app.home, ".gitconfig"), "utf8"), /name = Ada Writer/);
    assert.doesNotMatch(fs.readFileSync(path.join(blog, ".git", "config"), "utf8"), /Ada Writer/);

    await (await button(browser, "Push")).click();
    await until(async () => {
      try {
        return git(tmp, "--git-dir", remote, "rev-parse", "post/hello-world") === git(blog, "rev-parse", "HEAD");
      } catch {
        return false;
      }
    }, "the branch on the remote", 30000);
    await until(async () => /pushed|origin/i.test(await textOf(browser, "git-result")), "the push result");
    assert.equal(git(blog, "rev-parse", "--abbrev-ref", "@{upstream}"), "origin/post/hello-world");
  } finally {
    await app.close("publish-pushed");
  }

  // The reviewer: another clone with its own unfinished work opens the pushed branch.
  const reviewer = path.join(tmp, "reviewer");
  git(tmp, "clone", "-q", remote, reviewer);
  fs.appendFileSync(path.join(reviewer, POST), "\nThe reviewer's own unsaved work.\n");
  const before = git(reviewer, "status", "--porcelain");
  const rtmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const app2 = await launch({ args: [reviewer], tmp: rtmp });
  try {
    const { browser } = app2;
    await until(async () => (await editorText(browser)).length > 0, "the editor");
    await (await button(browser, "Review…")).click();
    await until(
      () => clickButtonIn(browser, '[data-testid="review-branches"]', "origin/post/hello-world"),
      "the pushed branch in the review list",
    );
    await until(
      () => clickButtonIn(browser, '[data-testid="review-posts"]', "Hello"),
      "the post in the branch",
    );
    // The post as pushed, with its photo read from the branch's Git objects and displayed.
    await until(
      () =>
        browser.execute(() => {
          const d = document.querySelector('[data-testid="review-preview"]')?.contentDocument;
          const img = [...(d?.querySelectorAll("img") ?? [])].find((i) => i.src.includes("hello-world"));
          return d?.body?.innerText.includes("One line by Ada, before the push.") && img?.complete && img.naturalWidth > 0;
        }),
      "the pushed post and its photo in the reviewer's preview",
      30000,
    );
    assert.equal(git(reviewer, "rev-parse", "--abbrev-ref", "HEAD"), "main");
    assert.equal(git(reviewer, "status", "--porcelain"), before, "the reviewer's work is untouched");
  } finally {
    await app2.close("publish-reviewed");
  }
});

test("Review… previews a branch's post from Git objects without touching the writer's work", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const blog = makeBlog(tmp);
  // A contributor's branch with a new post, made without checking it out.
  git(blog, "checkout", "-q", "-b", "post/from-a-friend");
  fs.writeFileSync(
    path.join(blog, "_posts/2026-11-27-from-a-friend.md"),
    "---\ntitle: From a friend\n---\nA paragraph only the branch has.\n",
  );
  git(blog, "add", "-A");
  git(blog, "-c", "user.name=Friend", "-c", "user.email=f@example.org", "commit", "-qm", "New post");
  git(blog, "checkout", "-q", "main");
  fs.appendFileSync(path.join(blog, POST), "\nMy own unsaved-to-git work.\n");
  const before = git(blog, "status", "--porcelain");
  const app = await launch({ args: [blog], tmp });
  try {
    const { browser } = app;
    await until(async () => (await editorText(browser)).length > 0, "the editor");
    await (await button(browser, "Review…")).click();
    await until(async () => (await textOf(browser, "review-view")).includes("post/from-a-friend"), "the branch list");
    await until(() => clickButtonIn(browser, '[data-testid="review-branches"]', "post/from-a-friend"), "the branch");
    await until(
      () => clickButtonIn(browser, '[data-testid="review-posts"]', "From a friend"),
      "the branch's post",
    );
    await until(
      () =>
        browser.execute(() => {
          const f = document.querySelector('[data-testid="review-preview"]');
          return f?.contentDocument?.body?.innerText.includes("A paragraph only the branch has.");
        }),
      "the branch's post in the review preview",
    );
    assert.equal(git(blog, "rev-parse", "--abbrev-ref", "HEAD"), "main");
    assert.equal(git(blog, "status", "--porcelain"), before);
  } finally {
    await app.close("review-branch");
  }
});

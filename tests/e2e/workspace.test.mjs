// The open blog follows its files: after a `git pull` made in a terminal brings a new author
// into `_data/authors.yml`, the form offers that author, the schema knows it and the Problems
// panel stops calling the post's author unknown — without reopening the blog.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { launch, makeBlog, until, clickPost, editorText } from "./harness.mjs";

const POST = "_posts/2026-12-01-zoe.md";
const ID = ["-c", "user.name=Test", "-c", "user.email=test@example.org"];
const git = (cwd, ...args) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

test("a pull that adds an author reaches the form, the schema and the problems without reopening", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const blog = makeBlog(tmp, undefined, {
    [POST]: "---\nlayout: post\ntitle: By Zoé\ndescription: A guest post.\nauthor: zoe\ntags: [meta]\n---\n\nHello from a guest.\n",
  });
  // A remote, and a colleague's clone that adds the author there.
  const remote = path.join(tmp, "remote.git");
  git(tmp, "clone", "-q", "--bare", blog, remote);
  git(blog, "remote", "add", "origin", remote);
  git(blog, "fetch", "-q", "origin");
  git(blog, "branch", "-q", "--set-upstream-to=origin/main", "main");
  const other = path.join(tmp, "other");
  git(tmp, "clone", "-q", remote, other);
  fs.appendFileSync(path.join(other, "_data/authors.yml"), "zoe:\n  name: Zoé Guest\n");
  git(other, ...ID, "commit", "-qam", "authors: Zoé");
  git(other, "push", "-q", "origin", "main");

  const app = await launch({ args: [blog], tmp });
  try {
    const { browser } = app;
    await until(() => clickPost(browser, POST), "the guest post");
    await until(async () => (await editorText(browser)).includes("Hello from a guest"), "the post in the editor");
    const problemTexts = () => browser.execute(() => [...document.querySelectorAll('[data-testid="problem"]')].map((e) => e.textContent));
    const authorOptions = () =>
      browser.execute(() => [...document.querySelectorAll("[data-key='author'] select option")].map((o) => o.textContent.trim()));
    await until(async () => (await problemTexts()).some((t) => /zoe/.test(t) && /not in _data\/authors\.yml/.test(t)), "the unknown author in the problems");
    await until(async () => (await authorOptions()).includes("zoe (unknown)"), "the form's unknown author");
    assert.ok(!(await authorOptions()).includes("Zoé Guest"));

    git(blog, "pull", "-q", "--ff-only");
    assert.match(fs.readFileSync(path.join(blog, "_data/authors.yml"), "utf8"), /Zoé Guest/);

    await until(async () => (await authorOptions()).includes("Zoé Guest"), "the new author among the form's choices", 20000);
    await until(async () => !(await problemTexts()).some((t) => /author `zoe`/.test(t)), "the problems without the unknown author", 20000);
    const previewAuthors = await until(
      () => browser.execute(() => document.querySelector('[data-testid="preview"]').contentDocument.querySelector(".pd-authors")?.textContent ?? null),
      "the preview's byline",
    );
    assert.equal(previewAuthors, "Zoé Guest", "the preview shows the new author's name");
    // Nothing of the writer's was touched: the post is as it was, the tree is clean.
    assert.equal(git(blog, "status", "--porcelain"), "");
  } finally {
    await app.close("workspace-pull-authors");
  }
});

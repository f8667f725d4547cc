// Never lose a word, in the real window: a change made outside the app while the buffer has
// unsaved edits raises a banner and writes nothing; a killed app offers the unsaved text back.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { launch, makeBlog, until, editorText, clickPost } from "./harness.mjs";

const POST = "_posts/2026-08-01-hello-world.md";

async function openWithoutAutosave(browser) {
  await until(() => clickPost(browser, POST), "the Hello post");
  await until(async () => (await editorText(browser)).includes("Welcome!"), "the post in the editor");
  await browser.execute(() => {
    const box = document.querySelector(".autosave input");
    if (box?.checked) box.click();
  });
}

async function typeAtEnd(browser, text) {
  await (await browser.$(".cm-content")).click();
  await browser.keys(["Control", "End"]);
  await browser.keys(["Control"]);
  await browser.keys(text);
}

test("an outside edit while the buffer is dirty shows a banner and overwrites nothing", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const blog = makeBlog(tmp);
  const app = await launch({ args: [blog], tmp });
  try {
    const { browser } = app;
    await openWithoutAutosave(browser);
    await typeAtEnd(browser, "\nMine, not saved.");
    const file = path.join(blog, POST);
    const theirs = fs.readFileSync(file, "utf8").replace("Welcome!", "Welcome from another editor!");
    fs.writeFileSync(file + ".tmp-other", theirs);
    fs.renameSync(file + ".tmp-other", file); // the way many editors save
    const banner = await until(async () => {
      const t = await browser.execute(() => document.body.innerText);
      return /Keep mine/.test(t) && /Take theirs/.test(t) ? t : null;
    }, "the conflict banner", 20000);
    assert.ok(banner);
    assert.equal(fs.readFileSync(file, "utf8"), theirs, "nothing written behind the writer's back");
    assert.ok((await editorText(browser)).includes("Mine, not saved."), "the buffer is kept");
  } finally {
    await app.close("durability-conflict");
  }
});

test("after the app is killed, the unsaved text is offered back", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const blog = makeBlog(tmp);
  let app = await launch({ args: [blog], tmp });
  try {
    await openWithoutAutosave(app.browser);
    await typeAtEnd(app.browser, "\nWords that must survive a crash.");
    await app.browser.pause(4500); // the journal is written every few seconds while dirty
    const pids = execFileSync("pgrep", ["-f", `postdesk-app ${blog}`], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
    assert.ok(pids.length > 0, "the app process was found");
    for (const pid of pids) process.kill(Number(pid), "SIGKILL");
  } finally {
    await app.close("durability-before-kill");
  }
  assert.ok(!fs.readFileSync(path.join(blog, POST), "utf8").includes("must survive"), "the text was never saved");
  app = await launch({ args: [blog], tmp });
  try {
    const { browser } = app;
    const offered = await until(async () => {
      const t = await browser.execute(() => document.body.innerText);
      return /Restore/.test(t) && t.includes("hello-world") ? t : null;
    }, "the recovery offer", 20000);
    assert.ok(offered);
    await browser.execute(() => {
      const b = [...document.querySelectorAll("button")].find((x) => x.textContent.trim() === "Restore");
      b.click();
    });
    await until(async () => (await editorText(browser)).includes("Words that must survive a crash."), "the restored text in the editor");
  } finally {
    await app.close("durability-recovered");
  }
});

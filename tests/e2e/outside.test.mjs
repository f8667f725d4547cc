// The window follows what happens to the blog outside the app, and never loses the writer's text:
// a `git switch` in a terminal (the list and the open post follow), an edit in another editor
// (reloaded when the buffer is clean; a banner with "Keep mine" / "Take theirs" when it is not,
// and autosave writes nothing while the banner is up), a `git mv` and an `rm` of the open post.
// One launch for all of it, in order; every check of an absence follows a positive signal.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { launch, makeBlog, until, editorText, clickPost, textOf, clickButtonIn, SCREENSHOTS } from "./harness.mjs";

const HELLO = "_posts/2026-08-01-hello-world.md";
const ALPS = "_posts/2026-10-02-a-walk-in-the-alps.md";
const DRAFT_ONLY = "_posts/2026-12-24-only-on-draft.md";
const MOVED = "_posts/2026-08-02-hello-again.md";
const ID = ["-c", "user.name=Test", "-c", "user.email=test@example.org"];
const git = (cwd, ...args) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** Another editor's save: a temporary file renamed over the post. */
function writeOutside(file, text) {
  fs.writeFileSync(file + ".other-editor", text);
  fs.renameSync(file + ".other-editor", file);
}

async function typeAtEnd(browser, text) {
  await (await browser.$(".cm-content")).click();
  await browser.keys(["Control", "End"]);
  await browser.keys(["Control"]);
  await browser.keys(text);
}

const listed = (browser) => browser.execute(() => [...document.querySelectorAll('[data-testid="post-list"] button')].map((b) => b.getAttribute("title")).filter(Boolean));
const banner = (browser) => textOf(browser, "conflict-banner");
const saveState = (browser) => textOf(browser, "save-state");
/** The IPC commands the window sent since the spy was installed (name and JSON body). */
const calls = (browser) => browser.execute(() => window.__ipcCalls);

async function screenshot(browser, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  const shot = browser.saveScreenshot(file).then(() => true, () => false);
  if (!(await Promise.race([shot, new Promise((r) => setTimeout(() => r(false), 5000).unref())])) && process.env.DISPLAY) {
    try {
      execFileSync("import", ["-display", process.env.DISPLAY, "-window", "root", file], { stdio: "ignore", timeout: 10000 });
    } catch {}
  }
}

test("outside changes: branch switches, reloads, Keep mine / Take theirs, autosave under the banner, rename, delete", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-"));
  const blog = makeBlog(tmp);
  const at = (rel) => path.join(blog, rel);
  const read = (rel) => fs.readFileSync(at(rel), "utf8");
  // A branch `draft` where Hello says something else, one post is new and one is gone.
  const helloMain = read(HELLO);
  const helloDraft = helloMain.replace("Welcome!", "Welcome from the draft branch!");
  git(blog, "switch", "-qc", "draft");
  fs.writeFileSync(at(HELLO), helloDraft);
  fs.writeFileSync(at(DRAFT_ONLY), "---\nlayout: post\ntitle: Only on draft\nauthor: ada\n---\n\nA post of the draft branch.\n");
  git(blog, "rm", "-q", ALPS);
  git(blog, "add", "-A");
  git(blog, ...ID, "commit", "-qm", "draft");
  git(blog, "switch", "-q", "main");

  const app = await launch({ args: [blog], tmp });
  try {
    const { browser } = app;
    await until(() => clickPost(browser, HELLO), "the Hello post");
    await until(async () => (await editorText(browser)).includes("Welcome! This blog"), "Hello in the editor");
    await browser.execute(() => {
      const box = document.querySelector(".autosave input");
      if (box?.checked) box.click();
      // Every IPC call goes through fetch to the ipc: scheme: record the command and its body.
      window.__ipcCalls = [];
      const real = window.fetch.bind(window);
      window.fetch = (input, init) => {
        const url = String(input?.url ?? input);
        if (/^(ipc:|http:\/\/ipc\.)/.test(url)) {
          window.__ipcCalls.push({ cmd: decodeURIComponent(new URL(url).pathname.slice(1)), body: typeof init?.body === "string" ? init.body : "" });
        }
        return real(input, init);
      };
    });

    // 1. `git switch draft` with a clean buffer: the list and the open post follow, no prompt.
    git(blog, "switch", "-q", "draft");
    await until(async () => (await editorText(browser)).includes("Welcome from the draft branch!"), "the draft's Hello in the editor");
    await until(async () => {
      const l = await listed(browser);
      return l.includes(DRAFT_ONLY) && !l.includes(ALPS);
    }, "the draft branch's post list");
    assert.equal(await banner(browser), "", "a clean buffer reloads without a banner");
    assert.equal(await saveState(browser), "Saved");
    assert.ok((await calls(browser)).some((c) => c.cmd === "load_post"), "the spy sees the window's IPC");

    // 2. The open post is not on the branch switched to: the text stays, the banner says why.
    await until(() => clickPost(browser, DRAFT_ONLY), "the draft-only post");
    await until(async () => (await editorText(browser)).includes("A post of the draft branch."), "the draft-only post in the editor");
    git(blog, "switch", "-q", "main");
    await until(async () => {
      const l = await listed(browser);
      return l.includes(ALPS) && !l.includes(DRAFT_ONLY);
    }, "main's post list");
    const gone = await until(() => banner(browser), "the banner for the post missing on main");
    assert.match(gone, /does not exist on the branch now checked out/);
    assert.ok((await editorText(browser)).includes("A post of the draft branch."), "the text is kept");
    assert.ok(!fs.existsSync(at(DRAFT_ONLY)), "nothing written");

    // 3. A dirty buffer and `git switch draft`: banner; "Take theirs" loads the draft's text.
    await until(() => clickPost(browser, HELLO), "the Hello post again");
    await until(async () => (await editorText(browser)).includes("Welcome! This blog"), "main's Hello in the editor");
    await typeAtEnd(browser, " Mine A.");
    await until(async () => (await saveState(browser)) === "Unsaved", "the unsaved state");
    git(blog, "switch", "-q", "draft");
    assert.match(await until(() => banner(browser), "the banner after the switch"), /changed outside Postdesk/);
    assert.ok((await editorText(browser)).includes("Mine A."), "the buffer is kept under the banner");
    assert.equal(read(HELLO), helloDraft, "nothing written");
    assert.ok(await clickButtonIn(browser, '[data-testid="conflict-banner"]', "Take theirs"));
    await until(async () => (await editorText(browser)).includes("Welcome from the draft branch!"), "theirs in the editor");
    assert.ok(!(await editorText(browser)).includes("Mine A."));
    await until(async () => (await saveState(browser)) === "Saved", "the saved state after Take theirs");
    assert.equal(await banner(browser), "");
    assert.equal(read(HELLO), helloDraft, "Take theirs writes nothing");

    // 4. An outside edit with a clean buffer appears in the editor without a prompt.
    const edited = helloDraft.replace("Welcome from the draft branch!", "Welcome, edited in vim!");
    writeOutside(at(HELLO), edited);
    await until(async () => (await editorText(browser)).includes("Welcome, edited in vim!"), "the outside edit in the editor");
    assert.equal(await banner(browser), "");
    assert.equal(await saveState(browser), "Saved");
    assert.equal(read(HELLO), edited);

    // 5. Dirty buffer + outside edit: banner; "Keep mine" writes the writer's text over theirs.
    await typeAtEnd(browser, " Mine B.");
    const theirsB = edited.replace("Welcome, edited in vim!", "Welcome, edited again in vim!");
    writeOutside(at(HELLO), theirsB);
    await until(() => banner(browser), "the conflict banner");
    await screenshot(browser, "outside-conflict-banner");
    assert.equal(read(HELLO), theirsB, "nothing written while the banner is up");
    assert.ok(await clickButtonIn(browser, '[data-testid="conflict-banner"]', "Keep mine"));
    await until(async () => (await saveState(browser)) === "Saved", "the saved state after Keep mine");
    const kept = read(HELLO);
    assert.equal(kept, edited + " Mine B.", "mine on disk, theirs overwritten as chosen");
    assert.ok((await editorText(browser)).includes("Mine B."));
    assert.equal(await banner(browser), "");

    // 6. Autosave while the banner is up writes nothing. The positive signal that autosave's
    // timer has fired: the journal's, armed by the same keystroke for twice the delay.
    await typeAtEnd(browser, " Mine C.");
    const theirsC = kept.replace("Welcome, edited in vim!", "Welcome, edited a third time!");
    writeOutside(at(HELLO), theirsC);
    await until(() => banner(browser), "the conflict banner (autosave)");
    const journaled = (marker) => async () => (await calls(browser)).some((c) => c.cmd === "journal_record" && c.body.includes(marker));
    await until(journaled("Mine C."), "the journal of the text typed before the banner");
    const before = (await calls(browser)).length;
    await browser.execute(() => document.querySelector(".autosave input").click());
    await browser.keys("!"); // the editor still has the focus
    await until(journaled("Mine C.!"), "the journal of the key typed under the banner");
    const since = (await calls(browser)).slice(before).map((c) => c.cmd);
    assert.ok(!since.includes("save_post"), `no save tried under the banner (calls: ${since.join(", ")})`);
    assert.equal(read(HELLO), theirsC, "the outside version is still on disk");
    assert.equal(await saveState(browser), "Not saved (conflict)");
    assert.ok((await editorText(browser)).includes("Mine C.!"));
    assert.ok(await clickButtonIn(browser, '[data-testid="conflict-banner"]', "Take theirs"));
    await until(async () => (await editorText(browser)).includes("Welcome, edited a third time!"), "theirs in the editor (autosave)");
    await until(async () => (await saveState(browser)) === "Saved", "the saved state after Take theirs (autosave)");
    assert.ok(!(await editorText(browser)).includes("Mine C."));
    await browser.execute(() => document.querySelector(".autosave input").click());

    // 7. `git mv` of the open post with unsaved text: the app says so, edits the new path, and a
    // save writes there (not the old path).
    await typeAtEnd(browser, " Mine D.");
    git(blog, "mv", HELLO, MOVED);
    const renamed = await until(() => textOf(browser, "notice"), "the rename notice");
    assert.match(renamed, new RegExp(`renamed to ${MOVED}`));
    await until(async () => {
      const l = await listed(browser);
      return l.includes(MOVED) && !l.includes(HELLO);
    }, "the renamed post in the list");
    assert.ok((await editorText(browser)).includes("Mine D."), "the text is kept");
    assert.ok(await clickButtonIn(browser, '[data-testid="titlebar"]', "Save"));
    await until(async () => (await saveState(browser)) === "Saved", "the saved state after the rename");
    const savedD = read(MOVED);
    assert.ok(savedD.endsWith("Mine B. Mine D."), "saved under the new name");
    assert.ok(!fs.existsSync(at(HELLO)), "the old path is not written again");

    // 8. `rm` of the open post with unsaved text: the banner says so, the text stays, and
    // "Keep my text" writes it back.
    await typeAtEnd(browser, " Mine E.");
    fs.rmSync(at(MOVED));
    assert.match(await until(() => banner(browser), "the deleted banner"), /was deleted or renamed outside Postdesk/);
    await until(async () => !(await listed(browser)).includes(MOVED), "the deleted post out of the list");
    assert.ok((await editorText(browser)).includes("Mine E."), "the text is kept");
    assert.ok(!fs.existsSync(at(MOVED)), "nothing written");
    assert.ok(await clickButtonIn(browser, '[data-testid="conflict-banner"]', "Keep my text"));
    await until(() => fs.existsSync(at(MOVED)), "the text written back");
    await until(async () => (await saveState(browser)) === "Saved", "the saved state after Keep my text");
    assert.equal(read(MOVED), savedD + " Mine E.", "all of the writer's text, back on disk");
    await until(async () => (await listed(browser)).includes(MOVED), "the post back in the list");
  } finally {
    await app.close("outside-end");
  }
});

// Drives the real Postdesk binary: each session gets a throw-away copy of a fixture blog and
// its own HOME / XDG folders, its own tauri-driver (which starts WebKitWebDriver, which starts
// the app), and saves a screenshot into tests/screenshots/ whatever the outcome.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, "../..");
export const SCREENSHOTS = path.join(ROOT, "tests", "screenshots");
export const APP = process.env.POSTDESK_APP ?? path.join(ROOT, "target", "debug", "postdesk-app");
const TAURI_DRIVER = process.env.TAURI_DRIVER ?? findOnPath("tauri-driver") ?? path.join(os.homedir(), ".cargo", "bin", "tauri-driver");

function findOnPath(bin) {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    const p = path.join(dir, bin);
    if (dir && fs.existsSync(p)) return p;
  }
  return null;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function waitForPort(port, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.end();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not listen on ${port} within ${ms} ms`);
}

function git(cwd, ...args) {
  execFileSync("git", args, { cwd, stdio: "pipe", env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" } });
}

/**
 * Copies a fixture blog into a temp dir, adds `files` (repository path → text) and commits it,
 * as a writer's clone would be.
 */
export function makeBlog(tmp, fixture = path.join(ROOT, "examples", "demo-blog"), files = {}) {
  const blog = path.join(tmp, "blog");
  fs.cpSync(fixture, blog, { recursive: true });
  for (const [rel, text] of Object.entries(files)) fs.writeFileSync(path.join(blog, rel), text);
  git(blog, "init", "-q", "-b", "main");
  git(blog, "-c", "user.name=Test", "-c", "user.email=test@example.org", "add", "-A");
  git(blog, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-qm", "fixture");
  return blog;
}

/**
 * Starts the app. `args` go to the binary (e.g. a blog path); `tmp` holds HOME and XDG dirs.
 * Returns { browser, tmp, close(name) } — close saves a screenshot named `name`.
 */
export async function launch({ args = [], tmp = fs.mkdtempSync(path.join(os.tmpdir(), "postdesk-e2e-")) } = {}) {
  if (!fs.existsSync(APP)) throw new Error(`no app binary at ${APP}: run \`cargo build -p postdesk-app\``);
  const home = path.join(tmp, "home");
  for (const d of ["", ".local/share", ".config", ".cache"]) fs.mkdirSync(path.join(home, d), { recursive: true });
  const port = await freePort();
  const nativePort = await freePort();
  const env = {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: path.join(home, ".local/share"),
    XDG_CONFIG_HOME: path.join(home, ".config"),
    XDG_CACHE_HOME: path.join(home, ".cache"),
    WEBKIT_DISABLE_COMPOSITING_MODE: "1",
    WEBKIT_DISABLE_DMABUF_RENDERER: "1",
  };
  const driver = spawn(TAURI_DRIVER, ["--port", String(port), "--native-port", String(nativePort)], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: close() ends the driver, WebKitWebDriver and the app together.
    detached: true,
  });
  const killAll = () => {
    try {
      process.kill(-driver.pid, "SIGKILL");
    } catch {}
  };
  let driverLog = "";
  driver.stdout.on("data", (d) => (driverLog += d));
  driver.stderr.on("data", (d) => (driverLog += d));
  await waitForPort(port, 15000);
  let browser;
  try {
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "error",
      connectionRetryTimeout: 30000,
      capabilities: { "tauri:options": { application: APP, args } },
    });
  } catch (e) {
    killAll();
    throw new Error(`could not start a session: ${e.message}\n${driverLog}`);
  }
  return {
    browser,
    tmp,
    home,
    async close(name) {
      // A screenshot is a courtesy: it must never hide the test's real outcome. WebKit's
      // WebDriver screenshot sometimes never answers (a page with no pending paint), so it gets
      // a few seconds, then the X server's picture of the screen is taken instead.
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      const file = path.join(SCREENSHOTS, `${name}.png`);
      const shot = browser.saveScreenshot(file).then(() => true, () => false);
      const timeout = new Promise((r) => setTimeout(() => r(false), 8000).unref());
      if (!(await Promise.race([shot, timeout])) && process.env.DISPLAY) {
        try {
          execFileSync("import", ["-display", process.env.DISPLAY, "-window", "root", file], { stdio: "ignore", timeout: 10000 });
        } catch {}
      }
      // Ending the session can hang when the app was killed under the driver: bounded too.
      const ended = browser.deleteSession().then(() => true, () => false);
      await Promise.race([ended, new Promise((r) => setTimeout(() => r(false), 10000).unref())]);
      killAll();
    },
  };
}

/** Waits until `fn` returns a truthy value (polling), or fails with `what`. */
export async function until(fn, what, ms = 15000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last})`);
}

/** The text of the preview iframe's article. */
export async function previewText(browser) {
  return browser.execute(() => {
    const f = document.querySelector('[data-testid="preview"]');
    return f?.contentDocument?.querySelector("article")?.innerText ?? "";
  });
}

/** The editor's document text. */
export async function editorText(browser) {
  return browser.execute(() => document.querySelector(".cm-content")?.innerText ?? "");
}

/** Titles of the posts in the sidebar, in order. */
export async function postTitles(browser) {
  return browser.execute(() => [...document.querySelectorAll('[data-testid="post-list"] .title')].map((e) => e.textContent));
}

/** Clicks the post whose repo-relative path is `rel`; false when it is not listed. */
export async function clickPost(browser, rel) {
  return browser.execute((p) => {
    const b = [...document.querySelectorAll('[data-testid="post-list"] button')].find((e) => e.getAttribute("title") === p);
    if (!b) return false;
    b.click();
    return true;
  }, rel);
}

/** Text of an element by test id ("" when absent). */
export async function textOf(browser, testid) {
  return browser.execute((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? "", testid);
}

/** Clicks the first button under `container` (a CSS selector) whose text contains `text`. */
export async function clickButtonIn(browser, container, text) {
  return browser.execute(
    (sel, t) => {
      const b = [...document.querySelectorAll(`${sel} button`)].find((e) => e.textContent.includes(t));
      b?.click();
      return !!b;
    },
    container,
    text,
  );
}

/**
 * Drops `paths` on the start of the editor line that starts with `lineStart`, the way Tauri
 * delivers an OS drop to the page (physical pixels; scale 1 under Xvfb).
 */
export async function dropOnLine(browser, paths, lineStart) {
  const pos = await browser.execute((start) => {
    const line = [...document.querySelectorAll(".cm-line")].find((l) => l.textContent.startsWith(start));
    const r = line.getBoundingClientRect();
    return { x: Math.round(r.left + 2), y: Math.round(r.top + r.height / 2) };
  }, lineStart);
  await browser.execute(async (p, position) => {
    await window.__TAURI_INTERNALS__.invoke("plugin:event|emit", { event: "tauri://drag-drop", payload: { paths: p, position } });
  }, paths, pos);
}

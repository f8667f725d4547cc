import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { render, screen, fireEvent, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import SitePreview from "./SitePreview.svelte";
import type { SiteStatus, TrustInfo } from "../lib/bindings/core";

beforeEach(() => localStorage.clear());
afterEach(() => clearMocks());

const POST = "_posts/2026-02-06-web-homologation-as-app.md";
const URL_OF_POST = "http://127.0.0.1:4123/2026/02/06/web-homologation-as-app.html";

const status = (over: Partial<SiteStatus> = {}): SiteStatus => ({
  state: "ready",
  generator: "jekyll",
  command: "jekyll serve --drafts --future --unpublished --host 127.0.0.1 --port 4123",
  base_url: "http://127.0.0.1:4123/",
  generation: 1,
  message: null,
  build_error: null,
  log_total: 2,
  ...over,
});

function backend(handlers: Record<string, (args: any) => unknown>) {
  const calls: [string, any][] = [];
  mockIPC(async (cmd, args: any) => {
    calls.push([cmd, args]);
    const h = handlers[cmd];
    if (!h) throw { kind: "app", message: `unexpected ${cmd}` };
    return h(args);
  });
  return calls;
}
const of = (calls: [string, any][], cmd: string) => calls.filter(([c]) => c === cmd).map(([, a]) => a);

const frame = () => screen.queryByTestId("site-frame") as HTMLIFrameElement | null;

describe("SitePreview beside the fast preview", () => {
  it("keeps the fast preview under the Preview tab and starts the site only when Site is picked", async () => {
    const calls = backend({});
    render(SitePreview, { path: POST, saved: "x" });
    expect(screen.getByTestId("tab-preview").getAttribute("aria-selected")).toBe("true");
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toEqual([]);
  });

  it("shows the post's page in a sandboxed cross-origin frame, and reloads it after a rebuild", async () => {
    let generation = 1;
    const calls = backend({
      site_start: () => status({ state: "starting", generation: 0 }),
      site_status: () => status({ generation }),
      site_page: () => ({ url: URL_OF_POST, found: true }),
    });
    render(SitePreview, { path: POST, saved: "x" });
    await fireEvent.click(screen.getByTestId("tab-site"));
    await waitFor(() => expect(frame()?.getAttribute("src")).toBe(URL_OF_POST), { timeout: 3000 });
    const f = frame()!;
    // Scripts of the site run, but it can never navigate the app's window or open others.
    expect(f.getAttribute("sandbox")).toBe("allow-scripts allow-same-origin allow-forms");
    expect(of(calls, "site_start")).toEqual([{ rev: null, tip: null }]);
    expect(of(calls, "site_page")[0]).toEqual({ rev: null, path: POST });
    expect(localStorage.getItem("postdesk.previewTab")).toBe("site");
    generation = 2;
    await waitFor(() => expect(frame()?.getAttribute("src")).toBe(`${URL_OF_POST}?postdesk=2`), { timeout: 3000 });
  });

  it("asks again where a new post's page is once the generator has built it", async () => {
    let generation = 1;
    backend({
      site_start: () => status(),
      site_status: () => status({ generation }),
      site_page: () => (generation === 1 ? { url: "http://127.0.0.1:4123/guess.html", found: false } : { url: URL_OF_POST, found: true }),
    });
    render(SitePreview, { path: POST, saved: "x" });
    await fireEvent.click(screen.getByTestId("tab-site"));
    await screen.findByTestId("site-not-found", {}, { timeout: 3000 });
    generation = 2;
    await waitFor(() => expect(frame()?.getAttribute("src")).toBe(`${URL_OF_POST}?postdesk=2`), { timeout: 3000 });
    expect(screen.queryByTestId("site-not-found")).toBeNull();
  });

  it("says what to install when the generator is missing, once, with no loop of errors", async () => {
    const message = "`zola` is not installed, so the site cannot be previewed: install it from getzola.org. The fast preview keeps working.";
    const calls = backend({
      site_start: () => {
        throw { kind: "not_found", message };
      },
      site_status: () => null,
    });
    render(SitePreview, { path: "content/blog/a.md", saved: "x" });
    await fireEvent.click(screen.getByTestId("tab-site"));
    expect((await screen.findByTestId("site-error")).textContent).toContain(message);
    await new Promise((r) => setTimeout(r, 1400));
    expect(of(calls, "site_start")).toHaveLength(1);
    expect(frame()).toBeNull();
    // Back to the fast preview: it is still there.
    await fireEvent.click(screen.getByTestId("tab-preview"));
    expect(screen.queryByTestId("site-error")).toBeNull();
  });

  it("shows why the build failed and the server's log", async () => {
    backend({
      site_start: () => status({ state: "starting", generation: 0 }),
      site_status: () => status({ state: "failed", message: "The site does not build: Liquid Exception: x in pages/a.md" }),
      site_log: (a) => ({ first: a.since, lines: ["Generating...", "Liquid Exception: x in pages/a.md"].slice(a.since), total: 2 }),
    });
    render(SitePreview, { path: POST, saved: "x" });
    await fireEvent.click(screen.getByTestId("tab-site"));
    await waitFor(() => expect(screen.getByTestId("site-error").textContent).toContain("Liquid Exception"), { timeout: 3000 });
    await fireEvent.click(screen.getByTestId("site-log-toggle"));
    await waitFor(() => expect(screen.getByTestId("site-log").textContent).toBe("Generating...\nLiquid Exception: x in pages/a.md"));
  });
});

describe("SitePreview in a review", () => {
  const TIP = "c0ffee".padEnd(40, "0");
  const trust = (over: Partial<TrustInfo> = {}): TrustInfo => ({
    command: "jekyll serve --drafts --future --unpublished --host 127.0.0.1 --port N",
    generator: "jekyll",
    from_config: false,
    files: ["_plugins/greet.rb — Jekyll plugin", "Gemfile — gems Bundler loads"],
    commit: TIP,
    approved: false,
    ...over,
  });

  it("asks first, naming the command and the files that will run, and runs only that tip", async () => {
    const calls = backend({
      site_trust: () => trust(),
      site_start: () => status({ state: "starting", generation: 0 }),
      site_status: () => status(),
      site_page: () => ({ url: "http://127.0.0.1:4123/2026/11/28/my-trip.html", found: true }),
    });
    render(SitePreview, { path: "_posts/2026-11-28-my-trip.md", rev: "origin/post/my-trip" });
    const ask = await screen.findByTestId("site-ask");
    expect(screen.getByTestId("site-ask-command").textContent).toContain("jekyll serve");
    expect(screen.getByTestId("site-ask-files").textContent).toContain("_plugins/greet.rb");
    expect(ask.textContent).toContain("c0ffee0000");
    expect(screen.queryByTestId("tab-site")).toBeNull();
    await new Promise((r) => setTimeout(r, 700));
    expect(of(calls, "site_start")).toEqual([]);
    await fireEvent.click(screen.getByTestId("site-run"));
    await waitFor(() => expect(frame()?.getAttribute("src")).toBe("http://127.0.0.1:4123/2026/11/28/my-trip.html"), { timeout: 3000 });
    expect(of(calls, "site_start")).toEqual([{ rev: "origin/post/my-trip", tip: TIP }]);
    expect(of(calls, "site_page")[0]).toEqual({ rev: "origin/post/my-trip", path: "_posts/2026-11-28-my-trip.md" });
  });

  it("does not ask again for a tip the reviewer already agreed to", async () => {
    const calls = backend({
      site_trust: () => trust({ approved: true }),
      site_start: () => status(),
      site_status: () => status(),
      site_page: () => ({ url: "http://127.0.0.1:4123/x.html", found: true }),
    });
    render(SitePreview, { path: "_posts/2026-11-28-my-trip.md", rev: "post/my-trip" });
    await waitFor(() => expect(frame()).not.toBeNull(), { timeout: 3000 });
    expect(screen.queryByTestId("site-ask")).toBeNull();
    expect(of(calls, "site_start")).toEqual([{ rev: "post/my-trip", tip: TIP }]);
  });
});

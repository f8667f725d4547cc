import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, fireEvent, waitFor, within } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import ReviewView from "./ReviewView.svelte";
import type { BranchInfo, ChangedPost, Rendered } from "../lib/bindings/core";

afterEach(() => clearMocks());

const now = Math.floor(Date.now() / 1000);

const branch = (name: string, over: Partial<BranchInfo> = {}): BranchInfo => ({
  name, remote: null, is_head: false, commit: "f".repeat(40), summary: `Tip of ${name}`, author: "Ada", time: now - 3 * 3600, ...over,
});

const BRANCHES: BranchInfo[] = [
  branch("main", { is_head: true, summary: "Merge the autumn posts", time: now - 2 * 86400 }),
  branch("post/my-trip", { summary: "Add post: My trip" }),
  branch("origin/main", { remote: "origin", summary: "Merge the autumn posts" }),
  branch("origin/post/paris", { remote: "origin", summary: "Add post: Paris", author: "Grace" }),
];

const TRIP = "_posts/2026-11-28-my-trip.md";
const POSTS: ChangedPost[] = [
  { path: TRIP, change: "added", old_path: null, title: "My trip" },
  { path: "_posts/2026-10-01-autumn.md", change: "modified", old_path: null, title: "Autumn" },
];

const rendered = (html: string): Rendered => ({
  html, header: { title: null, description: null, authors: [], date: null, thumbnail: null, thumbnail_missing: null },
  header_html: `<header class="pd-post-header"><h1>Title</h1></header>`, headings: [], body_line: 4, front_matter_error: null, has_raw_html: false,
});

const DIFF = [
  "--- a/_posts/2026-10-01-autumn.md",
  "+++ b/_posts/2026-10-01-autumn.md",
  "@@ -1,4 +1,5 @@",
  " ---",
  "-title: Autum",
  "+title: Autumn",
  "+date: 2026-10-01",
  " ---",
  "-Leaves.",
  "-More leaves.",
  "+Leaves fall.",
  "",
].join("\n");

function backend(over: Record<string, (args: any) => unknown> = {}) {
  const calls: [string, any][] = [];
  const handlers: Record<string, (args: any) => unknown> = {
    git_branches: () => BRANCHES,
    review_posts: (a) => (a.rev === "post/my-trip" ? POSTS : []),
    review_render: (a) => ({ text: "", rendered: rendered(`<p>${a.path} at ${a.rev}</p>`) }),
    review_diff: () => DIFF,
    review_merge_base: (a) => (a.base === "main" ? "fork0001" : "unexpected-base"),
    ...over,
  };
  mockIPC(async (cmd, args: any) => {
    calls.push([cmd, args]);
    const h = handlers[cmd];
    if (!h) throw { kind: "app", message: `unexpected ${cmd}` };
    return h(args);
  });
  return calls;
}

const of = (calls: [string, any][], cmd: string) => calls.filter(([c]) => c === cmd).map(([, a]) => a);

function view(props: Partial<{ css: string; defaultBranch: string | null }> = {}) {
  const onclose = vi.fn();
  const r = render(ReviewView, { css: "body{color:red}", onclose, ...props });
  return { ...r, onclose };
}

async function pick(name: string) {
  const list = await screen.findByTestId("review-branches");
  const row = within(list).getAllByRole("button").find((b) => b.querySelector(".name")?.textContent === name);
  if (!row) throw new Error(`no branch ${name}`);
  await fireEvent.click(row);
}

async function openPost(title: string) {
  const list = await screen.findByTestId("review-posts");
  const row = within(list).getAllByRole("button").find((b) => b.querySelector(".name")?.textContent === title);
  if (!row) throw new Error(`no post ${title}`);
  await fireEvent.click(row);
}

describe("ReviewView", () => {
  it("lists local and remote branches with the current and default ones marked, and filters them", async () => {
    backend();
    view({ defaultBranch: "main" });
    const list = await screen.findByTestId("review-branches");
    expect([...list.querySelectorAll("h3")].map((h) => h.textContent)).toEqual(["Local", "Remote"]);
    const rows = within(list).getAllByRole("button");
    expect(rows.map((r) => r.querySelector(".name")!.textContent)).toEqual(["main", "post/my-trip", "origin/main", "origin/post/paris"]);
    expect([...rows[0].querySelectorAll(".tag")].map((t) => t.textContent)).toEqual(["current", "default"]);
    expect([...rows[2].querySelectorAll(".tag")].map((t) => t.textContent)).toEqual(["default"]);
    expect(rows[1].querySelectorAll(".tag")).toHaveLength(0);
    expect(rows[0].textContent).toContain("Merge the autumn posts");
    expect(rows[0].textContent).toContain("Ada · 2 days ago");
    expect(rows[1].textContent).toContain("3 hours ago");

    await fireEvent.input(screen.getByLabelText("Filter branches"), { target: { value: "paris grace" } });
    expect(within(screen.getByTestId("review-branches")).getAllByRole("button").map((r) => r.querySelector(".name")!.textContent)).toEqual(["origin/post/paris"]);
    await fireEvent.input(screen.getByLabelText("Filter branches"), { target: { value: "nothing-like-this" } });
    expect(screen.queryByTestId("review-branches")).toBeNull();
    expect(screen.getByText("No branch matches.")).toBeTruthy();
  });

  it("picks a branch, lists the posts it changes, and previews one read-only in a sandboxed frame", async () => {
    const calls = backend();
    view();
    expect(screen.getByTestId("review-view").textContent).toContain("read-only, your working tree is untouched");
    await pick("post/my-trip");
    expect(of(calls, "review_posts")).toEqual([{ rev: "post/my-trip", base: null }]);
    expect(screen.getByRole("status").textContent).toMatch(/Reviewing post\/my-trip — read-only, your working tree is untouched/);
    const posts = await screen.findByTestId("review-posts");
    const rows = within(posts).getAllByRole("button");
    expect(rows.map((r) => r.textContent!.replace(/\s+/g, " ").trim())).toEqual([
      `My trip added ${TRIP}`,
      "Autumn changed _posts/2026-10-01-autumn.md",
    ]);

    await openPost("My trip");
    const frame = (await screen.findByTestId("review-preview")) as HTMLIFrameElement;
    expect(of(calls, "review_render")).toEqual([{ rev: "post/my-trip", path: TRIP }]);
    const doc = frame.getAttribute("srcdoc")!;
    expect(doc).toContain(`<p>${TRIP} at post/my-trip</p>`);
    expect(doc).toContain(`<h1>Title</h1>`);
    expect(doc).toContain("body{color:red}");
    expect(doc).toContain("Content-Security-Policy");
    expect(frame.getAttribute("sandbox")).toBe("allow-same-origin");
    expect(frame.getAttribute("sandbox")).not.toContain("allow-scripts");
  });

  it("says when a branch changes no posts", async () => {
    backend();
    view();
    await pick("main");
    await waitFor(() => expect(screen.getByTestId("review-posts").textContent).toBe("This branch changes no posts."));
  });

  it("shows the changes with added and deleted counts, coloured per line", async () => {
    const calls = backend();
    view();
    await pick("post/my-trip");
    await openPost("Autumn");
    await fireEvent.click(screen.getByRole("tab", { name: "Changes" }));
    const diff = await screen.findByTestId("review-diff");
    expect(of(calls, "review_diff")).toEqual([{ rev: "post/my-trip", base: null, path: "_posts/2026-10-01-autumn.md" }]);
    expect(screen.getByTestId("review-stats").textContent).toMatch(/\+3\s+−3/);
    expect([...diff.querySelectorAll("tr.add .text")].map((t) => t.textContent)).toEqual(["+title: Autumn", "+date: 2026-10-01", "+Leaves fall."]);
    expect([...diff.querySelectorAll("tr.del .text")].map((t) => t.textContent)).toEqual(["-title: Autum", "-Leaves.", "-More leaves."]);
    // Line numbers: the base side for deleted lines, the branch side for added ones.
    const firstAdd = diff.querySelector("tr.add")!;
    expect([...firstAdd.querySelectorAll(".no")].map((t) => t.textContent)).toEqual(["", "2"]);
  });

  it("previews both sides: the base and the branch, or says the post is new", async () => {
    const calls = backend();
    view({ defaultBranch: "main" });
    await pick("post/my-trip");
    await openPost("Autumn");
    await fireEvent.click(screen.getByRole("tab", { name: "Changes" }));
    await screen.findByTestId("review-diff");
    const toggle = screen.getByRole("button", { name: "Preview both sides" });
    expect(toggle.getAttribute("aria-pressed")).toBe("false");
    await fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-pressed")).toBe("true");
    const base = (await screen.findByTestId("review-preview-base")) as HTMLIFrameElement;
    const branchSide = (await screen.findByTestId("review-preview")) as HTMLIFrameElement;
    // "before" is the post where the branch forked from main, not main's tip
    expect(base.getAttribute("srcdoc")).toContain("_posts/2026-10-01-autumn.md at fork0001");
    expect(branchSide.getAttribute("srcdoc")).toContain("_posts/2026-10-01-autumn.md at post/my-trip");
    expect(base.getAttribute("sandbox")).toBe("allow-same-origin");
    expect(of(calls, "review_render").map((a) => a.rev).sort()).toEqual(["fork0001", "post/my-trip"]);

    await openPost("My trip");
    await fireEvent.click(screen.getByRole("tab", { name: "Changes" }));
    await fireEvent.click(screen.getByRole("button", { name: "Preview both sides" }));
    await waitFor(() => expect(screen.getByText("New post — not on the base branch.")).toBeTruthy());
    expect(screen.queryByTestId("review-preview-base")).toBeNull();
    expect(of(calls, "review_render").filter((a) => a.path === TRIP).map((a) => a.rev)).toEqual(["post/my-trip"]);
  });

  it("shows errors inline and closes on the close button and Escape", async () => {
    backend({ review_posts: () => { throw { kind: "not_found", message: "There is no branch, tag or commit named `post/gone`." }; } });
    const { onclose } = view();
    await pick("post/my-trip");
    await waitFor(() => expect(screen.getByTestId("review-error").textContent).toContain("no branch, tag or commit named `post/gone`"));
    await fireEvent.click(screen.getByTestId("review-close"));
    expect(onclose).toHaveBeenCalledTimes(1);
    await fireEvent.keyDown(screen.getByLabelText("Filter branches"), { key: "Escape" });
    expect(onclose).toHaveBeenCalledTimes(2);
  });

  it("shows a render failure in place of the preview", async () => {
    backend({ review_render: () => { throw { kind: "not_found", message: "_posts/x.md does not exist at `post/my-trip`" }; } });
    view();
    await pick("post/my-trip");
    await openPost("My trip");
    await waitFor(() => expect(screen.getByTestId("review-error").textContent).toContain("does not exist at `post/my-trip`"));
    expect(screen.queryByTestId("review-preview")).toBeNull();
  });

  it("drops the posts of a branch picked before the current one", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    backend({
      review_posts: async (a) => {
        if (a.rev === "main") {
          await gate;
          return [{ path: "_posts/old.md", change: "modified", old_path: null, title: "Stale" }];
        }
        return POSTS;
      },
    });
    view();
    await pick("main");
    await pick("post/my-trip");
    await screen.findByText("My trip");
    release();
    await new Promise((r) => setTimeout(r, 30));
    expect(screen.queryByText("Stale")).toBeNull();
    expect(screen.getByRole("status").textContent).toContain("post/my-trip");
  });
});

describe("ReviewView's Site tab", () => {
  it("asks before running the branch's site, never runs it by itself, and stops it when the review closes", async () => {
    const calls = backend({
      site_trust: () => ({
        command: "jekyll serve --drafts --future --unpublished --host 127.0.0.1 --port N",
        generator: "jekyll",
        from_config: false,
        files: ["_plugins/x.rb — Jekyll plugin"],
        commit: "a".repeat(40),
        approved: false,
      }),
      site_stop: () => null,
    });
    const { unmount } = view();
    await pick("post/my-trip");
    await openPost("My trip");
    await fireEvent.click(await screen.findByTestId("review-tab-site"));
    await screen.findByTestId("site-ask");
    expect(of(calls, "site_trust")).toEqual([{ rev: "post/my-trip" }]);
    expect(screen.getByTestId("site-ask-files").textContent).toContain("_plugins/x.rb");
    await new Promise((r) => setTimeout(r, 700));
    expect(of(calls, "site_start")).toEqual([]);
    unmount();
    expect(of(calls, "site_stop")).toEqual([{ rev: "review" }]);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, waitFor, fireEvent, within } from "@testing-library/svelte";
import { clearMocks, mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import App from "./App.svelte";
import type { BlogInfo, EventPayloads, Field, FrontMatterView, Schema, Startup, PreviewDelta } from "./lib/api";

beforeEach(() => {
  mockWindows("main");
  localStorage.clear();
});
afterEach(async () => {
  // Unmount first and let the app's listeners unregister through the mocked event plugin.
  cleanup();
  await new Promise((r) => setTimeout(r, 50));
  clearMocks();
  vi.useRealTimers();
});

const src = "detected" as const;
const blog: BlogInfo = {
  root: "/home/w/blog",
  name: "blog",
  site: {
    kind: "jekyll",
    posts_dirs: ["_posts"],
    drafts_dir: "_drafts",
    file_pattern: "{date}-{slug}.md",
    image_dir_pattern: "images/posts/{post}",
    link_style: "site_absolute",
    max_image_width: 1600,
    required_fields: ["title"],
    description_max: null,
    defaults: {},
    content_config: null,
    sources: {
      kind: src, posts_dirs: src, drafts_dir: src, file_pattern: src, image_dir_pattern: src,
      link_style: src, max_image_width: src, required_fields: src, description_max: src, defaults: src,
    },
    config_warning: null,
  },
};

const posts = [
  { path: "_posts/2024-02-01-b.md", title: "Second", date: "2024-02-01", authors: [], tags: ["x"], draft: false, error: null },
  { path: "_posts/2024-01-01-a.md", title: "First", date: "2024-01-01", authors: [], tags: [], draft: false, error: null },
  { path: "_posts/2023-01-01-bad.md", title: "2023-01-01-bad.md", date: "2023-01-01", authors: [], tags: [], draft: false, error: "YAML error on line 2" },
];

let previewVersion = 0;
/** The whole article every time (what the core sends when `have` is not its last version). */
function rendered(text: string): PreviewDelta {
  return {
    version: ++previewVersion,
    base: null,
    blocks: 2,
    keep_head: 0,
    keep_tail: 0,
    html: `<header>H</header><p data-line="4-4">${text.length} chars</p>`,
    lines: [],
  };
}

/** What `startup` answers for a blog that opened (on Linux and macOS). */
const opened = (over: Partial<Startup> = {}): Startup => ({ blog, error: null, recent: [], image_prefix: "postdesk://localhost/", ...over });

type Opts = {
  slow?: Record<string, number>;
  schema?: Schema;
  fmView?: FrontMatterView;
  checkError?: { kind: string; message: string };
  /** The posts listed (default: all of `posts`, whatever the files). */
  list?: () => typeof posts;
};

const gitStatus = (path: string) => ({
  path, title: "Second", branch: "main", detached: false, head: "0123456789abcdef0123456789abcdef01234567",
  default_branch: "trunk", on_default_branch: true, suggested_branch: "post/b", upstream: null,
  ahead: 0, behind: 0, operation: null, state: "modified",
  files: [{ path, role: "post", state: "modified" }], refused: [],
});

/** The fake Rust side's content hash: a text's length and its end. */
const contentHash = (t: string) => `h${t.length}:${t.slice(-8)}`;

/** A fake Rust side holding files with content hashes, like the real one. */
function backend(startup: Startup, files: Record<string, string> = {}, opts: Opts = {}) {
  const calls: [string, any][] = [];
  const hash = contentHash;
  mockIPC(
    async (cmd, args: any) => {
      calls.push([cmd, args]);
      const ms = opts.slow?.[cmd];
      if (ms) await new Promise((r) => setTimeout(r, ms));
      switch (cmd) {
        case "startup":
          return startup;
        case "list_posts":
          return opts.list?.() ?? posts;
        case "open_blog":
          return blog;
        case "choose_blog":
          return null;
        case "schema":
          if (opts.schema) return opts.schema;
          throw { kind: "no_posts", message: "no schema" };
        case "journal_pending":
          return [];
        case "journal_record":
          return true;
        case "preview_css":
          return "body{}";
        case "load_post": {
          const text = files[args.path];
          if (text === undefined) throw { kind: "not_found", message: `${args.path} does not exist` };
          return { text, hash: hash(text), line_ending: "lf", bom: false };
        }
        case "preview_delta":
          return rendered(args.text);
        case "check_post":
          if (opts.checkError) throw opts.checkError;
          return [];
        case "fm_view":
          return opts.fmView ?? { format: "yaml", fields: [], source: "", error: null };
        case "git_status":
          return gitStatus(args.path);
        case "git_branches":
          return [{ name: "trunk", remote: null, is_head: true, commit: "01234567", summary: "x", author: "Ada", time: 0 }];
        case "review_posts":
          return [];
        case "save_post":
          if (args.expected !== null && hash(files[args.path]) !== args.expected)
            throw { kind: "conflict", message: "changed on disk" };
          files[args.path] = args.text;
          return { hash: hash(args.text), written: true };
      }
      throw { kind: "invalid", message: `unexpected ${cmd}` };
    },
    { shouldMockEvents: true },
  );
  return calls;
}

const SECOND = "---\ntitle: Second\n---\nBody of the second post\n";

describe("App", () => {
  it("lists the posts, opens the newest one in the editor and previews it", async () => {
    const calls = backend(opened(), { "_posts/2024-02-01-b.md": SECOND });
    render(App);
    const list = within(await screen.findByTestId("post-list"));
    await waitFor(() => expect(list.getByText("Second")).toBeTruthy());
    expect(list.getByText("First")).toBeTruthy();
    await waitFor(() => expect(document.querySelector(".cm-content")?.textContent).toContain("Body of the second post"));
    expect(calls.some(([c, a]) => c === "load_post" && a.path === "_posts/2024-02-01-b.md")).toBe(true);
    await waitFor(() => expect(calls.some(([c, a]) => c === "preview_delta" && a.text === SECOND)).toBe(true));
    expect(screen.getByTestId("titlebar").textContent).toContain("blog");
    expect(screen.getByTestId("save-state").textContent).toBe("Saved");
  });

  it("filters the list with the search box", async () => {
    backend(opened(), { "_posts/2024-02-01-b.md": SECOND });
    render(App);
    const list = within(await screen.findByTestId("post-list"));
    await waitFor(() => expect(list.getByText("Second")).toBeTruthy());
    await fireEvent.input(screen.getByLabelText("Search posts"), { target: { value: "first" } });
    await waitFor(() => expect(list.queryByText("Second")).toBeNull());
    expect(list.getByText("First")).toBeTruthy();
    expect(screen.getByText(/1 of 3 posts/)).toBeTruthy();
  });

  it("explains a blog that cannot be opened", async () => {
    backend({
      blog: null,
      error: { kind: "not_a_repo", message: "/tmp/x is not a Git repository." },
      recent: [],
      image_prefix: "postdesk://localhost/",
    });
    render(App);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("not a Git repository"));
    expect(screen.getByText("Open another blog…")).toBeTruthy();
  });

  it("offers the recent blogs when one cannot be opened, and opens them by the shell's picker or the list only", async () => {
    const calls = backend(
      {
        blog: null,
        error: { kind: "not_a_repo", message: "/tmp/x is not a Git repository." },
        recent: ["/home/w/blog", "/home/w/old"],
        image_prefix: "postdesk://localhost/",
      },
      { "_posts/2024-02-01-b.md": SECOND },
    );
    render(App);
    const list = within(await screen.findByTestId("recent-blogs"));
    // The picker is the shell's: the window asks for it and names no folder itself.
    await fireEvent.click(screen.getByText("Open another blog…"));
    await waitFor(() => expect(calls.some(([c]) => c === "choose_blog")).toBe(true));
    expect(calls.find(([c]) => c === "choose_blog")![1]).toEqual({});
    await fireEvent.click(list.getByText("/home/w/blog"));
    await waitFor(() => expect(within(screen.getByTestId("post-list")).getByText("Second")).toBeTruthy());
    expect(calls.find(([c]) => c === "open_blog")![1]).toEqual({ path: "/home/w/blog" });
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("saves with the hash it loaded, and shows a conflict instead of overwriting", async () => {
    localStorage.setItem("postdesk.autosave", "off");
    const path = "_posts/2024-02-01-b.md";
    const files: Record<string, string> = { [path]: SECOND };
    const calls = backend(opened(), files);
    render(App);
    await waitFor(() => expect(document.querySelector(".cm-content")?.textContent).toContain("Body of the second post"));
    const save = screen.getByRole("button", { name: "Save" }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    // The file changes on disk after the app loaded it (no event tells the app): the fake
    // core refuses a save only because the hash sent no longer matches the file's.
    const theirs = SECOND.replace("Body of", "Their body of");
    expect(contentHash(theirs)).not.toBe(contentHash(SECOND));
    files[path] = theirs;
    // Type through CodeMirror's DOM: the editor reports the new text to the app.
    const { EditorView } = await import("@codemirror/view");
    const view = EditorView.findFromDOM(document.querySelector(".cm-editor") as HTMLElement)!;
    view.dispatch({ changes: { from: view.state.doc.length, insert: "More.\n" } });
    await waitFor(() => expect(screen.getByTestId("save-state").textContent).toBe("Unsaved"));
    await fireEvent.click(save);
    await waitFor(() => expect(screen.getByTestId("save-state").textContent).toBe("Not saved (conflict)"));
    // One save, of the writer's text, with the hash of the text it loaded.
    const saves = calls.filter(([c]) => c === "save_post");
    expect(saves.map(([, a]) => a)).toEqual([{ path, text: SECOND + "More.\n", expected: contentHash(SECOND) }]);
    // The outside version is still the file: nothing was written over it.
    expect(files[path]).toBe(theirs);
  });

  it("opens the Publish panel for the open post, and a review without losing the editor's text", async () => {
    localStorage.setItem("postdesk.autosave", "off");
    const calls = backend(opened(), { "_posts/2024-02-01-b.md": SECOND });
    render(App);
    await waitFor(() => expect(document.querySelector(".cm-content")?.textContent).toContain("Body of the second post"));
    expect(screen.queryByTestId("git-panel")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Publish" }));
    await screen.findByTestId("git-panel");
    await waitFor(() => expect(calls.some(([c, a]) => c === "git_status" && a.path === "_posts/2024-02-01-b.md")).toBe(true));
    expect(localStorage.getItem("postdesk.git")).toBe("open");

    const { EditorView } = await import("@codemirror/view");
    const view = EditorView.findFromDOM(document.querySelector(".cm-editor") as HTMLElement)!;
    view.dispatch({ changes: { from: view.state.doc.length, insert: "Unsaved line.\n" } });
    await fireEvent.click(screen.getByRole("button", { name: "Review…" }));
    await screen.findByTestId("review-view");
    await waitFor(() => expect(calls.some(([c]) => c === "git_branches")).toBe(true));
    await fireEvent.click(screen.getByRole("button", { name: "Close review" }));
    await waitFor(() => expect(screen.queryByTestId("review-view")).toBeNull());
    // The editor was kept (not re-created): the unsaved text and its state are still there.
    expect(document.querySelector(".cm-content")?.textContent).toContain("Unsaved line.");
    expect(screen.getByTestId("save-state").textContent).toBe("Unsaved");
    expect(calls.some(([c]) => c === "save_post")).toBe(false);
  });

  it("keeps the post the writer clicked while the blog was still opening", async () => {
    const FIRST = "---\ntitle: First\n---\nBody of the first post\n";
    backend(
      opened(),
      { "_posts/2024-02-01-b.md": SECOND, "_posts/2024-01-01-a.md": FIRST },
      { slow: { journal_pending: 300 } },
    );
    render(App);
    const list = within(await screen.findByTestId("post-list"));
    await fireEvent.click(await list.findByText("First"));
    await new Promise((r) => setTimeout(r, 600));
    expect(document.querySelector(".cm-content")?.textContent).toContain("Body of the first post");
  });

  it("shows the thumbnail from the image URL prefix the shell gives (Windows' here)", async () => {
    const field = (name: string, type: Field["type"]): Field => ({
      name, type, count: 2, frequency: 1, required: false, source: "inferred", values: [], options: [],
      default: null, relation: null, max_length: null, in_new_post: true,
    });
    const schema: Schema = {
      format: "yaml", flow_lists: true, posts: 2, fields: [field("title", "string"), field("thumbnail", "image")],
      authors: [], authors_source: null, zod_source: null, zod_collection: null,
    };
    const fmView: FrontMatterView = {
      format: "yaml",
      source: "title: Second\nthumbnail: /images/b.png\n",
      error: null,
      fields: [
        { key: "title", value: "Second", raw: "Second", line: 2, style: "plain", comment: null, editable: true },
        { key: "thumbnail", value: "/images/b.png", raw: "/images/b.png", line: 3, style: "plain", comment: null, editable: true },
      ],
    };
    backend(opened({ image_prefix: "http://postdesk.localhost/" }), { "_posts/2024-02-01-b.md": SECOND }, { schema, fmView });
    const { container } = render(App);
    await waitFor(() => expect(container.querySelector("img")?.getAttribute("src")).toBe("http://postdesk.localhost/images/b.png"));
  });

  it("reloads the open post when the shell says it changed on disk, and it has no unsaved edits", async () => {
    const files = { "_posts/2024-02-01-b.md": SECOND };
    backend(opened(), files);
    render(App);
    await waitFor(() => expect(document.querySelector(".cm-content")?.textContent).toContain("Body of the second post"));
    files["_posts/2024-02-01-b.md"] = SECOND.replace("Body", "New body");
    const changes: EventPayloads["blog-changed"] = [{ kind: "modified", path: "_posts/2024-02-01-b.md" }];
    await emit("blog-changed", changes);
    await waitFor(() => expect(document.querySelector(".cm-content")?.textContent).toContain("New body of the second post"));
    expect(screen.getByTestId("save-state").textContent).toBe("Saved");
  });

  it("says the open post is not on the branch switched to, not that it was deleted, and keeps its text", async () => {
    const files: Record<string, string | undefined> = { "_posts/2024-02-01-b.md": SECOND };
    backend(opened(), files as Record<string, string>);
    render(App);
    await waitFor(() => expect(document.querySelector(".cm-content")?.textContent).toContain("Body of the second post"));
    delete files["_posts/2024-02-01-b.md"];
    // What the watcher sends for a `git switch` to a branch without the post: HEAD first, then the file.
    const changes: EventPayloads["blog-changed"] = [
      { kind: "branch_changed", branch: "other", detached: false },
      { kind: "removed", path: "_posts/2024-02-01-b.md" },
    ];
    await emit("blog-changed", changes);
    const banner = await screen.findByTestId("conflict-banner");
    await waitFor(() => expect(banner.textContent).toContain("does not exist on the branch now checked out"));
    expect(banner.textContent).not.toContain("deleted");
    expect(document.querySelector(".cm-content")?.textContent).toContain("Body of the second post");
  });

  it("says the open post was deleted when it goes without a branch switch; Keep my text writes it back into the list", async () => {
    const files: Record<string, string | undefined> = { "_posts/2024-02-01-b.md": SECOND };
    backend(opened(), files as Record<string, string>, { list: () => posts.filter((p) => p.path !== "_posts/2024-02-01-b.md" || files[p.path] !== undefined) });
    render(App);
    await waitFor(() => expect(document.querySelector(".cm-content")?.textContent).toContain("Body of the second post"));
    delete files["_posts/2024-02-01-b.md"];
    const changes: EventPayloads["blog-changed"] = [{ kind: "removed", path: "_posts/2024-02-01-b.md" }];
    await emit("blog-changed", changes);
    const banner = await screen.findByTestId("conflict-banner");
    expect(banner.textContent).toContain("was deleted or renamed outside Postdesk");
    expect(document.querySelector(".cm-content")?.textContent).toContain("Body of the second post");
    const list = within(screen.getByTestId("post-list"));
    await waitFor(() => expect(list.queryByText("Second")).toBeNull());
    // The app's own write is not reported by the watcher: the list must take the post back itself.
    await fireEvent.click(within(banner).getByText("Keep my text"));
    await waitFor(() => expect(files["_posts/2024-02-01-b.md"]).toBe(SECOND));
    await waitFor(() => expect(list.getByText("Second")).toBeTruthy());
    expect(screen.queryByTestId("conflict-banner")).toBeNull();
    expect(screen.getByTestId("save-state").textContent).toBe("Saved");
  });

  it("says which line to fix when a malformed authors file stops the problems", async () => {
    const message = "_data/authors.yml line 3 column 1: while parsing a flow sequence; fix it so authors can be shown and checked";
    backend(opened(), { "_posts/2024-02-01-b.md": SECOND }, { checkError: { kind: "config", message } });
    render(App);
    await waitFor(() => expect(document.body.textContent).toContain("_data/authors.yml line 3"), { timeout: 3000 });
  });

  it("asks again for the schema, the problems and the preview when the authors file changes outside", async () => {
    const calls = backend(opened(), { "_posts/2024-02-01-b.md": SECOND });
    render(App);
    await waitFor(() => expect(document.querySelector(".cm-content")?.textContent).toContain("Body of the second post"));
    await waitFor(() => expect(calls.some(([c]) => c === "check_post")).toBe(true));
    const count = (cmd: string) => calls.filter(([c]) => c === cmd).length;
    const before = { schema: count("schema"), check: count("check_post"), preview: count("preview_delta") };
    const changes: EventPayloads["blog-changed"] = [{ kind: "modified", path: "_data/authors.yml" }];
    await emit("blog-changed", changes);
    await waitFor(() => expect(count("schema")).toBe(before.schema + 1));
    await waitFor(() => expect(count("check_post")).toBe(before.check + 1), { timeout: 2000 });
    await waitFor(() => expect(count("preview_delta")).toBeGreaterThan(before.preview));
    expect(screen.getByTestId("save-state").textContent).toBe("Saved");
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { render, screen, waitFor, fireEvent, within } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import App from "./App.svelte";
import type { BlogInfo, Startup } from "./lib/api";

afterEach(() => clearMocks());

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
  },
};

const posts = [
  { path: "_posts/2024-02-01-b.md", title: "Second", date: "2024-02-01", authors: [], tags: ["x"], draft: false, error: null },
  { path: "_posts/2024-01-01-a.md", title: "First", date: "2024-01-01", authors: [], tags: [], draft: false, error: null },
  { path: "_posts/2023-01-01-bad.md", title: "2023-01-01-bad.md", date: "2023-01-01", authors: [], tags: [], draft: false, error: "YAML error on line 2" },
];

function backend(startup: Startup, files: Record<string, string> = {}) {
  const calls: [string, any][] = [];
  mockIPC((cmd, args: any) => {
    calls.push([cmd, args]);
    switch (cmd) {
      case "startup":
        return startup;
      case "list_posts":
        return posts;
      case "read_post":
        return { path: args.path, text: files[args.path] ?? "" };
      case "render_preview":
        return `<h1>${args.text.length}</h1>`;
      case "save_post":
        files[args.path] = args.text;
        return null;
    }
    throw { kind: "app", message: `unexpected ${cmd}` };
  });
  return calls;
}

describe("App", () => {
  it("lists the posts and opens the newest one in the editor", async () => {
    const calls = backend(
      { blog, error: null, recent: [] },
      { "_posts/2024-02-01-b.md": "---\ntitle: Second\n---\nBody of the second post\n" },
    );
    render(App);
    await waitFor(() => expect(screen.getByText("Second")).toBeTruthy());
    expect(screen.getByText("First")).toBeTruthy();
    expect(screen.getByText(/cannot be read/)).toBeTruthy();
    await waitFor(() => expect(document.querySelector(".cm-content")?.textContent).toContain("Body of the second post"));
    expect(calls.some(([c, a]) => c === "read_post" && a.path === "_posts/2024-02-01-b.md")).toBe(true);
    expect(calls.some(([c]) => c === "render_preview")).toBe(true);
    expect(screen.getByTestId("titlebar").textContent).toContain("blog");
  });

  it("filters the list with the search box", async () => {
    backend({ blog, error: null, recent: [] });
    render(App);
    await waitFor(() => expect(screen.getByText("Second")).toBeTruthy());
    await fireEvent.input(screen.getByLabelText("Search posts"), { target: { value: "first" } });
    const list = within(screen.getByTestId("post-list"));
    await waitFor(() => expect(list.queryByText("Second")).toBeNull());
    expect(list.getByText("First")).toBeTruthy();
    expect(screen.getByText("1 of 3 posts")).toBeTruthy();
  });

  it("explains a blog that cannot be opened", async () => {
    backend({
      blog: null,
      error: { kind: "not_a_repo", message: "/tmp/x is not a Git repository." },
      recent: [],
    });
    render(App);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("not a Git repository"));
    expect(screen.getByText("Open another blog…")).toBeTruthy();
  });
});

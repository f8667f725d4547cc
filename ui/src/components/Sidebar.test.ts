import { describe, expect, it, vi } from "vitest";
import { render, screen, fireEvent, within } from "@testing-library/svelte";
import Sidebar from "./Sidebar.svelte";
import type { PostSummary } from "../lib/bindings/core";

const post = (slug: string, title: string, tags: string[], authors: string[], draft = false): PostSummary => ({
  path: `_posts/2024-01-01-${slug}.md`, title, date: "2024-01-01", tags, authors, draft, error: null,
});

const posts = [
  post("a", "Alpha", ["rust", "web"], ["ada"]),
  post("b", "Beta", ["web"], ["grace"], true),
  post("c", "Gamma", ["rust"], ["grace"]),
  post("d", "Delta", [], ["ada"], true),
];

const titles = () =>
  within(screen.getByTestId("post-list")).queryAllByRole("button").map((b) => b.querySelector(".title")?.textContent);

describe("Sidebar", () => {
  it("shows a New post button that calls onnew, and none without onnew", async () => {
    const onnew = vi.fn();
    const { unmount } = render(Sidebar, { posts, current: null, onopen: vi.fn(), onnew });
    await fireEvent.click(screen.getByRole("button", { name: /New post/ }));
    expect(onnew).toHaveBeenCalledTimes(1);
    unmount();
    render(Sidebar, { posts, current: null, onopen: vi.fn() });
    expect(screen.queryByRole("button", { name: /New post/ })).toBeNull();
  });

  it("offers authors and tags with their counts, most used first", () => {
    render(Sidebar, { posts, current: null, onopen: vi.fn() });
    const authors = [...(screen.getByLabelText("Author") as HTMLSelectElement).options].map((o) => o.textContent);
    expect(authors).toEqual(["Any author", "ada (2)", "grace (2)"]);
    const tags = [...(screen.getByLabelText("Tag") as HTMLSelectElement).options].map((o) => o.textContent);
    expect(tags).toEqual(["Any tag", "rust (2)", "web (2)"]);
    expect(screen.getByRole("option", { name: "Drafts only (2)" })).toBeTruthy();
  });

  it("narrows the list with the drafts, author and tag filters, combined with the search", async () => {
    const onopen = vi.fn();
    render(Sidebar, { posts, current: null, onopen });
    expect(titles()).toEqual(["Alpha", "Beta", "Gamma", "Delta"]);

    await fireEvent.change(screen.getByLabelText("Drafts"), { target: { value: "only" } });
    expect(titles()).toEqual(["Beta", "Delta"]);
    await fireEvent.change(screen.getByLabelText("Drafts"), { target: { value: "hide" } });
    expect(titles()).toEqual(["Alpha", "Gamma"]);
    expect(screen.getByText(/2 of 4 posts/)).toBeTruthy();

    await fireEvent.change(screen.getByLabelText("Author"), { target: { value: "grace" } });
    expect(titles()).toEqual(["Gamma"]);

    await fireEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(titles()).toEqual(["Alpha", "Beta", "Gamma", "Delta"]);
    expect(screen.queryByRole("button", { name: "Clear filters" })).toBeNull();

    await fireEvent.change(screen.getByLabelText("Tag"), { target: { value: "web" } });
    expect(titles()).toEqual(["Alpha", "Beta"]);
    await fireEvent.input(screen.getByLabelText("Search posts"), { target: { value: "beta" } });
    expect(titles()).toEqual(["Beta"]);

    await fireEvent.click(within(screen.getByTestId("post-list")).getByRole("button", { name: /Beta/ }));
    expect(onopen).toHaveBeenCalledWith("_posts/2024-01-01-b.md");
  });

  it("hides the drafts menu when the blog has no drafts", () => {
    render(Sidebar, { posts: posts.filter((p) => !p.draft), current: null, onopen: vi.fn() });
    expect(screen.queryByLabelText("Drafts")).toBeNull();
  });

  it("renders a page of 10,000 posts at a time and filters them all", { timeout: 20_000 }, async () => {
    const big = Array.from({ length: 10_000 }, (_, i) =>
      post(`p${i}`, `Post ${i}`, [`tag${i % 100}`], [`author${i % 9}`], i % 2 === 0));
    render(Sidebar, { posts: big, current: null, onopen: vi.fn() });
    const rendered = () => screen.getByTestId("post-list").querySelectorAll("button.post").length;
    expect(rendered()).toBe(300);
    expect(screen.getByText(/10000 of 10000 posts/)).toBeTruthy();
    expect((screen.getByLabelText("Tag") as HTMLSelectElement).options).toHaveLength(101);

    await fireEvent.change(screen.getByLabelText("Tag"), { target: { value: "tag7" } });
    expect(screen.getByText(/100 of 10000 posts/)).toBeTruthy();
    expect(rendered()).toBe(100);
    // Only tag7 posts (i % 100 === 7) remain, and none of them is a draft (7 is odd).
    await fireEvent.change(screen.getByLabelText("Drafts"), { target: { value: "only" } });
    expect(screen.getByText(/0 of 10000 posts/)).toBeTruthy();
    await fireEvent.change(screen.getByLabelText("Drafts"), { target: { value: "all" } });
    await fireEvent.change(screen.getByLabelText("Tag"), { target: { value: "" } });

    const more = document.querySelector<HTMLButtonElement>(".more button")!;
    expect(more.textContent).toContain("9700 left");
    await fireEvent.click(more);
    expect(rendered()).toBe(900);
  });

  it("says which folders of the settings it refused, and lists no post from them", () => {
    const { unmount } = render(Sidebar, { posts, current: null, onopen: vi.fn() });
    expect(screen.queryByRole("note", { name: "Folders not read" })).toBeNull();
    unmount();
    const message = "`_posts` (posts_dirs) is refused, not read: `_posts` is outside the open blog";
    render(Sidebar, {
      posts: [],
      current: null,
      onopen: vi.fn(),
      refused: [{ path: "_posts", setting: "posts_dirs", message }],
    });
    const note = screen.getByRole("note", { name: "Folders not read" });
    expect(note.textContent).toContain("_posts");
    expect(note.textContent).toContain("leads out of the blog's folder");
    expect(note.querySelector("p")?.getAttribute("title")).toBe(message);
    expect(titles()).toEqual([]);
  });
});

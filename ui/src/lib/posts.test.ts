import { describe, expect, it, vi } from "vitest";
import { filterPosts, postFacets } from "./posts";
import type { PostSummary } from "./bindings/core";

const post = (title: string, tags: string[], authors: string[], draft = false): PostSummary => ({
  path: `_posts/${title}.md`, title, date: "2024-01-01", tags, authors, draft, error: null,
});

describe("filterPosts", () => {
  const posts = [post("L’éléphant bleu", ["zoo"], ["ada"]), post("Rust at scale", ["rust", "perf"], ["grace"])];

  it("matches title words, tags and authors, ignoring case and accents", () => {
    expect(filterPosts(posts, "ELEPHANT").map((p) => p.title)).toEqual(["L’éléphant bleu"]);
    expect(filterPosts(posts, "perf").map((p) => p.title)).toEqual(["Rust at scale"]);
    expect(filterPosts(posts, "grace rust").map((p) => p.title)).toEqual(["Rust at scale"]);
    expect(filterPosts(posts, "grace zoo")).toEqual([]);
  });

  it("returns everything for an empty query", () => {
    expect(filterPosts(posts, "  ")).toHaveLength(2);
    expect(filterPosts(posts, "", {})).toBe(posts);
    expect(filterPosts(posts, "", { drafts: "all", author: null, tag: null })).toBe(posts);
  });

  const many = [
    post("Alpha", ["rust", "web"], ["ada"]),
    post("Beta", ["web"], ["grace"], true),
    post("Gamma", ["rust"], ["grace"]),
    post("Delta", [], ["ada", "grace"], true),
  ];
  const titles = (ps: PostSummary[]) => ps.map((p) => p.title);

  it("keeps only drafts, or hides them", () => {
    expect(titles(filterPosts(many, "", { drafts: "only" }))).toEqual(["Beta", "Delta"]);
    expect(titles(filterPosts(many, "", { drafts: "hide" }))).toEqual(["Alpha", "Gamma"]);
  });

  it("filters by exact author id and tag, combined with each other and the query", () => {
    expect(titles(filterPosts(many, "", { author: "ada" }))).toEqual(["Alpha", "Delta"]);
    expect(titles(filterPosts(many, "", { tag: "web" }))).toEqual(["Alpha", "Beta"]);
    expect(titles(filterPosts(many, "", { author: "grace", tag: "rust" }))).toEqual(["Gamma"]);
    expect(titles(filterPosts(many, "", { author: "grace", drafts: "hide" }))).toEqual(["Gamma"]);
    expect(titles(filterPosts(many, "delta", { author: "grace" }))).toEqual(["Delta"]);
    expect(titles(filterPosts(many, "alpha", { author: "grace" }))).toEqual([]);
    // "ad" is a substring of the id "ada", but the author filter is exact.
    expect(filterPosts(many, "", { author: "ad" })).toEqual([]);
  });

  it("sees a changed post (new object) with its new title", () => {
    const a = { ...post("Old title", [], []), path: "_posts/a.md" };
    expect(filterPosts([a], "old")).toHaveLength(1);
    const b = { ...a, title: "New title" };
    expect(filterPosts([b], "old")).toHaveLength(0);
    expect(filterPosts([b], "new")).toHaveLength(1);
  });

  // How fast it is, against folding every post on every search, is a benchmark
  // (posts.bench.ts): here, that the work behind the speed is done once per post.
  it("folds each post's text once, not on every search (10,000 posts)", () => {
    const big = Array.from({ length: 10_000 }, (_, i) =>
      post(`Post number ${i} über`, [`tag${i % 50}`], [`author${i % 7}`], i % 10 === 0));
    filterPosts(big, "warm"); // folds every post once
    // Folding is `normalize`: from now on only the queries are folded.
    const normalize = vi.spyOn(String.prototype, "normalize");
    try {
      for (let i = 0; i < 10; i++) filterPosts(big, `uber ${i}`, { drafts: "hide", tag: "tag3" });
      expect(normalize).toHaveBeenCalledTimes(10);
    } finally {
      normalize.mockRestore();
    }
    expect(titles(filterPosts(big, "number 1363", { tag: "tag13" }))).toEqual(["Post number 1363 über"]);
  });
});

describe("postFacets", () => {
  it("counts authors, tags and drafts, most used first then by name", () => {
    const f = postFacets([
      post("A", ["web", "rust", "web"], ["grace"]),
      post("B", ["rust"], ["ada"], true),
      post("C", ["css"], ["ada"]),
    ]);
    expect(f.authors).toEqual([{ value: "ada", count: 2 }, { value: "grace", count: 1 }]);
    expect(f.tags).toEqual([{ value: "rust", count: 2 }, { value: "css", count: 1 }, { value: "web", count: 1 }]);
    expect(f.drafts).toBe(1);
  });
});

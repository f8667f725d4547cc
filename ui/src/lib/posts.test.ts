import { describe, expect, it } from "vitest";
import { filterPosts } from "./posts";
import type { PostSummary } from "./bindings/core";

const post = (title: string, tags: string[], authors: string[]): PostSummary => ({
  path: `_posts/${title}.md`, title, date: "2024-01-01", tags, authors, draft: false, error: null,
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
  });
});

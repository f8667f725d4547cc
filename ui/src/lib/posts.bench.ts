// How fast the sidebar's search is on 10,000 posts, against the naive filter that folds every
// post's text again on each search (the reference, in the same process: read the ratio, not
// the milliseconds, which depend on the machine). Run: npx vitest bench --run (make bench-ui).
import { bench, describe } from "vitest";
import { filterPosts, fold } from "./posts";
import type { PostSummary } from "./bindings/core";

const big: PostSummary[] = Array.from({ length: 10_000 }, (_, i) => ({
  path: `_posts/post-${i}.md`, title: `Post number ${i} über`, date: "2024-01-01",
  tags: [`tag${i % 50}`], authors: [`author${i % 7}`], draft: i % 10 === 0, error: null,
}));

/** The reference: the same matching, folding each post's text on every call. */
function naive(posts: PostSummary[], query: string): PostSummary[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  return posts.filter((p) => {
    const h = fold([p.title, p.path, ...p.tags, ...p.authors].join(" "));
    return words.every((w) => h.includes(w));
  });
}

filterPosts(big, "warm"); // the folded-text cache, as after the first search in the app
let n = 0;

describe("search 10,000 posts", () => {
  bench("filterPosts", () => {
    filterPosts(big, `uber ${n++ % 10}`);
  });
  bench("naive (folds every post each time)", () => {
    naive(big, `uber ${n++ % 10}`);
  });
});

import type { PostSummary } from "./bindings/core";

/** Posts whose title, tags, authors or path contain every word of the query (case- and accent-insensitive). */
export function filterPosts(posts: PostSummary[], query: string): PostSummary[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return posts;
  return posts.filter((p) => {
    const hay = fold([p.title, p.path, ...p.tags, ...p.authors].join(" "));
    return words.every((w) => hay.includes(w));
  });
}

export function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
}

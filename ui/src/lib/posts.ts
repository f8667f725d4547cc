import type { PostSummary, ValueCount } from "./bindings/core";

/** How drafts are filtered: all posts, drafts only, or published posts only. */
export type DraftFilter = "all" | "only" | "hide";

/** The sidebar's filters; an absent or `null` value does not filter. */
export type PostFilter = {
  drafts?: DraftFilter;
  /** An author id, matched exactly against `PostSummary.authors`. */
  author?: string | null;
  /** A tag, matched exactly against `PostSummary.tags`. */
  tag?: string | null;
};

// Folded search text of each post, computed once per post object (the index hands out new objects
// when posts change, so a stale entry is never read and the WeakMap lets old ones go).
const hayCache = new WeakMap<PostSummary, string>();

function hay(p: PostSummary): string {
  let h = hayCache.get(p);
  if (h === undefined) {
    h = fold([p.title, p.path, ...p.tags, ...p.authors].join(" "));
    hayCache.set(p, h);
  }
  return h;
}

/**
 * Posts whose title, tags, authors or path contain every word of the query (case- and
 * accent-insensitive) and that pass the filter. Keeps the input order; returns `posts` itself
 * when nothing filters. One pass, O(n) in the number of posts.
 */
export function filterPosts(posts: PostSummary[], query: string, filter: PostFilter = {}): PostSummary[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const drafts = filter.drafts ?? "all";
  const author = filter.author ?? null;
  const tag = filter.tag ?? null;
  if (words.length === 0 && drafts === "all" && author === null && tag === null) return posts;
  return posts.filter((p) => {
    if (drafts === "only" && !p.draft) return false;
    if (drafts === "hide" && p.draft) return false;
    if (author !== null && !p.authors.includes(author)) return false;
    if (tag !== null && !p.tags.includes(tag)) return false;
    if (words.length === 0) return true;
    const h = hay(p);
    return words.every((w) => h.includes(w));
  });
}

/** What the sidebar's filter menus offer: every author and tag with its number of posts. */
export type PostFacets = {
  /** Most posts first, then alphabetically. */
  authors: ValueCount[];
  tags: ValueCount[];
  drafts: number;
};

/** Counts authors, tags and drafts in one pass (a post counts once per distinct value). */
export function postFacets(posts: PostSummary[]): PostFacets {
  const authors = new Map<string, number>();
  const tags = new Map<string, number>();
  let drafts = 0;
  for (const p of posts) {
    if (p.draft) drafts++;
    for (const a of new Set(p.authors)) if (a) authors.set(a, (authors.get(a) ?? 0) + 1);
    for (const t of new Set(p.tags)) if (t) tags.set(t, (tags.get(t) ?? 0) + 1);
  }
  return { authors: ranked(authors), tags: ranked(tags), drafts };
}

function ranked(m: Map<string, number>): ValueCount[] {
  return [...m]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

export function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
}

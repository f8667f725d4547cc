// Pure helpers for the Git panel and the review view: labels, the default commit message,
// the preview document of a reviewed post, and a unified diff split into display lines.
import type {
  ChangeKind,
  FileRole,
  FileState,
  Finding,
  PostState,
  PostStatus,
  Rendered,
} from "./bindings/core";

export type Tone = "warn" | "accent" | "ok" | "dim";

const STATE_LABEL: Record<PostState, string> = {
  new: "New",
  modified: "Modified",
  committed: "Committed",
  pushed: "Pushed",
};

const STATE_HINT: Record<PostState, string> = {
  new: "never committed",
  modified: "changes not committed",
  committed: "committed, not pushed",
  pushed: "committed and pushed",
};

const STATE_TONE: Record<PostState, Tone> = {
  new: "warn",
  modified: "warn",
  committed: "accent",
  pushed: "ok",
};

/** The label, a longer hint and a colour tone for a post's or a file's state. */
export function stateInfo(state: PostState | FileState): { label: string; hint: string; tone: Tone } {
  return { label: STATE_LABEL[state], hint: STATE_HINT[state], tone: STATE_TONE[state] };
}

export const ROLE_LABEL: Record<FileRole, string> = {
  post: "post",
  image: "image",
  authors: "author entry",
};

/** "on main", "detached HEAD", … */
export function branchLabel(status: Pick<PostStatus, "branch" | "detached">): string {
  if (status.detached || status.branch === null) return "detached";
  return status.branch;
}

/** Where the branch stands against its upstream, in words. */
export function upstreamLabel(status: Pick<PostStatus, "upstream" | "ahead" | "behind" | "branch">): string {
  if (status.branch === null) return "";
  if (status.upstream === null) return "not pushed yet (no upstream)";
  const parts: string[] = [];
  if (status.ahead > 0) parts.push(`${status.ahead} ahead`);
  if (status.behind > 0) parts.push(`${status.behind} behind`);
  if (parts.length === 0) return `up to date with ${status.upstream}`;
  return `${parts.join(", ")} of ${status.upstream}`;
}

/** `Add post: <title>` for a post never committed, else `Update post: <title>`. */
export function defaultCommitMessage(status: Pick<PostStatus, "state" | "title">): string {
  return `${status.state === "new" ? "Add post" : "Update post"}: ${status.title}`;
}

/** Whether there is anything of the post to commit. */
export function hasChanges(status: Pick<PostStatus, "state" | "files">): boolean {
  return (
    status.state === "new" ||
    status.state === "modified" ||
    status.files.some((f) => f.state === "new" || f.state === "modified")
  );
}

export function errorCount(findings: Finding[]): number {
  return findings.filter((f) => f.severity === "error").length;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function shortId(commit: string): string {
  return commit.slice(0, 7);
}

export const CHANGE_LABEL: Record<ChangeKind, string> = {
  added: "added",
  modified: "changed",
  deleted: "deleted",
  renamed: "renamed",
};

/** "3 days ago", "just now"… from seconds since the epoch. */
export function relativeTime(seconds: number, now: number = Date.now()): string {
  const diff = Math.max(0, Math.round(now / 1000 - seconds));
  if (diff < 60) return "just now";
  const units: [number, string][] = [
    [60 * 60 * 24 * 365, "year"],
    [60 * 60 * 24 * 30, "month"],
    [60 * 60 * 24 * 7, "week"],
    [60 * 60 * 24, "day"],
    [60 * 60, "hour"],
    [60, "minute"],
  ];
  for (const [size, name] of units) {
    if (diff >= size) return `${plural(Math.floor(diff / size), name)} ago`;
  }
  return "just now";
}

/** The preview iframe's CSP: no scripts, images only from the blog, inline styles only. */
export const REVIEW_CSP =
  "default-src 'none'; img-src postdesk: http://postdesk.localhost data:; style-src 'unsafe-inline'";

/** The whole document of a reviewed post's preview (for an iframe's srcdoc). */
export function reviewDocument(rendered: Pick<Rendered, "header_html" | "html">, css = ""): string {
  // The CSS comes from the app (Rust); keep it from closing the style element.
  const safeCss = css.replace(/<\/style/gi, "<\\/style");
  return (
    `<!doctype html><html><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${REVIEW_CSP}">` +
    `<style>body{margin:0;padding:16px 24px}${safeCss}</style></head>` +
    `<body><article class="pd-article">${rendered.header_html}${rendered.html}</article></body></html>`
  );
}

export type DiffKind = "meta" | "hunk" | "add" | "del" | "ctx" | "note";

export type DiffLine = {
  kind: DiffKind;
  text: string;
  /** Line number on the base side (context and deleted lines). */
  old: number | null;
  /** Line number on the branch side (context and added lines). */
  new: number | null;
};

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** Splits a unified diff into lines tagged for display, with their line numbers. */
export function parseUnifiedDiff(diff: string): DiffLine[] {
  const out: DiffLine[] = [];
  if (diff === "") return out;
  const lines = diff.replace(/\r?\n$/, "").split(/\r?\n/);
  let oldNo = 0;
  let newNo = 0;
  let inHunk = false;
  for (const text of lines) {
    const hunk = HUNK.exec(text);
    if (hunk) {
      oldNo = Number(hunk[1]);
      newNo = Number(hunk[2]);
      inHunk = true;
      out.push({ kind: "hunk", text, old: null, new: null });
    } else if (!inHunk) {
      out.push({ kind: "meta", text, old: null, new: null });
    } else if (text.startsWith("\\")) {
      out.push({ kind: "note", text, old: null, new: null }); // "\ No newline at end of file"
    } else if (text.startsWith("+")) {
      out.push({ kind: "add", text, old: null, new: newNo++ });
    } else if (text.startsWith("-")) {
      out.push({ kind: "del", text, old: oldNo++, new: null });
    } else if (text.startsWith("diff ")) {
      inHunk = false; // the next file's header
      out.push({ kind: "meta", text, old: null, new: null });
    } else {
      out.push({ kind: "ctx", text, old: oldNo++, new: newNo++ });
    }
  }
  return out;
}

/** Counts of added and deleted lines. */
export function diffStats(lines: DiffLine[]): { added: number; deleted: number } {
  let added = 0;
  let deleted = 0;
  for (const l of lines) {
    if (l.kind === "add") added++;
    else if (l.kind === "del") deleted++;
  }
  return { added, deleted };
}

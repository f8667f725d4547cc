// Pure helpers for the Git panel and the review view: labels, the default commit message,
// the preview document of a reviewed post, and a unified diff split into display lines.
import type {
  BranchInfo,
  ChangeKind,
  CommitOptions,
  CommitOutcome,
  FileRole,
  FileState,
  Finding,
  PostState,
  PostStatus,
  PushOutcome,
  Rendered,
} from "./bindings/core";
import type { IpcError } from "./bindings/app";
import { NO_NAVIGATION } from "./preview";

/** What Git records as the author (`git config user.name` / `user.email`); null when unset. */
export type Identity = { name: string | null; email: string | null };

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
    `<meta http-equiv="Content-Security-Policy" content="${REVIEW_CSP}">${NO_NAVIGATION}` +
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

/** What commit to make: on the default branch, a new branch unless the writer unticks it. */
export function commitOptions(
  status: Pick<PostStatus, "on_default_branch" | "suggested_branch">,
  message: string,
  createBranch: boolean,
  branchName: string,
): CommitOptions {
  const msg = message.trim() === "" ? null : message;
  if (!status.on_default_branch) return { message: msg, branch: null, no_branch: false };
  if (!createBranch) return { message: msg, branch: null, no_branch: true };
  const name = branchName.trim();
  return { message: msg, branch: name === "" ? status.suggested_branch : name, no_branch: false };
}

/** "Committed abc1234 on post/x (2 files)". */
export function commitSummary(outcome: Pick<CommitOutcome, "commit" | "branch" | "files">): string {
  return `Committed ${shortId(outcome.commit)} on ${outcome.branch} (${plural(outcome.files.length, "file")})`;
}

/** "Pushed post/x to origin", or that the remote already had it. */
export function pushSummary(outcome: Pick<PushOutcome, "branch" | "remote" | "status">): string {
  if (outcome.status === "up_to_date") return `${outcome.remote} already has everything on ${outcome.branch}`;
  return `Pushed ${outcome.branch} to ${outcome.remote}${outcome.status === "created" ? " (new branch on the remote)" : ""}`;
}

/** Whether the branch has something the remote does not: commits ahead, or no upstream yet. */
export function canPush(status: Pick<PostStatus, "branch" | "detached" | "head" | "upstream" | "ahead">): boolean {
  if (status.detached || status.branch === null || status.head === null) return false;
  return status.upstream === null || status.ahead > 0;
}

/** Git refused to commit because it does not know the writer's name or email. */
export function isIdentityError(e: Pick<IpcError, "kind" | "message">): boolean {
  if (e.kind === "identity") return true;
  return e.kind === "config" && /user\.(name|email)|does not know your (name|email)/i.test(e.message);
}

export type GitOp = "status" | "save" | "commit" | "push" | "pull" | "fetch";

/** A headline and a tone for a failed Git operation; `kept` reassures that commits are safe. */
export function gitErrorInfo(
  e: Pick<IpcError, "kind" | "message">,
  op: GitOp,
): { title: string; tone: "danger" | "warn"; kept: string | null } {
  const remoteOp = op === "push" || op === "pull" || op === "fetch";
  const kept = remoteOp && !/\bkept\b|left as they were|nothing was changed/i.test(e.message)
    ? op === "push" ? "Your local commit is kept." : "Your files and commits are kept."
    : null;
  switch (e.kind) {
    case "auth":
      return { title: "The server did not accept your credentials", tone: "danger", kept };
    case "network":
      return { title: "Could not reach the remote", tone: "warn", kept };
    case "rejected":
      return { title: "Push rejected: pull first", tone: "warn", kept };
    case "conflict":
      return { title: op === "pull" ? "Could not update the branch" : "Git is busy or the branch is in the way", tone: "warn", kept };
    case "identity":
      return { title: "Git does not know who you are", tone: "warn", kept };
  }
  const verb: Record<GitOp, string> = {
    status: "Could not read the Git state",
    save: "Could not save the post",
    commit: "Could not commit",
    push: "Could not push",
    pull: "Could not pull",
    fetch: "Could not fetch",
  };
  return { title: verb[op], tone: "danger", kept };
}

/** Branches whose name, last commit subject or author contain every word of `query`. */
export function filterBranches(branches: BranchInfo[], query: string): BranchInfo[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return branches;
  return branches.filter((b) => {
    const hay = `${b.name} ${b.summary} ${b.author}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** Whether `b` is the default branch (`main`) or its remote-tracking copy (`origin/main`). */
export function isDefaultBranch(b: Pick<BranchInfo, "name" | "remote">, defaultBranch: string | null): boolean {
  if (!defaultBranch) return false;
  return b.remote === null ? b.name === defaultBranch : b.name === `${b.remote}/${defaultBranch}`;
}

/**
 * The revision the "before" side of a review is read from: the default branch (local, else its
 * remote-tracking copy), else the first of main/master/trunk that exists. Null when none does.
 */
export function baseRevision(branches: BranchInfo[], defaultBranch: string | null): string | null {
  const names = defaultBranch ? [defaultBranch] : ["main", "master", "trunk"];
  for (const n of names) {
    const local = branches.find((b) => b.remote === null && b.name === n);
    if (local) return local.name;
    const remote = branches.find((b) => b.remote !== null && b.name === `${b.remote}/${n}`);
    if (remote) return remote.name;
  }
  return defaultBranch;
}

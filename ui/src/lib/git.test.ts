import { describe, expect, it } from "vitest";
import {
  baseRevision,
  branchLabel,
  canPush,
  commitOptions,
  commitSummary,
  defaultCommitMessage,
  diffStats,
  filterBranches,
  gitErrorInfo,
  hasChanges,
  isDefaultBranch,
  isIdentityError,
  parseUnifiedDiff,
  pushSummary,
  relativeTime,
  reviewDocument,
  shortId,
  stateInfo,
  upstreamLabel,
} from "./git";
import type { BranchInfo } from "./bindings/core";

const branch = (name: string, remote: string | null = null, over: Partial<BranchInfo> = {}): BranchInfo => ({
  name, remote, is_head: false, commit: "c".repeat(40), summary: "", author: "", time: 0, ...over,
});

describe("labels", () => {
  it("names states with a tone", () => {
    expect(stateInfo("new")).toEqual({ label: "New", hint: "never committed", tone: "warn" });
    expect(stateInfo("committed").tone).toBe("accent");
    expect(stateInfo("pushed").tone).toBe("ok");
  });

  it("names the branch and where it stands against its upstream", () => {
    expect(branchLabel({ branch: "main", detached: false })).toBe("main");
    expect(branchLabel({ branch: null, detached: true })).toBe("detached");
    const s = { branch: "post/a", upstream: "origin/post/a", ahead: 0, behind: 0 };
    expect(upstreamLabel(s)).toBe("up to date with origin/post/a");
    expect(upstreamLabel({ ...s, ahead: 2 })).toBe("2 ahead of origin/post/a");
    expect(upstreamLabel({ ...s, ahead: 1, behind: 3 })).toBe("1 ahead, 3 behind of origin/post/a");
    expect(upstreamLabel({ ...s, upstream: null })).toBe("not pushed yet (no upstream)");
    expect(upstreamLabel({ ...s, branch: null })).toBe("");
  });

  it("proposes a commit message and tells when there is something to commit", () => {
    expect(defaultCommitMessage({ state: "new", title: "Hi" })).toBe("Add post: Hi");
    expect(defaultCommitMessage({ state: "modified", title: "Hi" })).toBe("Update post: Hi");
    expect(hasChanges({ state: "committed", files: [{ path: "a.png", role: "image", state: "committed" }] })).toBe(false);
    expect(hasChanges({ state: "committed", files: [{ path: "a.png", role: "image", state: "new" }] })).toBe(true);
    expect(hasChanges({ state: "modified", files: [] })).toBe(true);
  });

  it("shortens ids and tells time in words", () => {
    expect(shortId("abcdef1234567")).toBe("abcdef1");
    const now = 1_000_000_000_000;
    expect(relativeTime(now / 1000 - 30, now)).toBe("just now");
    expect(relativeTime(now / 1000 - 3600, now)).toBe("1 hour ago");
    expect(relativeTime(now / 1000 - 3 * 86400, now)).toBe("3 days ago");
  });
});

describe("commitOptions", () => {
  const onDefault = { on_default_branch: true, suggested_branch: "post/my-trip" };
  const elsewhere = { on_default_branch: false, suggested_branch: "post/my-trip" };

  it("on the default branch creates the (edited) branch, or commits there when unticked", () => {
    expect(commitOptions(onDefault, "Add it", true, "post/my-trip")).toEqual({ message: "Add it", branch: "post/my-trip", no_branch: false });
    expect(commitOptions(onDefault, "Add it", true, "  post/other ")).toEqual({ message: "Add it", branch: "post/other", no_branch: false });
    expect(commitOptions(onDefault, "Add it", true, "  ")).toEqual({ message: "Add it", branch: "post/my-trip", no_branch: false });
    expect(commitOptions(onDefault, "Add it", false, "post/my-trip")).toEqual({ message: "Add it", branch: null, no_branch: true });
  });

  it("elsewhere commits on the current branch; an empty message lets Git's default apply", () => {
    expect(commitOptions(elsewhere, "Fix typo", true, "post/x")).toEqual({ message: "Fix typo", branch: null, no_branch: false });
    expect(commitOptions(elsewhere, "  \n", true, "")).toEqual({ message: null, branch: null, no_branch: false });
  });
});

describe("outcomes", () => {
  it("summarizes a commit and a push", () => {
    expect(commitSummary({ commit: "0123456789", branch: "post/a", files: ["a.md"] })).toBe("Committed 0123456 on post/a (1 file)");
    expect(commitSummary({ commit: "0123456789", branch: "main", files: ["a.md", "b.png"] })).toBe("Committed 0123456 on main (2 files)");
    expect(pushSummary({ branch: "post/a", remote: "origin", status: "created" })).toBe("Pushed post/a to origin (new branch on the remote)");
    expect(pushSummary({ branch: "post/a", remote: "origin", status: "updated" })).toBe("Pushed post/a to origin");
    expect(pushSummary({ branch: "post/a", remote: "origin", status: "up_to_date" })).toBe("origin already has everything on post/a");
  });

  it("offers Push when the branch is ahead or has no upstream, never when detached or empty", () => {
    const s = { branch: "post/a", detached: false, head: "abc", upstream: "origin/post/a", ahead: 0 };
    expect(canPush(s)).toBe(false);
    expect(canPush({ ...s, ahead: 1 })).toBe(true);
    expect(canPush({ ...s, upstream: null })).toBe(true);
    expect(canPush({ ...s, upstream: null, head: null })).toBe(false);
    expect(canPush({ ...s, ahead: 1, branch: null, detached: true })).toBe(false);
  });
});

describe("errors", () => {
  it("recognizes a missing Git identity", () => {
    expect(isIdentityError({ kind: "identity", message: "" })).toBe(true);
    expect(isIdentityError({ kind: "config", message: "Git does not know your name, which every commit records." })).toBe(true);
    expect(isIdentityError({ kind: "config", message: "Set it with git config --global user.email" })).toBe(true);
    expect(isIdentityError({ kind: "config", message: ".postdesk.toml line 3: unknown key" })).toBe(false);
    expect(isIdentityError({ kind: "git", message: "user.name" })).toBe(false);
  });

  it("titles failures by kind and says commits are kept when the message does not", () => {
    expect(gitErrorInfo({ kind: "auth", message: "x. Your commits are kept." }, "push")).toEqual({
      title: "The server did not accept your credentials", tone: "danger", kept: null,
    });
    expect(gitErrorInfo({ kind: "network", message: "Could not reach `origin`." }, "push")).toEqual({
      title: "Could not reach the remote", tone: "warn", kept: "Your local commit is kept.",
    });
    expect(gitErrorInfo({ kind: "rejected", message: "… Your commit is kept." }, "push").title).toBe("Push rejected: pull first");
    expect(gitErrorInfo({ kind: "conflict", message: "Could not update.\nYour files and commits were left as they were." }, "pull")).toEqual({
      title: "Could not update the branch", tone: "warn", kept: null,
    });
    expect(gitErrorInfo({ kind: "not_found", message: "No remote." }, "fetch")).toEqual({
      title: "Could not fetch", tone: "danger", kept: "Your files and commits are kept.",
    });
    // A failed commit has nothing to keep.
    expect(gitErrorInfo({ kind: "invalid", message: "Nothing to commit" }, "commit")).toEqual({ title: "Could not commit", tone: "danger", kept: null });
  });
});

describe("branches", () => {
  const list = [
    branch("main", null, { summary: "Merge autumn", author: "Ada" }),
    branch("post/paris", null, { summary: "Add post: Paris", author: "Grace" }),
    branch("origin/main", "origin", { summary: "Merge autumn", author: "Ada" }),
    branch("origin/post/rome", "origin", { summary: "Add post: Rome", author: "Grace" }),
  ];

  it("filters by every word, in the name, subject or author, ignoring case", () => {
    expect(filterBranches(list, "")).toBe(list);
    expect(filterBranches(list, "  ").map((b) => b.name)).toEqual(list.map((b) => b.name));
    expect(filterBranches(list, "GRACE").map((b) => b.name)).toEqual(["post/paris", "origin/post/rome"]);
    expect(filterBranches(list, "grace rome").map((b) => b.name)).toEqual(["origin/post/rome"]);
    expect(filterBranches(list, "origin main").map((b) => b.name)).toEqual(["origin/main"]);
  });

  it("marks the default branch and its remote copy", () => {
    expect(isDefaultBranch(list[0], "main")).toBe(true);
    expect(isDefaultBranch(list[2], "main")).toBe(true);
    expect(isDefaultBranch(list[1], "main")).toBe(false);
    expect(isDefaultBranch(list[0], null)).toBe(false);
    expect(isDefaultBranch(branch("main"), "trunk")).toBe(false);
  });

  it("reads the base side from the default branch, local first, else guesses main/master/trunk", () => {
    expect(baseRevision(list, "main")).toBe("main");
    expect(baseRevision(list.slice(1), "main")).toBe("origin/main");
    expect(baseRevision(list, null)).toBe("main");
    expect(baseRevision([branch("origin/master", "origin")], null)).toBe("origin/master");
    expect(baseRevision([branch("post/x")], null)).toBe(null);
    expect(baseRevision([branch("post/x")], "develop")).toBe("develop");
  });
});

describe("review documents and diffs", () => {
  it("wraps the rendered post in a script-free document and keeps the CSS inside its element", () => {
    const doc = reviewDocument({ header_html: "<header>H</header>", html: "<p>Body</p>" }, "p{color:red}</style><script>x</script>");
    expect(doc).toContain(`<article class="pd-article"><header>H</header><p>Body</p></article>`);
    expect(doc).toContain("default-src 'none'");
    expect(doc).not.toContain("</style><script>");
    expect(doc.match(/<\/style>/g)).toHaveLength(1);
  });

  it("keeps links from navigating the frame: a new window, which the sandbox refuses", () => {
    const doc = new DOMParser().parseFromString(reviewDocument({ header_html: "", html: `<p><a href="#h">x</a></p>` }), "text/html");
    const base = doc.querySelector("head base");
    expect(base?.getAttribute("target")).toBe("_blank");
    expect(base?.hasAttribute("href")).toBe(false); // URLs resolve as before
  });

  it("splits a unified diff into numbered lines and counts them", () => {
    const lines = parseUnifiedDiff("--- a/x.md\n+++ b/x.md\n@@ -2,3 +2,3 @@\n a\n-b\n+B\n c\n\\ No newline at end of file\n");
    expect(lines.map((l) => l.kind)).toEqual(["meta", "meta", "hunk", "ctx", "del", "add", "ctx", "note"]);
    expect(lines[4]).toEqual({ kind: "del", text: "-b", old: 3, new: null });
    expect(lines[5]).toEqual({ kind: "add", text: "+B", old: null, new: 3 });
    expect(lines[6]).toEqual({ kind: "ctx", text: " c", old: 4, new: 4 });
    expect(diffStats(lines)).toEqual({ added: 1, deleted: 1 });
    expect(parseUnifiedDiff("")).toEqual([]);
    expect(parseUnifiedDiff("Binary file a.png differs\n")).toEqual([{ kind: "meta", text: "Binary file a.png differs", old: null, new: null }]);
  });
});

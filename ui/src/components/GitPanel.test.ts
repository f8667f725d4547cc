import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, fireEvent, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import GitPanel from "./GitPanel.svelte";
import type { CommitOutcome, PostStatus, PushOutcome } from "../lib/bindings/core";
import type { EventPayloads } from "../lib/api";

afterEach(() => clearMocks());

const POST = "_posts/2026-11-28-my-trip.md";

function status(over: Partial<PostStatus> = {}): PostStatus {
  return {
    path: POST,
    title: "My trip",
    branch: "main",
    detached: false,
    head: "0123456789abcdef0123456789abcdef01234567",
    default_branch: "main",
    on_default_branch: true,
    suggested_branch: "post/my-trip",
    upstream: "origin/main",
    ahead: 0,
    behind: 0,
    operation: null,
    state: "new",
    files: [
      { path: POST, role: "post", state: "new" },
      { path: "images/posts/my-trip/a.jpg", role: "image", state: "new" },
      { path: "_data/authors.yml", role: "authors", state: "modified" },
    ],
    refused: [],
    ...over,
  };
}

const outcome = (over: Partial<CommitOutcome> = {}): CommitOutcome => ({
  branch: "post/my-trip",
  commit: "abcdef1234567890abcdef1234567890abcdef12",
  created_branch: true,
  files: [POST, "images/posts/my-trip/a.jpg", "_data/authors.yml"],
  left_out: [],
  message: "Add post: My trip",
  signed: false,
  hook_output: "",
  ...over,
});

type Handler = (args: any) => unknown;

/** A fake Rust side: `handlers` answer commands; every call is recorded. */
function backend(handlers: Record<string, Handler>, shouldMockEvents = true) {
  const calls: [string, any][] = [];
  mockIPC(
    async (cmd, args: any) => {
      calls.push([cmd, args]);
      const h = handlers[cmd];
      if (!h) throw { kind: "app", message: `unexpected ${cmd}` };
      return h(args);
    },
    { shouldMockEvents },
  );
  return calls;
}

const of = (calls: [string, any][], cmd: string) => calls.filter(([c]) => c === cmd).map(([, a]) => a);

function panel(props: Partial<{ path: string | null; dirty: boolean; onbeforecommit: () => Promise<void>; refreshKey: number; onerror: (e: any) => void }> = {}) {
  return render(GitPanel, { path: POST, dirty: false, ...props });
}

const message = () => screen.getByTestId("git-message") as HTMLTextAreaElement;
const commitButton = () => screen.getByTestId("git-commit") as HTMLButtonElement;

describe("GitPanel", () => {
  it("shows the branch, where it stands, the post's state and its files", async () => {
    backend({ git_status: () => status({ branch: "post/my-trip", on_default_branch: false, upstream: "origin/post/my-trip", ahead: 2, behind: 1, state: "modified" }) });
    panel();
    await waitFor(() => expect(screen.getByTestId("git-branch").textContent).toContain("post/my-trip"));
    expect(screen.getByTestId("git-upstream").textContent).toBe("2 ahead, 1 behind of origin/post/my-trip");
    const state = screen.getByTestId("git-state");
    expect(state.textContent).toBe("Modified");
    expect(state.classList.contains("warn")).toBe(true);
    const rows = [...screen.getByTestId("git-files").querySelectorAll("li")].map((li) => li.textContent!.replace(/\s+/g, " ").trim());
    expect(rows).toEqual([
      `post ${POST} New`,
      "image images/posts/my-trip/a.jpg New",
      "author entry _data/authors.yml Modified",
    ]);
    // Not on the default branch: no branch choice.
    expect(screen.queryByLabelText(/Create branch/)).toBeNull();
  });

  it("prefills the message, keeps the writer's edit across refreshes, and reads the status again on refreshKey", async () => {
    let s = status();
    const calls = backend({ git_status: () => s });
    const { rerender } = panel();
    await waitFor(() => expect(message().value).toBe("Add post: My trip"));
    s = status({ title: "My long trip" });
    await rerender({ refreshKey: 1 });
    await waitFor(() => expect(message().value).toBe("Add post: My long trip"));
    await fireEvent.input(message(), { target: { value: "Trip, first draft" } });
    s = status({ title: "My longer trip", state: "modified" });
    await rerender({ refreshKey: 2 });
    await waitFor(() => expect(screen.getByTestId("git-state").textContent).toBe("Modified"));
    expect(message().value).toBe("Trip, first draft");
    expect(of(calls, "git_status")).toEqual([{ path: POST }, { path: POST }, { path: POST }]);
  });

  it("on the default branch, saves first then commits on a new branch with the typed message", async () => {
    let s = status();
    const order: string[] = [];
    const calls = backend({
      git_status: () => s,
      git_commit: () => {
        order.push("commit");
        s = status({ branch: "post/my-trip", on_default_branch: false, upstream: null, state: "committed", files: [] });
        return outcome();
      },
    });
    const onbeforecommit = vi.fn(async () => void order.push("save"));
    panel({ onbeforecommit });
    await waitFor(() => expect(commitButton().disabled).toBe(false));
    const create = screen.getByLabelText(/Create branch/) as HTMLInputElement;
    expect(create.checked).toBe(true);
    expect((screen.getByLabelText("Branch name") as HTMLInputElement).value).toBe("post/my-trip");
    await fireEvent.input(screen.getByLabelText("Branch name"), { target: { value: "post/trip-2026" } });
    await fireEvent.input(message(), { target: { value: "Add my trip" } });
    await fireEvent.click(commitButton());
    await waitFor(() => expect(screen.getByTestId("git-result").textContent).toContain("Committed abcdef1 on post/my-trip (3 files)"));
    expect(order).toEqual(["save", "commit"]);
    expect(of(calls, "git_commit")).toEqual([
      { path: POST, options: { message: "Add my trip", branch: "post/trip-2026", no_branch: false } },
    ]);
    // The status was read again: now on the new branch, nothing to commit, not pushed yet.
    await waitFor(() => expect(screen.getByTestId("git-branch").textContent).toContain("post/my-trip"));
    expect(commitButton().disabled).toBe(true);
    expect(message().value).toBe("Update post: My trip"); // the edit is dropped after the commit
    expect(screen.getByTestId("git-push")).toBeTruthy();
  });

  it("commits on the default branch itself when the writer unticks the new branch", async () => {
    const calls = backend({ git_status: () => status({ state: "modified" }), git_commit: () => outcome({ branch: "main", created_branch: false, files: [POST] }) });
    panel();
    await waitFor(() => expect(commitButton().disabled).toBe(false));
    await fireEvent.click(screen.getByLabelText(/Create branch/));
    expect(screen.queryByLabelText("Branch name")).toBeNull();
    expect(screen.getByText(/straight onto/).textContent).toContain("main");
    await fireEvent.click(commitButton());
    await waitFor(() => expect(screen.getByTestId("git-result").textContent).toContain("Committed abcdef1 on main (1 file)"));
    expect(of(calls, "git_commit")[0]).toEqual({ path: POST, options: { message: "Update post: My trip", branch: null, no_branch: true } });
  });

  it("on another branch commits there, and needs changes (or unsaved edits) to commit", async () => {
    let s = status({ branch: "post/my-trip", on_default_branch: false, state: "committed", files: [{ path: POST, role: "post", state: "committed" }] });
    const calls = backend({ git_status: () => s, git_commit: () => outcome({ created_branch: false }) });
    const { rerender } = panel();
    await waitFor(() => expect(screen.getByTestId("git-state").textContent).toBe("Committed"));
    expect(commitButton().disabled).toBe(true);
    expect(screen.getByText(/Nothing to commit/)).toBeTruthy();
    await rerender({ dirty: true });
    expect(commitButton().disabled).toBe(false);
    expect(screen.getByText("Unsaved changes are saved first.")).toBeTruthy();
    await fireEvent.click(commitButton());
    await waitFor(() => expect(of(calls, "git_commit")).toHaveLength(1));
    expect(of(calls, "git_commit")[0].options).toEqual({ message: "Update post: My trip", branch: null, no_branch: false });
  });

  it("shows what the commit hooks printed, and sends Skip hooks only when ticked, once", async () => {
    const calls = backend({
      git_status: () => status({ state: "modified" }),
      git_commit: () => outcome({ hook_output: "markdownlint: 0 problems\npost-commit: done\n" }),
    });
    panel();
    await waitFor(() => expect(commitButton().disabled).toBe(false));
    expect(screen.queryByTestId("git-hook-output")).toBeNull();
    const skip = screen.getByLabelText("Skip hooks") as HTMLInputElement;
    expect(skip.checked).toBe(false);
    await fireEvent.click(commitButton());
    await waitFor(() =>
      expect(screen.getByTestId("git-hook-output").textContent).toBe("markdownlint: 0 problems\npost-commit: done"),
    );
    expect(of(calls, "git_commit")[0].options).not.toHaveProperty("no_verify");
    await fireEvent.click(skip);
    await fireEvent.click(commitButton());
    await waitFor(() => expect(of(calls, "git_commit")).toHaveLength(2));
    expect(of(calls, "git_commit")[1].options).toEqual({ message: "Update post: My trip", branch: "post/my-trip", no_branch: false, no_verify: true });
    // A one-time bypass: unticked once the commit is made.
    await waitFor(() => expect((screen.getByLabelText("Skip hooks") as HTMLInputElement).checked).toBe(false));
  });

  it("a hook that stops the commit shows its output in the error, and nothing is marked committed", async () => {
    const message = "The pre-commit hook (.git/hooks/pre-commit) exited with status 1, which stops the commit. Nothing was committed: your files and what you staged are as they were. It printed:\n\nlint: line 4: no description\n\nFix what it reports and publish again.";
    backend({ git_status: () => status(), git_commit: () => Promise.reject({ kind: "git", message }) });
    const onerror = vi.fn();
    panel({ onerror });
    await waitFor(() => expect(commitButton().disabled).toBe(false));
    await fireEvent.click(commitButton());
    const box = await screen.findByTestId("git-error");
    expect(box.textContent).toContain("Could not commit");
    expect(box.querySelector(".message")!.textContent).toBe(message);
    expect(screen.queryByTestId("git-result")).toBeNull();
    expect(onerror).toHaveBeenCalledWith({ kind: "git", message });
  });

  it("does not commit when saving fails, and shows why", async () => {
    const calls = backend({ git_status: () => status() });
    const onerror = vi.fn();
    panel({ onbeforecommit: () => Promise.reject({ kind: "conflict", message: "The file changed on disk." }), onerror });
    await waitFor(() => expect(commitButton().disabled).toBe(false));
    await fireEvent.click(commitButton());
    await waitFor(() => expect(screen.getByTestId("git-error").textContent).toContain("The file changed on disk."));
    expect(of(calls, "git_commit")).toEqual([]);
    expect(onerror).toHaveBeenCalledWith({ kind: "conflict", message: "The file changed on disk." });
  });

  it("asks for the writer's name when Git does not know it, sets it, then commits again", async () => {
    let known = false;
    const calls = backend({
      git_status: () => status(),
      git_commit: () => {
        if (!known) throw { kind: "config", message: "Git does not know your email, which every commit records. Set them once with\n  git config --global user.name \"Your Name\"" };
        return outcome();
      },
      git_identity: () => ({ name: "Ada", email: null }),
      git_set_identity: (a: any) => {
        known = true;
        return { name: a.name, email: a.email };
      },
    });
    const onbeforecommit = vi.fn(async () => {});
    panel({ onbeforecommit });
    await waitFor(() => expect(commitButton().disabled).toBe(false));
    await fireEvent.input(message(), { target: { value: "Add the trip" } });
    await fireEvent.click(commitButton());
    const form = await screen.findByTestId("identity-form");
    expect(screen.queryByTestId("git-error")).toBeNull();
    const name = screen.getByLabelText("Name") as HTMLInputElement;
    const email = screen.getByLabelText("Email") as HTMLInputElement;
    const global = screen.getByLabelText("For all my repositories") as HTMLInputElement;
    await waitFor(() => expect(name.value).toBe("Ada"));
    expect(email.value).toBe("");
    expect(global.checked).toBe(true);
    const save = screen.getByRole("button", { name: "Save and commit" }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    await fireEvent.input(name, { target: { value: "Ada Lovelace" } });
    await fireEvent.input(email, { target: { value: "ada@example.com" } });
    await fireEvent.click(global);
    await fireEvent.submit(form);
    await waitFor(() => expect(screen.getByTestId("git-result").textContent).toContain("Committed abcdef1 on post/my-trip"));
    expect(of(calls, "git_set_identity")).toEqual([{ name: "Ada Lovelace", email: "ada@example.com", global: false }]);
    const commits = of(calls, "git_commit");
    expect(commits).toHaveLength(2);
    expect(commits[1]).toEqual(commits[0]);
    expect(commits[1].options).toEqual({ message: "Add the trip", branch: "post/my-trip", no_branch: false });
    const order = calls.map(([c]) => c).filter((c) => c.startsWith("git_commit") || c.startsWith("git_set") || c === "git_identity");
    expect(order).toEqual(["git_commit", "git_identity", "git_set_identity", "git_commit"]);
    expect(screen.queryByTestId("identity-form")).toBeNull();
  });

  it("keeps the identity form open with the error when setting it fails", async () => {
    const calls = backend({
      git_status: () => status(),
      git_commit: () => { throw { kind: "identity", message: "Git does not know your name" }; },
      git_identity: () => ({ name: null, email: null }),
      git_set_identity: () => { throw { kind: "config", message: "Could not write ~/.gitconfig" }; },
    });
    panel();
    await waitFor(() => expect(commitButton().disabled).toBe(false));
    await fireEvent.click(commitButton());
    const form = await screen.findByTestId("identity-form");
    await fireEvent.input(screen.getByLabelText("Name"), { target: { value: "Ada" } });
    await fireEvent.input(screen.getByLabelText("Email"), { target: { value: "ada@example.com" } });
    await fireEvent.submit(form);
    await waitFor(() => expect(form.textContent).toContain("Could not write ~/.gitconfig"));
    expect(of(calls, "git_commit")).toHaveLength(1);
    expect(commitButton().disabled).toBe(true); // no second commit while the form is open
    await fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByTestId("identity-form")).toBeNull();
    expect(commitButton().disabled).toBe(false);
  });

  it("a rejected push shows the whole message and keeps the commit result", async () => {
    let s = status();
    const rejected = "Push of `post/my-trip` to `origin` was rejected.\n`origin/post/my-trip` has commits that this branch does not have (someone else pushed to it). Fetch and update first (Pull), then push again. Your commit is kept.";
    const calls = backend({
      git_status: () => s,
      git_commit: () => {
        s = status({ branch: "post/my-trip", on_default_branch: false, upstream: "origin/post/my-trip", ahead: 1, state: "committed", files: [] });
        return outcome();
      },
      git_push: () => { throw { kind: "rejected", message: rejected }; },
    });
    panel();
    await waitFor(() => expect(commitButton().disabled).toBe(false));
    await fireEvent.click(commitButton());
    const push = await screen.findByTestId("git-push");
    await fireEvent.click(push);
    const error = await screen.findByTestId("git-error");
    expect(of(calls, "git_push")).toEqual([{ branch: "post/my-trip", remote: null }]);
    expect(error.querySelector(".message")!.textContent).toBe(rejected); // newlines kept, shown pre-wrap
    expect(error.textContent).toContain("Push rejected: pull first");
    expect(error.classList.contains("warn")).toBe(true);
    expect(screen.getByTestId("git-result").textContent).toContain("Committed abcdef1 on post/my-trip (3 files)");
    expect(screen.queryByTestId("git-open-pr")).toBeNull();
  });

  it("adds that the commit is kept when the error does not say so", async () => {
    backend({
      git_status: () => status({ branch: "post/x", on_default_branch: false, upstream: null, state: "committed" }),
      git_push: () => { throw { kind: "not_found", message: "This blog has no remote to push to." }; },
    });
    panel();
    await fireEvent.click(await screen.findByTestId("git-push"));
    const error = await screen.findByTestId("git-error");
    expect(error.textContent).toContain("Could not push");
    expect(error.textContent).toContain("This blog has no remote to push to.");
    expect(error.textContent).toContain("Your local commit is kept.");
  });

  it("shows push progress, then the pull-request button that opens the compare page", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const pushed: PushOutcome = { remote: "origin", url: "git@github.com:me/blog.git", branch: "post/my-trip", status: "created", compare_url: "https://github.com/me/blog/compare/main...post%2Fmy-trip?expand=1" };
    const calls = backend({
      git_status: () => status({ branch: "post/my-trip", on_default_branch: false, upstream: null, state: "committed", files: [] }),
      git_push: async () => {
        await emit<EventPayloads["git-progress"]>("git-progress", "Writing objects:  50% (2/4)");
        await gate;
        return pushed;
      },
      open_external: () => null,
    });
    panel();
    await waitFor(() => expect(screen.getByTestId("git-upstream").textContent).toBe("not pushed yet (no upstream)"));
    await fireEvent.click(screen.getByTestId("git-push"));
    await waitFor(() => expect(screen.getByTestId("git-progress").textContent).toContain("Writing objects:  50% (2/4)"));
    expect((screen.getByTestId("git-push") as HTMLButtonElement).disabled).toBe(true);
    release();
    await waitFor(() => expect(screen.getByTestId("git-result").textContent).toContain("Pushed post/my-trip to origin"));
    expect(screen.queryByTestId("git-progress")).toBeNull();
    await fireEvent.click(screen.getByTestId("git-open-pr"));
    await waitFor(() => expect(of(calls, "open_external")).toEqual([{ url: pushed.compare_url }]));
  });

  it("hides Push when the remote has everything", async () => {
    backend({ git_status: () => status({ branch: "post/x", on_default_branch: false, upstream: "origin/post/x", ahead: 0, state: "pushed" }) });
    panel();
    await waitFor(() => expect(screen.getByTestId("git-state").textContent).toBe("Pushed"));
    expect(screen.queryByTestId("git-push")).toBeNull();
  });

  it("pulls and fetches, showing what happened or what went wrong", async () => {
    const diverged = "`post/x` and `origin/post/x` have diverged: 1 local commit(s) are not on the remote and 2 remote commit(s) are not here. Nothing was changed.";
    let fetchFails = false;
    const calls = backend({
      git_status: () => status({ branch: "post/x", on_default_branch: false, upstream: "origin/post/x", ahead: 1, behind: 2, state: "committed" }),
      git_pull: () => ({ branch: "post/x", upstream: "origin/post/x", state: "diverged", ahead: 1, behind: 2, message: diverged }),
      git_fetch: () => {
        if (fetchFails) throw { kind: "network", message: "Could not reach `origin` (git@github.com:me/blog.git). Check your internet connection. Your commits are kept.\nssh: connect to host github.com port 22: Network is unreachable" };
        return { remote: "origin", url: "git@github.com:me/blog.git" };
      },
    });
    panel();
    await fireEvent.click(await screen.findByTestId("git-pull"));
    await waitFor(() => expect(screen.getByTestId("git-result").textContent).toContain(diverged));
    await fireEvent.click(screen.getByTestId("git-fetch"));
    await waitFor(() => expect(screen.getByTestId("git-result").textContent).toContain("Fetched from origin"));
    fetchFails = true;
    await fireEvent.click(screen.getByTestId("git-fetch"));
    const error = await screen.findByTestId("git-error");
    expect(error.textContent).toContain("Could not reach the remote");
    expect(error.querySelector(".message")!.textContent).toContain("\nssh: connect to host");
    expect(error.textContent).not.toContain("Your files and commits are kept."); // the message says so already
    expect(of(calls, "git_pull")).toHaveLength(1);
    expect(of(calls, "git_fetch")).toHaveLength(2);
  });

  it("says so when no post is open, and forgets results when another post opens", async () => {
    const calls = backend({ git_status: (a: any) => status({ path: a.path, title: a.path === POST ? "My trip" : "Other" }), git_commit: () => outcome() });
    const { rerender } = panel({ path: null });
    expect(screen.getByTestId("git-panel").textContent).toContain("Open a post");
    expect(of(calls, "git_status")).toEqual([]);
    await rerender({ path: POST });
    await waitFor(() => expect(commitButton().disabled).toBe(false));
    await fireEvent.click(commitButton());
    await screen.findByTestId("git-result");
    await rerender({ path: "_posts/other.md" });
    await waitFor(() => expect(message().value).toBe("Add post: Other"));
    expect(screen.queryByTestId("git-result")).toBeNull();
  });

  it("listens to git-progress while mounted and stops when it goes away", async () => {
    const calls = backend({
      git_status: () => status(),
      "plugin:event|listen": () => 7,
      "plugin:event|unlisten": () => null,
    }, false);
    // What `listen` needs of the event plugin when events are not mocked.
    const internals = window as unknown as { __TAURI_EVENT_PLUGIN_INTERNALS__?: { unregisterListener: () => void } };
    internals.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener: vi.fn() };
    const { unmount } = panel();
    await waitFor(() => expect(of(calls, "plugin:event|listen").map((a) => a.event)).toEqual(["git-progress"]));
    expect(of(calls, "plugin:event|unlisten")).toEqual([]);
    unmount();
    await waitFor(() => expect(of(calls, "plugin:event|unlisten")).toEqual([{ event: "git-progress", eventId: 7 }]));
  });

  it("lists the links Publish leaves out with why, and commits an ignored picture only when ticked", async () => {
    const env = { path: ".env", reason: "not_media" as const, message: "`.env` is not an image, video or audio file (its content is text), so Publish leaves it out." };
    const big = { path: "raw-photos/big.png", reason: "ignored" as const, message: "`raw-photos/big.png` is ignored by Git (a .gitignore or .git/info/exclude rule matches it), so Publish leaves it out unless you choose to commit it anyway." };
    const git = { path: ".git/config", reason: "inside_git" as const, message: "`.git/config` is inside Git's own folder (.git), which is never part of a post, so Publish leaves it out." };
    let s = status({ branch: "post/my-trip", on_default_branch: false, state: "committed", files: [{ path: POST, role: "post", state: "committed" }], refused: [env, big, git] });
    const calls = backend({
      git_status: () => s,
      git_commit: () => {
        s = status({ ...s, files: [...s.files, { path: big.path, role: "image", state: "committed" }], refused: [env, git] });
        return outcome({ created_branch: false, files: [POST, big.path], left_out: [env, git] });
      },
    });
    panel();
    const list = await screen.findByTestId("git-refused");
    const rows = [...list.querySelectorAll("li")];
    expect(rows.map((li) => li.dataset.reason)).toEqual(["not_media", "ignored", "inside_git"]);
    expect(rows.map((li) => li.querySelector(".path")!.textContent)).toEqual([".env", "raw-photos/big.png", ".git/config"]);
    expect(rows.map((li) => li.querySelector(".why")!.textContent)).toEqual([env.message, big.message, git.message]);
    // Only the ignored picture can be confirmed, by a box naming it.
    expect(list.querySelectorAll("input[type=checkbox]")).toHaveLength(1);
    const anyway = screen.getByLabelText("Commit anyway raw-photos/big.png") as HTMLInputElement;
    expect(anyway.checked).toBe(false);
    expect(screen.getByText(/Nothing to commit/)).toBeTruthy();
    expect(commitButton().disabled).toBe(true);

    // Ticked, it is something to commit, and the commit names it.
    await fireEvent.click(anyway);
    expect(commitButton().disabled).toBe(false);
    await fireEvent.click(commitButton());
    await waitFor(() => expect(screen.getByTestId("git-left-out").textContent).toBe("Not committed: .env, .git/config"));
    expect(of(calls, "git_commit")).toEqual([
      { path: POST, options: { message: "Update post: My trip", branch: null, no_branch: false, include_ignored: ["raw-photos/big.png"] } },
    ]);
    // Read again: the picture is a file of the post now; the rest is still left out.
    await waitFor(() => expect(screen.queryByLabelText(/Commit anyway/)).toBeNull());
    expect([...screen.getByTestId("git-refused").querySelectorAll(".path")].map((e) => e.textContent)).toEqual([".env", ".git/config"]);
  });

  it("does not send a tick for a file that is no longer ignored", async () => {
    const big = { path: "raw-photos/big.png", reason: "ignored" as const, message: "`raw-photos/big.png` is ignored by Git." };
    let s = status({ state: "modified", refused: [big] });
    const calls = backend({ git_status: () => s, git_commit: () => outcome() });
    const { rerender } = panel();
    await fireEvent.click(await screen.findByLabelText("Commit anyway raw-photos/big.png"));
    s = status({ state: "modified" });
    await rerender({ refreshKey: 1 });
    await waitFor(() => expect(screen.queryByTestId("git-refused")).toBeNull());
    await fireEvent.click(commitButton());
    await waitFor(() => expect(of(calls, "git_commit")).toHaveLength(1));
    expect(of(calls, "git_commit")[0].options.include_ignored).toBeUndefined();
  });
});

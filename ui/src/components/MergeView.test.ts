import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, fireEvent, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import MergeView from "./MergeView.svelte";
import type { MergeConflict, MergeHunk, MergeState } from "../lib/bindings/core";

afterEach(() => clearMocks());

const POST = "_posts/2024-01-01-hello.md";

const same = (text: string, field: string | null = null): MergeHunk => ({ kind: "same", field, text, base: "", mine: "", theirs: "" });

function conflict(over: Partial<MergeConflict> = {}): MergeConflict {
  return {
    path: POST,
    base: "---\ntitle: Hello\ntags: [a]\n---\nOne.\nTwo.\n",
    mine: "---\ntitle: Mine\ntags: [a, b]\n---\nOne, mine.\nTwo.\n",
    theirs: "---\ntitle: Theirs\ntags: [a]\n---\nOne, theirs.\nTwo.\n",
    whole_file: false,
    hunks: [
      same("---\n"),
      { kind: "conflict", field: "title", text: "", base: "title: Hello\n", mine: "title: Mine\n", theirs: "title: Theirs\n" },
      { kind: "mine", field: "tags", text: "tags: [a, b]\n", base: "tags: [a]\n", mine: "tags: [a, b]\n", theirs: "tags: [a]\n" },
      same("---\n"),
      { kind: "conflict", field: null, text: "", base: "One.\n", mine: "One, mine.\n", theirs: "One, theirs.\n" },
      same("Two.\n"),
    ],
    fields: [
      { key: "title", kind: "conflict" },
      { key: "tags", kind: "mine" },
    ],
    ...over,
  };
}

function merge(conflicts: MergeConflict[] = [conflict()]): MergeState {
  return {
    kind: "merge",
    branch: "post/hello",
    theirs: "origin/post/hello",
    conflicts,
    exact_abort: true,
    message: "Merging `origin/post/hello`: 1 file changed on both sides.",
  };
}

type Handler = (args: any) => unknown;
function backend(handlers: Record<string, Handler>) {
  const calls: [string, any][] = [];
  mockIPC(async (cmd, args: any) => {
    calls.push([cmd, args]);
    const h = handlers[cmd];
    if (!h) throw { kind: "app", message: `unexpected ${cmd}` };
    return h(args);
  });
  return calls;
}

describe("MergeView", () => {
  it("shows base, mine and theirs per conflict and the fields merged apart; Finish writes the choices and commits", async () => {
    const calls = backend({
      merge_resolve: () => ({ ...merge([]) }),
      merge_finish: () => ({ commit: "abc1234", next: null, message: "Merged: commit abc1234." }),
    });
    const onfinished = vi.fn();
    render(MergeView, { merge: merge(), onfinished, onaborted: vi.fn() });

    expect(screen.getByText("Merging origin/post/hello into post/hello")).toBeTruthy();
    const fields = [...screen.getByTestId("merge-fields").querySelectorAll("li")].map((l) => l.textContent!.replace(/\s+/g, " ").trim());
    expect(fields).toEqual(["title conflict: changed on both sides", "tags merged: your change"]);
    const hunks = screen.getAllByTestId("merge-hunk");
    expect(hunks).toHaveLength(2);
    expect(hunks[0].dataset.field).toBe("title");
    expect([...hunks[1].querySelectorAll("pre")].map((p) => p.textContent)).toEqual(["One.\n", "One, mine.\n", "One, theirs.\n"]);
    const finish = screen.getByTestId("merge-finish") as HTMLButtonElement;
    expect(finish.disabled).toBe(true);
    expect(screen.getByTestId("merge-pending").textContent).toContain("2 conflicts left");

    await fireEvent.click(hunks[0].querySelector("button:nth-child(2)")!); // Take theirs
    expect(finish.disabled).toBe(true);
    await fireEvent.click([...hunks[1].querySelectorAll("button")].find((b) => b.textContent === "Edit by hand")!);
    const area = hunks[1].querySelector("textarea")!;
    expect(area.value).toBe("One, mine.\n");
    await fireEvent.input(area, { target: { value: "One, together.\n" } });
    expect(finish.disabled).toBe(false);
    await fireEvent.click(finish);

    await waitFor(() => expect(onfinished).toHaveBeenCalledOnce());
    expect(calls.map(([c]) => c)).toEqual(["merge_resolve", "merge_finish"]);
    expect(calls[0][1]).toEqual({ path: POST, text: "---\ntitle: Theirs\ntags: [a, b]\n---\nOne, together.\nTwo.\n" });
    expect(onfinished.mock.calls[0][0].commit).toBe("abc1234");
  });

  it("counts what is left to choose across files, a picture included", async () => {
    backend({});
    const picture = conflict({ path: "images/a.jpg", base: null, mine: null, theirs: null, whole_file: true, hunks: [], fields: [] });
    render(MergeView, { merge: merge([conflict(), picture]), onfinished: vi.fn(), onaborted: vi.fn() });
    expect(screen.getByTestId("merge-pending").textContent).toContain("3 conflicts left");
    await fireEvent.click(screen.getAllByRole("button", { name: "Take mine" })[0]);
    expect(screen.getByTestId("merge-pending").textContent).toContain("2 conflicts left");
    // Changing one's mind: the other side, then back.
    await fireEvent.click(screen.getAllByRole("button", { name: "Take theirs" })[0]);
    expect(screen.getAllByRole("button", { name: "Take theirs" })[0].getAttribute("aria-pressed")).toBe("true");
    expect(screen.getAllByRole("button", { name: "Take mine" })[0].getAttribute("aria-pressed")).toBe("false");
    expect(screen.getByTestId("merge-pending").textContent).toContain("2 conflicts left");
  });

  it("Abort asks the shell to restore everything and reports its message", async () => {
    const calls = backend({ merge_abort: () => "The merge was aborted: everything is as it was before." });
    const onaborted = vi.fn();
    render(MergeView, { merge: merge(), onfinished: vi.fn(), onaborted });
    await fireEvent.click(screen.getByTestId("merge-abort"));
    await waitFor(() => expect(onaborted).toHaveBeenCalledWith("The merge was aborted: everything is as it was before."));
    expect(calls.map(([c]) => c)).toEqual(["merge_abort"]);
  });

  it("a refused finish is shown and nothing else happens", async () => {
    backend({
      merge_resolve: () => merge([]),
      merge_finish: () => {
        throw { kind: "git", message: "Git did not commit the merge: pre-commit hook failed" };
      },
    });
    const onfinished = vi.fn();
    render(MergeView, { merge: merge([conflict({ hunks: [conflict().hunks[4]], fields: [] })]), onfinished, onaborted: vi.fn() });
    expect(screen.queryByTestId("merge-fields")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Take mine" }));
    await fireEvent.click(screen.getByTestId("merge-finish"));
    await waitFor(() => expect(screen.getByTestId("merge-error").textContent).toContain("pre-commit hook failed"));
    expect(onfinished).not.toHaveBeenCalled();
  });

  it("a picture changed on both sides is taken whole; a rebase's next stop replaces the view", async () => {
    const picture = conflict({ path: "images/a.jpg", base: null, mine: null, theirs: null, whole_file: true, hunks: [], fields: [] });
    const calls = backend({ merge_take: () => merge([]) });
    const onstate = vi.fn();
    const { rerender } = render(MergeView, { merge: merge([picture]), onfinished: vi.fn(), onaborted: vi.fn(), onstate });
    expect(screen.getByText(/cannot be merged line by line/)).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Take theirs" }));
    await waitFor(() => expect(onstate).toHaveBeenCalledOnce());
    expect(calls[0]).toEqual(["merge_take", { path: "images/a.jpg", side: "theirs" }]);
    await rerender({ merge: merge([]) });
    expect(screen.getByTestId("merge-resolved")).toBeTruthy();
    expect((screen.getByTestId("merge-finish") as HTMLButtonElement).disabled).toBe(false);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, fireEvent, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import BaseUpdate from "./BaseUpdate.svelte";
import type { BaseStatus, UpdateOutcome } from "../lib/bindings/core";

afterEach(() => clearMocks());

const status = (over: Partial<BaseStatus> = {}): BaseStatus => ({
  branch: "post/hello",
  base: "master",
  base_ref: "origin/master",
  behind: 3,
  ahead: 1,
  pushed: false,
  how: "rebase",
  ...over,
});

const outcome: UpdateOutcome = {
  branch: "post/hello",
  base_ref: "origin/master",
  how: "rebase",
  state: "updated",
  behind: 3,
  conflicts: [],
  commit: "abc",
  message: "`post/hello` now has the 3 new commit(s) of `origin/master` (rebased on them).",
};

describe("BaseUpdate", () => {
  it("says how far behind the base the branch is", () => {
    render(BaseUpdate, { status: status({ behind: 1, base: "main" }), onresult: vi.fn() });
    expect(screen.getByTestId("base-behind").textContent).toBe("1 commit behind main");
    expect(screen.getByRole("button", { name: "Update from main" })).toBeTruthy();
  });

  it("offers to update from the base and hands the outcome over", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "update_from_base") return outcome;
      throw { kind: "app", message: `unexpected ${cmd}` };
    });
    const onresult = vi.fn();
    render(BaseUpdate, { status: status(), onresult });
    expect(screen.getByTestId("base-behind").textContent).toBe("3 commits behind master");
    const button = screen.getByRole("button", { name: "Update from master" });
    expect(button.getAttribute("title")).toMatch(/Replays your 1 commit\(s\) on origin\/master/);
    await fireEvent.click(button);
    await waitFor(() => expect(onresult).toHaveBeenCalledWith(outcome));
    expect(calls).toEqual([["update_from_base", { how: null }]]);
  });

  it("says a pushed branch is merged, shows a failure, and shows nothing when not behind", async () => {
    mockIPC(() => {
      throw { kind: "conflict", message: "Git could not merge `origin/master`: local changes." };
    });
    const onresult = vi.fn();
    const { rerender } = render(BaseUpdate, { status: status({ pushed: true, how: "merge" }), onresult });
    const button = screen.getByRole("button", { name: "Update from master" });
    expect(button.getAttribute("title")).toMatch(/Merges origin\/master into post\/hello/);
    await fireEvent.click(button);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("local changes"));
    expect(onresult).not.toHaveBeenCalled();
    await rerender({ status: status({ behind: 0 }), onresult });
    expect(screen.queryByTestId("base-update")).toBeNull();
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSaver } from "./session";

describe("saver", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(autosave = true) {
    let dirty = true;
    const calls: string[] = [];
    const saver = createSaver(
      {
        isDirty: () => dirty,
        save: async () => {
          calls.push("save");
          dirty = false;
          return true;
        },
        journal: async () => void calls.push("journal"),
        autosave: () => autosave,
      },
      1000,
      3000,
    );
    return { saver, calls, setDirty: (d: boolean) => (dirty = d) };
  }

  it("saves once after the writer stops typing, not on every key", async () => {
    const { saver, calls } = setup();
    for (let i = 0; i < 5; i++) {
      saver.edited();
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(calls.filter((c) => c === "save")).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.filter((c) => c === "save")).toEqual(["save"]);
  });

  it("journals unsaved text while autosave is off, and never saves by itself", async () => {
    const { saver, calls } = setup(false);
    saver.edited();
    await vi.advanceTimersByTimeAsync(3500);
    expect(calls).toEqual(["journal"]);
    expect(await saver.flush()).toBe(false);
  });

  it("flush saves immediately when dirty and autosave is on", async () => {
    const { saver, calls } = setup();
    saver.edited();
    expect(await saver.flush()).toBe(true);
    expect(calls).toEqual(["save"]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toEqual(["save"]);
  });
});

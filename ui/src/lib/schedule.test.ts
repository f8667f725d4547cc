import { describe, expect, it } from "vitest";
import { createPreviewScheduler } from "./schedule";

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("preview scheduler", () => {
  it("collapses requests made during a render into one render of the newest text", async () => {
    const calls: string[] = [];
    const gates: { resolve: (v: string) => void }[] = [];
    const applied: string[] = [];
    const s = createPreviewScheduler(
      (t) => {
        calls.push(t);
        const d = deferred<string>();
        gates.push(d);
        return d.promise.then(() => `<p>${t}</p>`);
      },
      (h) => applied.push(h),
    );
    s.request("a");
    s.request("ab");
    s.request("abc");
    expect(calls).toEqual(["a"]);
    gates[0].resolve("");
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual(["a", "abc"]);
    gates[1].resolve("");
    await new Promise((r) => setTimeout(r, 0));
    expect(applied).toEqual(["<p>a</p>", "<p>abc</p>"]);
  });

  it("drops a render that finishes after a newer one was applied", async () => {
    const gates: Record<string, (v: string) => void> = {};
    const applied: string[] = [];
    const s = createPreviewScheduler(
      (t) => new Promise<string>((r) => (gates[t] = r)),
      (h) => applied.push(h),
    );
    s.now("old");
    s.now("new");
    gates["new"]("NEW");
    await new Promise((r) => setTimeout(r, 0));
    gates["old"]("OLD");
    await new Promise((r) => setTimeout(r, 0));
    expect(applied).toEqual(["NEW"]);
  });

  it("keeps the last good preview when a render fails", async () => {
    const applied: string[] = [];
    let fail = false;
    const s = createPreviewScheduler(
      async (t) => {
        if (fail) throw new Error("boom");
        return t;
      },
      (h) => applied.push(h),
    );
    s.request("ok");
    await new Promise((r) => setTimeout(r, 0));
    fail = true;
    s.request("bad");
    await new Promise((r) => setTimeout(r, 0));
    expect(applied).toEqual(["ok"]);
  });

  it("sends the changes since the last text sent, composed while a render runs", async () => {
    // Changes are strings here; composing concatenates them.
    const calls: [string, string | null][] = [];
    const gates: (() => void)[] = [];
    const s = createPreviewScheduler<string, string>(
      (t, c) => {
        calls.push([t, c]);
        return new Promise<string>((r) => gates.push(() => r(t)));
      },
      () => {},
      (a, b) => a + b,
    );
    s.now("a");
    s.request("ab", "+b");
    s.request("abc", "+c");
    s.request("abcd", "+d");
    gates[0]();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual([
      ["a", null],
      ["abcd", "+b+c+d"],
    ]);
    // Unknown changes in the run make the whole run unknown: the text goes whole.
    s.request("abcde", "+e");
    s.request("X", null);
    s.request("Xy", "+y");
    gates[1]();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls[2]).toEqual(["Xy", null]);
  });

  it("sends the whole text after a failed render, whatever changes come with it", async () => {
    const calls: [string, string | null][] = [];
    let fail = true;
    const s = createPreviewScheduler<string, string>(
      async (t, c) => {
        calls.push([t, c]);
        if (fail) throw new Error("lost");
        return t;
      },
      () => {},
      (a, b) => a + b,
    );
    s.request("ab", "+b");
    await new Promise((r) => setTimeout(r, 0));
    fail = false;
    s.request("abc", "+c");
    await new Promise((r) => setTimeout(r, 0));
    s.request("abcd", "+d");
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual([
      ["ab", "+b"],
      ["abc", null],
      ["abcd", "+d"],
    ]);
  });
});

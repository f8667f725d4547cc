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
});

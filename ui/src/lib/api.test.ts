import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { api, EVENTS, onBlogChanged, onEvent, onGitProgress, onImportProgress, toError } from "./api";
import type { Change, EventPayloads, ImportProgress, IpcError, IpcErrorKind } from "./api";

afterEach(() => clearMocks());

describe("api", () => {
  it("sends the command name and arguments the Rust side expects", async () => {
    const seen: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      return null;
    });
    await api.savePost("_posts/a.md", "hello", "abc");
    expect(seen).toEqual([["save_post", { path: "_posts/a.md", text: "hello", expected: "abc" }]]);
  });

  it("turns a Rust error into {kind, message}", async () => {
    mockIPC(() => {
      throw { kind: "outside_repo", message: "`../x` is outside the open blog" };
    });
    await expect(api.loadPost("../x")).rejects.toEqual({
      kind: "outside_repo",
      message: "`../x` is outside the open blog",
    });
  });

  it("wraps a bare string failure", async () => {
    mockIPC(() => {
      throw "command not found";
    });
    await expect(api.listPosts()).rejects.toEqual({ kind: "app", message: "command not found" });
  });

  it("types the error's kind as the words Rust sends, the core's and the shell's", () => {
    const e: IpcError = toError({ kind: "no_blog", message: "No blog is open." });
    expectTypeOf(e.kind).toEqualTypeOf<IpcErrorKind>();
    expectTypeOf<"conflict">().toExtend<IpcErrorKind>();
    expectTypeOf<"no_blog">().toExtend<IpcErrorKind>();
    expectTypeOf<"app">().toExtend<IpcErrorKind>();
    expectTypeOf<"conflcit">().not.toExtend<IpcErrorKind>();
    // @ts-expect-error a misspelt kind is a type error, not a branch that is never taken
    expect(e.kind === "conflcit").toBe(false);
    expect(e.kind === "no_blog").toBe(true);
  });
});

describe("events", () => {
  it("are named as the shell emits them", () => {
    expect(EVENTS).toEqual({
      BLOG_CHANGED: "blog-changed",
      GIT_PROGRESS: "git-progress",
      IMPORT_PROGRESS: "import-progress",
    });
  });

  it("reach a listener registered through api.ts with their typed payload, until it stops", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const got: ImportProgress[] = [];
    const stop = await onImportProgress((p) => {
      expectTypeOf(p).toEqualTypeOf<ImportProgress>();
      got.push(p);
    });
    const sent: EventPayloads["import-progress"] = { done: 1, total: 3, file: "a.jpg" };
    await emit("import-progress", sent);
    // Another event does not reach it.
    await emit("git-progress", "Counting objects: 1");
    expect(got).toEqual([{ done: 1, total: 3, file: "a.jpg" }]);
    stop();
    stop(); // twice is harmless
    await emit("import-progress", { done: 2, total: 3, file: "b.jpg" });
    expect(got).toHaveLength(1);
  });

  it("give each listener the payload of its own event", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const lines: string[] = [];
    const batches: Change[][] = [];
    const stops = [
      await onGitProgress((line) => {
        expectTypeOf(line).toEqualTypeOf<string>();
        lines.push(line);
      }),
      await onBlogChanged((changes) => {
        expectTypeOf(changes).toEqualTypeOf<Change[]>();
        batches.push(changes);
      }),
    ];
    const changes: EventPayloads["blog-changed"] = [{ kind: "removed", path: "_posts/a.md" }];
    await emit("blog-changed", changes);
    await emit("git-progress", "Writing objects: 100% (3/3)");
    expect(batches).toEqual([changes]);
    expect(lines).toEqual(["Writing objects: 100% (3/3)"]);
    stops.forEach((s) => s());
  });

  it("only lets a known event be listened to, with that event's payload", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    // @ts-expect-error not an event the shell emits
    const stop = await onEvent("git-progres", () => {});
    stop();
    // @ts-expect-error git-progress carries a string, not a number
    const stop2 = await onEvent(EVENTS.GIT_PROGRESS, (n: number) => n);
    stop2();
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { api } from "./api";

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
});

// The only place the UI talks to the Rust side. Every call is typed with the types generated
// from Rust (./bindings), and every failure arrives as an IpcError {kind, message}.
import { invoke } from "@tauri-apps/api/core";
import type { BlogInfo, PostFile, PostSummary } from "./bindings/core";
import type { IpcError, Startup } from "./bindings/app";

export type { BlogInfo, PostFile, PostSummary, IpcError, Startup };

/** Turns anything thrown by invoke into an IpcError with a readable message. */
export function toError(e: unknown): IpcError {
  if (e && typeof e === "object" && "message" in e && "kind" in e) {
    return e as IpcError;
  }
  return { kind: "app", message: String(e) };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toError(e);
  }
}

export const api = {
  startup: () => call<Startup>("startup"),
  openBlog: (path: string) => call<BlogInfo>("open_blog", { path }),
  recentBlogs: () => call<string[]>("recent_blogs"),
  listPosts: () => call<PostSummary[]>("list_posts"),
  readPost: (path: string) => call<PostFile>("read_post", { path }),
  savePost: (path: string, text: string) => call<null>("save_post", { path, text }),
  renderPreview: (text: string) => call<string>("render_preview", { text }),
};

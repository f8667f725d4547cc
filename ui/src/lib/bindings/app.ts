// Generated from the Rust types by ts-rs (src-tauri/src/bindings.rs). Do not edit.
import type { BlogInfo, Change, ErrorKind, ImportProgress, Rendered } from "./core";

export type IpcError = { kind: IpcErrorKind, message: string, };

export type IpcErrorKind = ErrorKind | AppErrorKind;

export type AppErrorKind = "no_blog" | "app";

export type Startup = { blog: BlogInfo | null, error: IpcError | null, recent: Array<string>, 
/**
 * The URL prefix of a repository file in the window (`postdesk://localhost/` or, on
 * Windows, `http://postdesk.localhost/`).
 */
image_prefix: string, };

export type ReviewedPost = { text: string, rendered: Rendered, };

/** The names of the events the shell emits. */
export const EVENTS = {
  /** Files of the open blog changed outside the app (the watcher's batch of changes). */
  BLOG_CHANGED: "blog-changed",
  /** A progress line of a push, pull or fetch, as Git prints it. */
  GIT_PROGRESS: "git-progress",
  /** One file of a batch of imported images finished. */
  IMPORT_PROGRESS: "import-progress",
} as const;

export type EventName = (typeof EVENTS)[keyof typeof EVENTS];

/** The payload each event carries. */
export type EventPayloads = {
  "blog-changed": Array<Change>,
  "git-progress": string,
  "import-progress": ImportProgress,
};

// Generated from the Rust types by ts-rs (src-tauri/src/bindings.rs). Do not edit.
import type { BlogInfo, Rendered } from "./core";

export type IpcError = { 
/**
 * The core's error kind (`not_found`, `outside_repo`, …), or `no_blog` / `app`.
 */
kind: string, message: string, };

export type Startup = { blog: BlogInfo | null, error: IpcError | null, recent: Array<string>, };

export type ReviewedPost = { text: string, rendered: Rendered, };

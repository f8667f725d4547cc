// Generated from the Rust types by ts-rs (src-tauri/src/bindings.rs). Do not edit.
import type { BlogInfo } from "./core";

export type IpcError = { kind: string, message: string, };

export type Startup = { blog: BlogInfo | null, error: IpcError | null, recent: Array<string>, };

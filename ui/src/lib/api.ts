// The only place the UI talks to the Rust side. Every call is typed with the types generated
// from Rust (./bindings), every failure arrives as an IpcError {kind, message} whose kind is
// one of the words Rust sends, and every event is listened to here, by its generated name.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type {
  BlogInfo,
  PostSummary,
  Loaded,
  SaveOutcome,
  Recovered,
  PreviewDelta,
  TextEdit,
  Schema,
  FrontMatterView,
  JsonValue,
  NewPostRequest,
  NewPostPlan,
  ImportOptions,
  ImportOutcome,
  Finding,
  PostStatus,
  CommitOptions,
  CommitOutcome,
  PushOutcome,
  PullOutcome,
  BranchInfo,
  ChangedPost,
  FetchOutcome,
  Identity,
} from "./bindings/core";
import type {
  MergeState,
  FinishOutcome,
  Side,
  BaseStatus,
  UpdateHow,
  UpdateOutcome,
} from "./bindings/core";
import type { SiteStatus, SiteLog, PageUrl, TrustInfo } from "./bindings/core";
import { EVENTS } from "./bindings/app";
import type {
  IpcError,
  IpcErrorKind,
  AppErrorKind,
  Startup,
  ReviewedPost,
  EventName,
  EventPayloads,
} from "./bindings/app";

export type * from "./bindings/core";
export type { IpcError, IpcErrorKind, AppErrorKind, Startup, ReviewedPost, EventName, EventPayloads };
export { EVENTS };

/** Stops a listener. Safe to call more than once. */
export type Unlisten = () => void;

/**
 * Calls `handler` with the payload of each `event` the shell emits, typed by the generated
 * `EventPayloads`. Resolves once the listener is registered (an event emitted before then is
 * missed), with the function that stops it.
 */
export async function onEvent<E extends EventName>(
  event: E,
  handler: (payload: EventPayloads[E]) => void,
): Promise<Unlisten> {
  const stop = await listen<EventPayloads[E]>(event, (e) => handler(e.payload));
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    // Unlistening talks to the shell too; failing to (the window is closing) is of no consequence.
    try {
      void Promise.resolve(stop() as unknown).catch(() => {});
    } catch {
      // ignored, as above
    }
  };
}

/** Files of the open blog changed outside the app (another editor, a checkout, a pull). */
export const onBlogChanged = (handler: (changes: EventPayloads["blog-changed"]) => void) =>
  onEvent(EVENTS.BLOG_CHANGED, handler);
/** A progress line of a push, pull or fetch, as Git prints it. */
export const onGitProgress = (handler: (line: EventPayloads["git-progress"]) => void) =>
  onEvent(EVENTS.GIT_PROGRESS, handler);
/** One file of a batch of imported images finished. */
export const onImportProgress = (handler: (progress: EventPayloads["import-progress"]) => void) =>
  onEvent(EVENTS.IMPORT_PROGRESS, handler);

/** Turns anything thrown by invoke into an IpcError with a readable message. */
export function toError(e: unknown): IpcError {
  if (e && typeof e === "object" && "message" in e && "kind" in e) {
    return e as IpcError;
  }
  return { kind: "app", message: String(e) };
}

export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toError(e);
  }
}

export const api = {
  startup: () => call<Startup>("startup"),
  /** Shows the shell's folder picker and opens the chosen blog; null when cancelled. */
  chooseBlog: () => call<BlogInfo | null>("choose_blog"),
  /** Opens a blog of the recent list (any other folder is refused). */
  openBlog: (path: string) => call<BlogInfo>("open_blog", { path }),
  recentBlogs: () => call<string[]>("recent_blogs"),
  listPosts: () => call<PostSummary[]>("list_posts"),
  loadPost: (path: string) => call<Loaded>("load_post", { path }),
  /** `expected`: the hash the text was loaded from; refused with kind "conflict" if the file changed. */
  savePost: (path: string, text: string, expected: string | null) =>
    call<SaveOutcome>("save_post", { path, text, expected }),
  journalRecord: (path: string, text: string, baseHash: string | null) =>
    call<boolean>("journal_record", { path, text, baseHash }),
  journalPending: () => call<Recovered[]>("journal_pending"),
  journalDiscard: (path: string) => call<null>("journal_discard", { path }),

  /** What the preview must change to show `text`, given the version it shows (`have`). */
  previewDelta: (path: string, text: string, have: number | null, allowRemote = false) =>
    call<PreviewDelta>("preview_delta", { path, text, have, allowRemote }),
  /**
   * What the preview must change after the editor's `edits` to the text of version `base`
   * (the article the preview shows); `length`: the text's length after them. Refused with kind "stale" when that is not the text the
   * renderer has: then send the whole text with `previewDelta`.
   */
  previewEdit: (path: string, base: number, edits: TextEdit[], length: number, allowRemote = false) =>
    call<PreviewDelta>("preview_edit", { path, base, edits, length, allowRemote }),
  previewCss: () => call<string>("preview_css"),

  schema: () => call<Schema>("schema"),
  fmView: (text: string) => call<FrontMatterView>("fm_view", { text }),
  /** Returns the post's new text with only that field changed. */
  fmSet: (text: string, key: string, value: JsonValue) => call<string>("fm_set", { text, key, value }),
  fmSetRaw: (text: string, key: string, raw: string) => call<string>("fm_set_raw", { text, key, raw }),
  fmUnset: (text: string, key: string) => call<string>("fm_unset", { text, key }),
  fmSetSource: (text: string, source: string) => call<string>("fm_set_source", { text, source }),

  planPost: (request: NewPostRequest) => call<NewPostPlan>("plan_post", { request }),
  createPost: (request: NewPostRequest) => call<NewPostPlan>("create_post", { request }),
  publishDraft: (path: string) => call<string>("publish_draft", { path }),

  importImages: (post: string, text: string, files: string[], options: Partial<ImportOptions> = {}) =>
    call<ImportOutcome[]>("import_images", { post, text, files, options }),
  cancelImport: () => call<null>("cancel_import"),
  importPasted: async (post: string, name: string, bytes: Uint8Array, alt = ""): Promise<ImportOutcome> => {
    try {
      return await invoke<ImportOutcome>("import_pasted", bytes, {
        headers: { "x-post": encodeURIComponent(post), "x-name": encodeURIComponent(name), "x-alt": encodeURIComponent(alt) },
      });
    } catch (e) {
      throw toError(e);
    }
  },

  checkPost: (path: string, text: string) => call<Finding[]>("check_post", { path, text }),

  gitStatus: (path: string) => call<PostStatus>("git_status", { path }),
  gitCommit: (path: string, options: CommitOptions) => call<CommitOutcome>("git_commit", { path, options }),
  /** Progress lines arrive through `onGitProgress`. */
  gitPush: (branch: string, remote: string | null = null) => call<PushOutcome>("git_push", { branch, remote }),
  gitPull: () => call<PullOutcome>("git_pull"),
  gitFetch: () => call<FetchOutcome>("git_fetch"),
  /** The user.name / user.email Git would record (null when unset). */
  gitIdentity: () => call<Identity>("git_identity"),
  /** Sets user.name and user.email, in ~/.gitconfig when `global`, else in this blog's .git/config. */
  gitSetIdentity: (name: string, email: string, global: boolean) =>
    call<Identity>("git_set_identity", { name, email, global }),
  /** Opens an http(s) URL (e.g. the pull-request page) in the user's browser. */
  openExternal: (url: string) => call<null>("open_external", { url }),
  gitBranches: () => call<BranchInfo[]>("git_branches"),
  reviewPosts: (rev: string, base: string | null = null) => call<ChangedPost[]>("review_posts", { rev, base }),
  reviewRender: (rev: string, path: string) => call<ReviewedPost>("review_render", { rev, path }),
  /** The commit `rev` forked from (its merge base with `base`, default branch when null). */
  reviewMergeBase: (rev: string, base: string | null = null) => call<string>("review_merge_base", { rev, base }),
  reviewDiff: (rev: string, path: string, base: string | null = null) => call<string>("review_diff", { rev, base, path }),

  /** The merge (or rebase) in progress, with its conflicts; null when there is none. */
  mergeState: () => call<MergeState | null>("merge_state"),
  /** Writes and stages the merged text of a conflicted file; refused while it holds conflict markers. */
  mergeResolve: (path: string, text: string) => call<MergeState | null>("merge_resolve", { path, text }),
  /** Resolves a conflicted file by taking one side whole (a picture, a file one side deleted). */
  mergeTake: (path: string, side: Side) => call<MergeState | null>("merge_take", { path, side }),
  /** Commits the merge once nothing is conflicted; a rebase may stop again (`next`). */
  mergeFinish: () => call<FinishOutcome>("merge_finish"),
  /** Aborts the merge: the repository as it was before the pull or update. */
  mergeAbort: () => call<string>("merge_abort"),
  /** How the current branch stands against the base branch; null on the base branch itself. */
  baseStatus: () => call<BaseStatus | null>("base_status"),
  /** Merges the base into the post's branch, or rebases it (default: rebase until pushed). */
  updateFromBase: (how: UpdateHow | null = null) => call<UpdateOutcome>("update_from_base", { how }),

  /**
   * Starts the blog's own development server (`rev` null: the open blog; else the reviewed
   * branch's commit `tip`, once `siteTrust` showed what it runs). Kept when already running.
   */
  siteStart: (rev: string | null = null, tip: string | null = null) => call<SiteStatus>("site_start", { rev, tip }),
  /** What serving `rev` would run: the command and the blog's files that run with it. */
  siteTrust: (rev: string) => call<TrustInfo>("site_trust", { rev }),
  /** The server's state; null when none runs. */
  siteStatus: (rev: string | null = null) => call<SiteStatus | null>("site_status", { rev }),
  /** The server's output from line `since` on. */
  siteLog: (rev: string | null, since: number) => call<SiteLog | null>("site_log", { rev, since }),
  /** Where the post at `path` is on the server. */
  sitePage: (path: string, rev: string | null = null) => call<PageUrl>("site_page", { rev, path }),
  siteStop: (rev: string | null = null) => call<null>("site_stop", { rev }),
};

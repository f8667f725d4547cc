// Keeps the preview in step with typing without ever making typing wait: at most one render
// in flight; while it runs, later requests collapse into one (the newest text, with the
// editor's changes since the last text sent composed into one); results of renders older
// than the newest applied one are dropped.
//
// `C` is the editor's record of changes (a CodeMirror ChangeSet in the app). A request
// carries the changes from the text of the request before it, so the render can send those
// instead of the whole text; `null` means "unknown": the render sends the whole text.
// `D` is the text as the caller has it (the editor's document in the app: made a string only
// when it is sent whole). A render starts synchronously inside `request` and `now`.
export interface PreviewScheduler<C = never, D = string> {
  request(text: D, changes?: C | null): void;
  now(text: D): void;
}

export function createPreviewScheduler<T, C = never, D = string>(
  render: (text: D, changes: C | null) => Promise<T>,
  apply: (result: T) => void,
  compose: (a: C, b: C) => C = () => {
    throw new Error("no compose");
  },
): PreviewScheduler<C, D> {
  let inFlight = false;
  let pending: { text: D; changes: C | null } | null = null;
  /** A render failed: what the renderer has is unknown, the next request sends the text. */
  let resync = false;
  let seq = 0;
  let applied = 0;

  async function run(text: D, changes: C | null) {
    inFlight = true;
    const mine = ++seq;
    if (resync) {
      changes = null;
      resync = false;
    }
    try {
      const result = await render(text, changes);
      if (mine > applied) {
        applied = mine;
        apply(result);
      }
    } catch {
      // A failed render keeps the last good preview; the next keystroke tries again, whole.
      resync = true;
    } finally {
      inFlight = false;
      if (pending !== null) {
        const next = pending;
        pending = null;
        void run(next.text, next.changes);
      }
    }
  }

  return {
    request(text, changes = null) {
      if (inFlight) {
        const prev = pending;
        pending = {
          text,
          changes: prev === null ? changes : prev.changes !== null && changes !== null ? compose(prev.changes, changes) : null,
        };
      } else void run(text, changes);
    },
    now(text) {
      pending = null;
      void run(text, null);
    },
  };
}

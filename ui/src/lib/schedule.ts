// Keeps the preview in step with typing without ever making typing wait: at most one render
// in flight; while it runs, later requests collapse into one (the newest text); results of
// renders older than the newest applied one are dropped.
export interface PreviewScheduler {
  request(text: string): void;
  now(text: string): void;
}

export function createPreviewScheduler<T>(
  render: (text: string) => Promise<T>,
  apply: (result: T) => void,
): PreviewScheduler {
  let inFlight = false;
  let pending: string | null = null;
  let seq = 0;
  let applied = 0;

  async function run(text: string) {
    inFlight = true;
    const mine = ++seq;
    try {
      const result = await render(text);
      if (mine > applied) {
        applied = mine;
        apply(result);
      }
    } catch {
      // A failed render keeps the last good preview; the next keystroke tries again.
    } finally {
      inFlight = false;
      if (pending !== null) {
        const next = pending;
        pending = null;
        void run(next);
      }
    }
  }

  return {
    request(text) {
      if (inFlight) pending = text;
      else void run(text);
    },
    now(text) {
      pending = null;
      void run(text);
    },
  };
}

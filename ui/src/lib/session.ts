// Saving policy of the open post: autosave after a short idle delay and when the window loses
// focus, journaling of unsaved text for crash recovery. Pure timing logic, testable.

export const AUTOSAVE_DELAY_MS = 1500;
export const JOURNAL_EVERY_MS = 3000;

export interface SaverHooks {
  isDirty: () => boolean;
  save: () => Promise<boolean>;
  journal: () => Promise<void>;
  autosave: () => boolean;
}

/** Calls `save` after `delay` ms without edits, and `journal` at most every `journalEvery` ms while dirty. */
export function createSaver(h: SaverHooks, delay = AUTOSAVE_DELAY_MS, journalEvery = JOURNAL_EVERY_MS) {
  let idle: ReturnType<typeof setTimeout> | undefined;
  let journalTimer: ReturnType<typeof setTimeout> | undefined;
  return {
    edited() {
      clearTimeout(idle);
      if (h.autosave()) idle = setTimeout(() => void (h.isDirty() && h.save()), delay);
      if (!journalTimer) {
        journalTimer = setTimeout(async () => {
          journalTimer = undefined;
          if (h.isDirty()) await h.journal();
        }, journalEvery);
      }
    },
    /** The window lost focus or the app is closing: save now if autosave is on. */
    async flush(): Promise<boolean> {
      clearTimeout(idle);
      if (h.isDirty() && h.autosave()) return h.save();
      return !h.isDirty();
    },
    stop() {
      clearTimeout(idle);
      clearTimeout(journalTimer);
      journalTimer = undefined;
    },
  };
}

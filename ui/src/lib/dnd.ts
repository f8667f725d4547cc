// Images dropped or pasted onto the editor: imported by the core (off the UI thread), then their
// Markdown is inserted where they were dropped, one per line, with the first alt text selected so
// the writer types it. Tauri delivers file drops as window events with physical-pixel positions
// (the webview never sees the files), so `listenForDrops` maps them to the editor.
import { EditorSelection, Compartment, StateEffect } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { api, onImportProgress, toError } from "./api";
import type { ImportOutcome } from "./bindings/core";

export interface ImportFailure {
  file: string;
  message: string;
}

export interface ImportResult {
  /** The Markdown snippets inserted, in the order dropped. */
  inserted: string[];
  /** Files that could not be imported; each message names the file. */
  failures: ImportFailure[];
  /** Files not imported because the batch was cancelled (the ones done before are kept). */
  skipped: string[];
  /** Things the writer should know about imported files (an animation kept at full size…). */
  warnings: string[];
}

/** The file's name without its folders (for messages). */
function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

function safePosAtCoords(view: EditorView, client: { x: number; y: number }): number | null {
  try {
    return view.posAtCoords(client);
  } catch {
    return null; // no layout (tests, a hidden editor)
  }
}

/**
 * Inserts `text` at document position `pos` (`null`: the caret, replacing the selection), on its own
 * line(s), selects the first image's alt text and returns the range of the inserted snippets
 * (without the line breaks added around them).
 */
function insertAtPos(view: EditorView, text: string, pos: number | null): { from: number; to: number } {
  const state = view.state;
  const body = text.replace(/^(\r?\n)+|(\r?\n)+$/g, "");
  let from: number;
  let to: number;
  if (pos === null) {
    from = state.selection.main.from;
    to = state.selection.main.to;
  } else {
    from = to = Math.max(0, Math.min(pos, state.doc.length));
  }
  const before = state.doc.lineAt(from);
  const after = state.doc.lineAt(to);
  const prefix = from > before.from ? "\n" : "";
  const suffix = to < after.to ? "\n" : "";
  const insert = prefix + body + suffix;
  const start = from + prefix.length;
  const end = start + body.length;

  let selection = EditorSelection.cursor(end);
  const img = body.indexOf("![");
  if (img >= 0) {
    const close = body.indexOf("](", img + 2);
    if (close >= 0) selection = EditorSelection.range(start + img + 2, start + close);
  }
  view.dispatch({
    changes: { from, to, insert },
    selection,
    userEvent: "input.drop",
    scrollIntoView: true,
  });
  view.focus();
  return { from: start, to: end };
}

/**
 * Inserts `text` at the point under `client` (viewport CSS pixels), or at the caret when there is no
 * point or it is not over the text. Each snippet lands on its own line; the alt text of the first
 * image is selected. Returns the inserted range (the snippets, not the added line breaks).
 */
export function insertAt(view: EditorView, text: string, client?: { x: number; y: number }): { from: number; to: number } {
  const pos = client ? safePosAtCoords(view, client) : null;
  return insertAtPos(view, text, pos);
}

/** Tauri positions are physical pixels; the DOM works in CSS (logical) pixels. */
export function physicalToLogical(p: { x: number; y: number }, scale: number): { x: number; y: number } {
  const s = Number.isFinite(scale) && scale > 0 ? scale : 1;
  return { x: p.x / s, y: p.y / s };
}

/**
 * Follows a document position through the edits made while an import runs (the editor stays
 * usable), and notices when the view got another document (another post was opened).
 */
function trackPosition(view: EditorView, pos: number | null) {
  const compartment = new Compartment();
  let current = pos;
  view.dispatch({
    effects: StateEffect.appendConfig.of(
      compartment.of(
        EditorView.updateListener.of((u) => {
          if (u.docChanged && current !== null) current = u.changes.mapPos(current, 1);
        }),
      ),
    ),
  });
  return {
    /** The mapped position, or `undefined` when the document was replaced. */
    get(): number | null | undefined {
      return compartment.get(view.state) === undefined ? undefined : current;
    },
    stop() {
      if (compartment.get(view.state) !== undefined) view.dispatch({ effects: compartment.reconfigure([]) });
    },
  };
}

function collect(outcomes: ImportOutcome[]): ImportResult {
  const result: ImportResult = { inserted: [], failures: [], skipped: [], warnings: [] };
  for (const o of outcomes) {
    if (o.status === "imported") {
      result.inserted.push(o.markdown);
      for (const w of o.warnings) result.warnings.push(w);
    } else if (o.status === "failed") {
      const name = baseName(o.file);
      result.failures.push({ file: o.file, message: o.message.includes(name) ? o.message : `${name}: ${o.message}` });
    } else {
      result.skipped.push(o.file);
    }
  }
  return result;
}

/** Imports then inserts at the tracked position; nothing is inserted if another post was opened. */
async function importThenInsert(
  view: EditorView,
  pos: number | null,
  files: string[],
  run: () => Promise<ImportOutcome[]>,
): Promise<ImportResult> {
  const tracker = trackPosition(view, pos);
  let outcomes: ImportOutcome[];
  try {
    outcomes = await run();
  } catch (e) {
    tracker.stop();
    const err = toError(e);
    return {
      inserted: [],
      failures: files.map((f) => ({ file: f, message: `${baseName(f)} was not imported: ${err.message}` })),
      skipped: [],
      warnings: [],
    };
  }
  const at = tracker.get();
  tracker.stop();
  const result = collect(outcomes);
  if (result.inserted.length > 0) {
    if (at === undefined) {
      // The writer opened another post meanwhile: the images are in the blog, but the links would
      // land in the wrong post.
      result.failures.push(
        ...outcomes
          .filter((o) => o.status === "imported")
          .map((o) => ({
            file: o.file,
            message: `${baseName(o.file)} was imported as ${o.url}, but another post was opened before it could be linked.`,
          })),
      );
      result.inserted = [];
    } else {
      insertAtPos(view, result.inserted.join("\n"), at);
    }
  }
  return result;
}

/**
 * Imports the dropped `files` into the post's image folder and inserts the Markdown of each imported
 * one, in the order dropped, one per line at the drop point (`client`, CSS pixels; the caret
 * without one). Failures and cancelled files are returned, never thrown.
 */
export async function importAndInsert(
  view: EditorView,
  post: string,
  files: string[],
  client: { x: number; y: number } | undefined,
  onprogress?: (done: number, total: number) => void,
): Promise<ImportResult> {
  const pos = client ? safePosAtCoords(view, client) : null;
  let unlisten: (() => void) | undefined;
  if (onprogress) {
    try {
      unlisten = await onImportProgress((p) => onprogress(p.done, p.total));
    } catch {
      // no progress events: the batch still runs
    }
  }
  try {
    return await importThenInsert(view, pos, files, () => api.importImages(post, view.state.doc.toString(), files));
  } finally {
    unlisten?.();
  }
}

/** The image files of a paste (a screenshot, an image copied from a browser or a file manager). */
export function pastedImageFiles(e: ClipboardEvent): File[] {
  const data = e.clipboardData;
  if (!data) return [];
  const out: File[] = [];
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind === "file" && item.type.startsWith("image/")) {
      const f = item.getAsFile();
      if (f) out.push(f);
    }
  }
  if (out.length === 0) {
    for (const f of Array.from(data.files ?? [])) if (f.type.startsWith("image/")) out.push(f);
  }
  return out;
}

function readBytes(file: File): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === "function") return file.arrayBuffer().then((b) => new Uint8Array(b));
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result as ArrayBuffer));
    r.onerror = () => reject(r.error);
    r.readAsArrayBuffer(file);
  });
}

/** Imports a pasted image and inserts its Markdown at the caret (replacing the selection). */
export async function importPastedAndInsert(view: EditorView, post: string, file: File): Promise<ImportResult> {
  const name = file.name || `pasted.${(file.type.split("/")[1] || "png").replace(/[^a-z0-9]/gi, "")}`;
  return importThenInsert(view, null, [name], async () => {
    const bytes = await readBytes(file);
    return [await api.importPasted(post, name, bytes)];
  });
}

export interface DropHandlers {
  /** A batch starts (`total` files). */
  start?: (total: number) => void;
  /** A file of the batch finished. */
  progress?: (done: number, total: number) => void;
  /**
   * The batch is over. `failures` lists the failed files and then the skipped (cancelled) ones,
   * each message naming the file; `result` has the details.
   */
  finish?: (failures: ImportFailure[], result: ImportResult) => void;
  /** Show (`true`) or hide the "drop to insert" hint while files are dragged over the editor. */
  hint?: (show: boolean) => void;
  /** Files dropped outside the editor (e.g. on the thumbnail field): `point` in CSS pixels. */
  elsewhere?: (paths: string[], point: { x: number; y: number }) => void;
  /** A drop that cannot be handled now (no post open, a batch already running). */
  refused?: (message: string) => void;
}

function overEditor(view: EditorView | undefined, p: { x: number; y: number }): boolean {
  if (!view) return false;
  const r = view.dom.getBoundingClientRect();
  return p.x >= r.left && p.x <= r.right && p.y >= r.top && p.y <= r.bottom;
}

/**
 * Listens for files dragged onto the window; those dropped over the editor are imported into
 * the open post and linked at the drop point. Returns the unlisten function.
 */
export async function listenForDrops(
  getView: () => EditorView | undefined,
  getPost: () => string | null,
  handlers: DropHandlers = {},
): Promise<() => void> {
  const win = getCurrentWindow();
  let scale = 1;
  const refreshScale = async () => {
    try {
      scale = await win.scaleFactor();
    } catch {
      // keep the last one
    }
  };
  await refreshScale();
  let busy = false;
  let hinting = false;
  const hint = (show: boolean) => {
    if (show !== hinting) {
      hinting = show;
      handlers.hint?.(show);
    }
  };

  return getCurrentWebview().onDragDropEvent(async (event) => {
    const e = event.payload;
    if (e.type === "enter" || e.type === "over") {
      if (e.type === "enter") void refreshScale();
      hint(getPost() !== null && overEditor(getView(), physicalToLogical(e.position, scale)));
      return;
    }
    hint(false);
    if (e.type !== "drop" || e.paths.length === 0) return;
    await refreshScale();
    const point = physicalToLogical(e.position, scale);
    const view = getView();
    if (!overEditor(view, point)) {
      handlers.elsewhere?.(e.paths, point);
      return;
    }
    const post = getPost();
    if (!view || post === null) {
      handlers.refused?.("Open a post before dropping images on it.");
      return;
    }
    if (busy) {
      handlers.refused?.("Images are still being imported: wait for them or cancel, then drop again.");
      return;
    }
    busy = true;
    handlers.start?.(e.paths.length);
    try {
      const result = await importAndInsert(view, post, e.paths, point, handlers.progress);
      const failures = [
        ...result.failures,
        ...result.skipped.map((f) => ({ file: f, message: `${baseName(f)} was skipped: the import was cancelled.` })),
      ];
      handlers.finish?.(failures, result);
    } finally {
      busy = false;
    }
  });
}

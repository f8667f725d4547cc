import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { EditorState, EditorSelection } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import type { ImportOutcome } from "./bindings/core";
import type { EventPayloads } from "./api";

// The drag-and-drop events come from the Tauri window; the test drives them by hand.
const webview = vi.hoisted(() => ({ handler: null as null | ((e: { payload: any }) => Promise<void> | void), unlisten: vi.fn() }));
vi.mock("@tauri-apps/api/webview", () => ({
  getCurrentWebview: () => ({
    onDragDropEvent: async (h: (e: { payload: any }) => void) => {
      webview.handler = h;
      return webview.unlisten;
    },
  }),
}));
vi.mock("@tauri-apps/api/window", () => ({ getCurrentWindow: () => ({ scaleFactor: async () => 2 }) }));

import { importAndInsert, importPastedAndInsert, insertAt, listenForDrops, pastedImageFiles, physicalToLogical } from "./dnd";

let views: EditorView[] = [];
function editor(doc: string, caret: number, anchor = caret): EditorView {
  const parent = document.createElement("div");
  document.body.appendChild(parent);
  const view = new EditorView({ parent, state: EditorState.create({ doc, selection: EditorSelection.single(anchor, caret) }) });
  views.push(view);
  return view;
}
const selected = (v: EditorView) => v.state.sliceDoc(v.state.selection.main.from, v.state.selection.main.to);

function imported(file: string, url: string, alt = ""): ImportOutcome {
  return {
    status: "imported", file, repo_rel_path: url.slice(1), url, markdown: `![${alt}](${url})`, reused: false,
    width: 1600, height: 1200, bytes: 1000, original_bytes: 3_500_000, format: "jpeg", warnings: [],
  };
}

beforeEach(() => {
  views = [];
});
afterEach(() => {
  clearMocks();
  views.forEach((v) => v.destroy());
  document.body.innerHTML = "";
});

describe("insertAt", () => {
  it("puts the snippet on its own line when the caret is mid-line, and selects the alt text", () => {
    const v = editor("Hello world\n", 5);
    const r = insertAt(v, "![a cat](/images/posts/p/cat.jpg)");
    expect(v.state.doc.toString()).toBe("Hello\n![a cat](/images/posts/p/cat.jpg)\n world\n");
    expect(v.state.sliceDoc(r.from, r.to)).toBe("![a cat](/images/posts/p/cat.jpg)");
    expect(selected(v)).toBe("a cat");
  });

  it("adds no line break at the start of an empty line, one before at a line end", () => {
    const v = editor("Intro\n\nEnd", 6);
    insertAt(v, "![](/x.jpg)");
    expect(v.state.doc.toString()).toBe("Intro\n![](/x.jpg)\nEnd");
    // an empty alt: the caret sits between the brackets
    expect(v.state.selection.main.empty).toBe(true);
    expect(v.state.selection.main.head).toBe("Intro\n![".length);

    const w = editor("Intro", 5);
    insertAt(w, "![](/y.jpg)\n");
    expect(w.state.doc.toString()).toBe("Intro\n![](/y.jpg)");
  });

  it("falls back to the caret when the drop point is not over the text, and says it was a drop", () => {
    const v = editor("ab", 1);
    const events: (string | undefined)[] = [];
    v.dispatch({}); // no-op, to have a state before listening
    const orig = v.dispatch.bind(v);
    v.dispatch = ((...args: any[]) => {
      for (const spec of args) events.push(spec?.userEvent);
      return (orig as any)(...args);
    }) as any;
    const asked: { x: number; y: number }[] = [];
    v.posAtCoords = ((c: { x: number; y: number }) => (asked.push(c), null)) as any;
    insertAt(v, "![x](/x.png)", { x: 10_000, y: 10_000 });
    expect(asked).toEqual([{ x: 10_000, y: 10_000 }]);
    expect(v.state.doc.toString()).toBe("a\n![x](/x.png)\nb");
    expect(events).toContain("input.drop");
    // and at the point under the pointer when there is one (the caret is at 1)
    v.posAtCoords = (() => 0) as any;
    insertAt(v, "![y](/y.png)", { x: 5, y: 5 });
    expect(v.state.doc.toString()).toBe("![y](/y.png)\na\n![x](/x.png)\nb");
    expect(selected(v)).toBe("y");
  });

  it("replaces the selection when inserting at the caret (a paste over selected text)", () => {
    const v = editor("keep REPLACE keep", 12, 5);
    insertAt(v, "![](/p.png)");
    expect(v.state.doc.toString()).toBe("keep \n![](/p.png)\n keep");
  });
});

describe("physicalToLogical", () => {
  it("divides by the scale factor and ignores a bad one", () => {
    expect(physicalToLogical({ x: 300, y: 150 }, 1.5)).toEqual({ x: 200, y: 100 });
    expect(physicalToLogical({ x: 30, y: 15 }, 0)).toEqual({ x: 30, y: 15 });
  });
});

describe("importAndInsert", () => {
  it("inserts the imported images in the order dropped, one per line, and collects failures and skips", async () => {
    const calls: [string, any][] = [];
    mockIPC((cmd, args: any) => {
      calls.push([cmd, args]);
      if (cmd !== "import_images") throw { kind: "app", message: cmd };
      return [
        imported("/home/w/a.jpg", "/images/posts/p/a.jpg"),
        { status: "failed", file: "/home/w/notes.jpg", message: "notes.jpg is not an image.", kind: "invalid" },
        imported("/home/w/b.png", "/images/posts/p/b.png"),
        { status: "failed", file: "/home/w/big.png", message: "too many pixels", kind: "invalid" },
        { status: "cancelled", file: "/home/w/c.jpg" },
      ];
    });
    const v = editor("# Post\nText here.\n", 7);
    const files = ["/home/w/a.jpg", "/home/w/notes.jpg", "/home/w/b.png", "/home/w/big.png", "/home/w/c.jpg"];
    const r = await importAndInsert(v, "_posts/p.md", files, undefined);
    expect(calls).toEqual([["import_images", { post: "_posts/p.md", text: "# Post\nText here.\n", files, options: {} }]]);
    expect(v.state.doc.toString()).toBe("# Post\n![](/images/posts/p/a.jpg)\n![](/images/posts/p/b.png)\nText here.\n");
    expect(v.state.selection.main.head).toBe("# Post\n![".length);
    expect(r.inserted).toEqual(["![](/images/posts/p/a.jpg)", "![](/images/posts/p/b.png)"]);
    expect(r.failures).toEqual([
      { file: "/home/w/notes.jpg", message: "notes.jpg is not an image." },
      { file: "/home/w/big.png", message: "big.png: too many pixels" },
    ]);
    expect(r.skipped).toEqual(["/home/w/c.jpg"]);
  });

  it("reports progress and keeps the drop point through edits made while importing", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    mockIPC(
      async (cmd) => {
        if (cmd !== "import_images") return null;
        await emit<EventPayloads["import-progress"]>("import-progress", { done: 1, total: 2, file: "a.jpg" });
        await gate;
        await emit<EventPayloads["import-progress"]>("import-progress", { done: 2, total: 2, file: "b.jpg" });
        return [imported("a.jpg", "/a.jpg"), imported("b.jpg", "/b.jpg")];
      },
      { shouldMockEvents: true },
    );
    const v = editor("one\ntwo\n", 4); // start of "two"
    const progress: [number, number][] = [];
    const pending = importAndInsert(v, "_posts/p.md", ["a.jpg", "b.jpg"], undefined, (d, t) => progress.push([d, t]));
    await new Promise((r) => setTimeout(r, 20));
    // The writer keeps typing above the drop point and moves the caret elsewhere.
    v.dispatch({ changes: { from: 0, insert: "zero\n" }, selection: { anchor: 0 } });
    release();
    const r = await pending;
    expect(r.failures).toEqual([]);
    expect(progress).toEqual([[1, 2], [2, 2]]);
    // No drop point given: inserted at the caret as it is when the import ends.
    expect(v.state.doc.toString()).toBe("![](/a.jpg)\n![](/b.jpg)\nzero\none\ntwo\n");
  });

  it("does not link into another post opened meanwhile, and turns a refused batch into failures", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    mockIPC(async () => {
      await gate;
      return [imported("/w/a.jpg", "/images/posts/p/a.jpg")];
    });
    const v = editor("post one", 3);
    const pending = importAndInsert(v, "_posts/p.md", ["/w/a.jpg"], { x: 1, y: 1 });
    v.setState(EditorState.create({ doc: "post two" }));
    release();
    const r = await pending;
    expect(v.state.doc.toString()).toBe("post two");
    expect(r.inserted).toEqual([]);
    expect(r.failures[0].message).toContain("a.jpg was imported as /images/posts/p/a.jpg, but another post was opened");

    mockIPC(() => {
      throw { kind: "no_blog", message: "No blog is open." };
    });
    const w = editor("x", 0);
    const r2 = await importAndInsert(w, "_posts/p.md", ["/w/a.jpg", "/w/b.jpg"], undefined);
    expect(w.state.doc.toString()).toBe("x");
    expect(r2.failures.map((f) => f.message)).toEqual([
      "a.jpg was not imported: No blog is open.",
      "b.jpg was not imported: No blog is open.",
    ]);
  });
});

describe("paste", () => {
  it("keeps only the image files of a paste", () => {
    const png = new File([new Uint8Array([137, 80, 78, 71])], "image.png", { type: "image/png" });
    const txt = new File(["hi"], "a.txt", { type: "text/plain" });
    const item = (f: File | null, kind = "file") => ({ kind, type: f?.type ?? "text/plain", getAsFile: () => f });
    const e = { clipboardData: { items: [item(txt), item(null, "string"), item(png)], files: [] } } as unknown as ClipboardEvent;
    expect(pastedImageFiles(e)).toEqual([png]);
    expect(pastedImageFiles({ clipboardData: null } as unknown as ClipboardEvent)).toEqual([]);
  });

  it("sends the pasted bytes with the post and name, and inserts the link at the caret", async () => {
    const seen: [string, unknown][] = [];
    mockIPC((cmd, payload) => {
      seen.push([cmd, payload]);
      return imported("image.png", "/images/posts/p/screenshot.png");
    });
    const v = editor("See:\n", 5);
    const png = new File([new Uint8Array([137, 80, 78, 71, 13])], "image.png", { type: "image/png" });
    const r = await importPastedAndInsert(v, "_posts/p.md", png);
    expect(seen[0][0]).toBe("import_pasted");
    expect(Array.from(seen[0][1] as Uint8Array)).toEqual([137, 80, 78, 71, 13]);
    expect(r.inserted).toEqual(["![](/images/posts/p/screenshot.png)"]);
    expect(v.state.doc.toString()).toBe("See:\n![](/images/posts/p/screenshot.png)");
  });
});

describe("listenForDrops", () => {
  it("hints while dragging over the editor, imports a drop on it, routes other drops elsewhere", async () => {
    const files: string[][] = [];
    mockIPC((cmd, args: any) => {
      files.push(args.files);
      return args.files.map((f: string) => imported(f, `/images/${f}`));
    });
    const v = editor("text", 4);
    v.dom.getBoundingClientRect = () => ({ left: 100, top: 50, right: 600, bottom: 400, width: 500, height: 350, x: 100, y: 50, toJSON() {} });
    const h = { hint: vi.fn(), start: vi.fn(), finish: vi.fn(), elsewhere: vi.fn(), refused: vi.fn() };
    let post: string | null = "_posts/p.md";
    const unlisten = await listenForDrops(() => v, () => post, h);
    const fire = (payload: any) => webview.handler!({ payload });

    await fire({ type: "over", position: { x: 400, y: 200 } }); // logical (200, 100): over the editor
    await fire({ type: "over", position: { x: 402, y: 200 } });
    expect(h.hint.mock.calls).toEqual([[true]]);
    await fire({ type: "leave" });
    expect(h.hint.mock.calls).toEqual([[true], [false]]);

    await fire({ type: "drop", paths: ["a.jpg", "b.jpg"], position: { x: 400, y: 200 } });
    expect(files).toEqual([["a.jpg", "b.jpg"]]);
    expect(h.start).toHaveBeenCalledWith(2);
    expect(h.finish).toHaveBeenCalledWith([], expect.objectContaining({ inserted: ["![](/images/a.jpg)", "![](/images/b.jpg)"] }));
    expect(v.state.doc.toString()).toBe("text\n![](/images/a.jpg)\n![](/images/b.jpg)");

    await fire({ type: "drop", paths: ["c.jpg"], position: { x: 100, y: 40 } }); // logical (50, 20): outside
    expect(h.elsewhere).toHaveBeenCalledWith(["c.jpg"], { x: 50, y: 20 });
    expect(files.length).toBe(1);

    post = null;
    await fire({ type: "drop", paths: ["d.jpg"], position: { x: 400, y: 200 } });
    expect(h.refused).toHaveBeenCalledWith("Open a post before dropping images on it.");
    expect(files.length).toBe(1);

    unlisten();
    expect(webview.unlisten).toHaveBeenCalled();
  });

  it("lists the cancelled files as skipped in the failures it reports", async () => {
    mockIPC(() => [imported("a.jpg", "/a.jpg"), { status: "cancelled", file: "/w/b.jpg" }]);
    const v = editor("", 0);
    v.dom.getBoundingClientRect = () => ({ left: 0, top: 0, right: 500, bottom: 500, width: 500, height: 500, x: 0, y: 0, toJSON() {} });
    const finish = vi.fn();
    await listenForDrops(() => v, () => "_posts/p.md", { finish });
    await webview.handler!({ payload: { type: "drop", paths: ["a.jpg", "/w/b.jpg"], position: { x: 10, y: 10 } } });
    expect(finish.mock.calls[0][0]).toEqual([{ file: "/w/b.jpg", message: "b.jpg was skipped: the import was cancelled." }]);
    expect(v.state.doc.toString()).toBe("![](/a.jpg)");
  });
});

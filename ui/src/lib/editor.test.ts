import { describe, expect, it } from "vitest";
import { EditorState } from "@codemirror/state";
import { ensureSyntaxTree } from "@codemirror/language";
import { languages } from "@codemirror/language-data";
import { markdownStream } from "./mdstream";
import { FULL_PARSE_MAX_BYTES, createEditor, editorExtensions, toEdits } from "./editor";

const hooks = { onChange: () => {}, onSave: () => {} };

/** Node names of the document's syntax tree, fully parsed, and the innermost node at `at`. */
async function nodeNames(doc: string, at: string): Promise<Set<string>> {
  await languages.find((l) => l.name === "JavaScript")!.load();
  const state = EditorState.create({ doc, extensions: editorExtensions(hooks, doc.length) });
  const names = new Set<string>();
  const tree = ensureSyntaxTree(state, doc.length, 60_000)!;
  tree.iterate({ enter: (n) => void names.add(n.name) });
  // Nested (mounted) trees are only entered by resolveInner.
  names.add(tree.resolveInner(doc.indexOf(at) + 1, 1).name);
  return names;
}

describe("editor language", () => {
  const post = "---\ntitle: T\n---\n\nText\n\n```js\nconst answer = 42;\n```\n";

  it("highlights front matter as YAML and code blocks in their language", async () => {
    const names = await nodeNames(post, "answer");
    expect(names.has("FencedCode")).toBe(true);
    expect(names.has("VariableDefinition")).toBe(true); // JavaScript inside the fence
    expect([...names].some((n) => /^(Pair|Key|Literal|BlockMapping)/.test(n))).toBe(true); // YAML
  });

  it("uses the line-based highlighter in a very large document, so typing stays fast", async () => {
    const filler = "Some prose in a paragraph.\n\n".repeat(Math.ceil(FULL_PARSE_MAX_BYTES / 28) + 1);
    const names = await nodeNames(post + filler, "answer");
    expect(names.has("FencedCode")).toBe(false);
    expect(names.has("VariableDefinition")).toBe(false);
    expect(names.has("monospace")).toBe(true); // the fence's content
  });
});

/** The highlighter's token at each marked place: `«x»` marks the text whose token is asked. */
function tokensOf(doc: string): Record<string, string> {
  const state = EditorState.create({ doc: doc.replace(/[«»]/g, ""), extensions: markdownStream });
  const tree = ensureSyntaxTree(state, state.doc.length, 10_000)!;
  const out: Record<string, string> = {};
  const re = /«([^»]*)»/g;
  let shift = 0;
  for (let m; (m = re.exec(doc)); ) {
    const at = m.index - shift;
    shift += 2;
    out[m[1]] = tree.resolveInner(at + 1, 1).name;
  }
  return out;
}

describe("line-based highlighter for very large posts", () => {
  it("knows the blocks of a post", () => {
    const t = tokensOf(
      "---\n«title»: A\n---\n\n# «Head»ing\n\n«Set»ext\n«===»\n\n«> »quote\n\n«- »item\n\n```js\n«const» x = `a`;\n```\n\n«Plain» text\n\n    «indented»\n\n***\n",
    );
    expect(t.title).toBe("meta");
    expect(t.Head).toBe("heading");
    expect(t.Set).toBe("Document"); // the underline is marked, the text is ordinary
    expect(t["==="]).toBe("heading");
    expect(t["> "]).toBe("quote");
    expect(t["- "]).toBe("list");
    expect(t.const).toBe("monospace");
    expect(t.Plain).toBe("Document"); // no token: plain text
    expect(t.indented).toBe("monospace");
  });

  it("knows inline syntax, and a fence ends only at its own kind and length", () => {
    const t = tokensOf(
      "Some «*em*» and «**strong**», «`code`», «[a link](/x)», «https://example.org» and «{% include x %}».\n\n~~~~\n```\n«still» code\n~~~~\n«after»",
    );
    expect(t["*em*"]).toBe("emphasis");
    expect(t["**strong**"]).toBe("strong");
    expect(t["`code`"]).toBe("monospace");
    expect(t["[a link](/x)"]).toBe("link");
    expect(t["https://example.org"]).toBe("url");
    expect(t["{% include x %}"]).toBe("meta");
    expect(t.still).toBe("monospace");
    expect(t.after).toBe("Document");
  });
});

describe("changes for the preview", () => {
  it("lists the changes of composed transactions as ranges of the text before them", () => {
    let state = EditorState.create({ doc: "héllo 😀 world" });
    const before = state.doc.toString();
    const t1 = state.update({ changes: [{ from: 0, insert: ">" }, { from: 8, to: 8, insert: "!" }] });
    const t2 = t1.state.update({ changes: { from: t1.state.doc.length - 5, to: t1.state.doc.length, insert: "there" } });
    state = t2.state;
    const edits = toEdits(t1.changes.compose(t2.changes));
    // Applied in UTF-16 units to the text before (what Rust does), they give the text after.
    let out = before;
    for (const e of [...edits].reverse()) out = out.slice(0, e.from) + e.insert + out.slice(e.to);
    expect(out).toBe(state.doc.toString());
    expect(edits[0]).toEqual({ from: 0, to: 0, insert: ">" });
    expect(edits.every((e, i) => i === 0 || e.from >= edits[i - 1].to)).toBe(true);
  });

  it("hands the changes over before the editor shows them, then the new text after", () => {
    const seen: string[] = [];
    let view: ReturnType<typeof createEditor> | undefined;
    const host = document.createElement("div");
    document.body.append(host);
    view = createEditor(host, "abc", {
      onChanges: (doc, changes) => {
        // The editor still shows the text before; `doc` and `changes` are what it will show.
        seen.push(`before: shown ${view!.state.doc.toString()}, new ${doc.toString()}, ${JSON.stringify(toEdits(changes))}`);
      },
      onChange: (text) => seen.push(`after: ${text}`),
      onSave: () => {},
    });
    view.dispatch({ changes: { from: 3, insert: "d" } });
    view.dispatch({ selection: { anchor: 0 } }); // no change of the text: nothing handed over
    view.dispatch({ changes: { from: 0, to: 1, insert: "" } });
    expect(seen).toEqual([
      'before: shown abc, new abcd, [{"from":3,"to":3,"insert":"d"}]',
      "after: abcd",
      'before: shown abcd, new bcd, [{"from":0,"to":1,"insert":""}]',
      "after: bcd",
    ]);
    view.destroy();
    host.remove();
  });
});

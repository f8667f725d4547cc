import { describe, expect, it } from "vitest";
import { EditorState } from "@codemirror/state";
import { ensureSyntaxTree } from "@codemirror/language";
import { languages } from "@codemirror/language-data";
import { CODE_LANGUAGES_MAX_BYTES, editorExtensions, toEdits } from "./editor";

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

  it("leaves code blocks unparsed in a very large document, so typing stays fast", async () => {
    const filler = "Some prose in a paragraph.\n\n".repeat(Math.ceil(CODE_LANGUAGES_MAX_BYTES / 28) + 1);
    const names = await nodeNames(post + filler, "answer");
    expect(names.has("FencedCode")).toBe(true);
    expect(names.has("VariableDefinition")).toBe(false);
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
});

import { describe, expect, it } from "vitest";
import { EditorState } from "@codemirror/state";
import { ensureSyntaxTree } from "@codemirror/language";
import { languages } from "@codemirror/language-data";
import { CODE_LANGUAGES_MAX_BYTES, editorExtensions } from "./editor";

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

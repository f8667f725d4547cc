// The Markdown editor: CodeMirror 6 with Markdown highlighting (code blocks in their language),
// line wrapping, undo history and search. The component owns one of these.
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection, dropCursor } from "@codemirror/view";
import { EditorState, type ChangeSet, type Extension } from "@codemirror/state";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { markdown, markdownLanguage } from "@codemirror/lang-markdown";
import { languages } from "@codemirror/language-data";
import { yamlFrontmatter } from "@codemirror/lang-yaml";
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching } from "@codemirror/language";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import type { TextEdit } from "./bindings/core";

export interface EditorHooks {
  /** The new text, and the changes that made it from the text before. */
  onChange: (text: string, changes: ChangeSet) => void;
  onSave: () => void;
}

/**
 * Code blocks are highlighted in their language only in documents up to this size. Each code
 * block is a nested parse, and nested parses are not reused across edits: a 1 MB post with
 * 5,000 code blocks took 215-270 ms of parsing per key press (20 ms of it in the key press, the
 * rest in idle time that typing then waits for), against 15 ms without them. The preview still
 * highlights every block.
 */
export const CODE_LANGUAGES_MAX_BYTES = 256 * 1024;

/** The Markdown language: code blocks in their language unless the document is large. */
function markdownSupport(docLength: number): Extension {
  const md =
    docLength <= CODE_LANGUAGES_MAX_BYTES
      ? markdown({ base: markdownLanguage, codeLanguages: languages })
      : markdown({ base: markdownLanguage });
  // YAML front matter highlighted as YAML, the rest as Markdown.
  return yamlFrontmatter({ content: md });
}

export function editorExtensions(hooks: EditorHooks, docLength = 0): Extension[] {
  return [
    lineNumbers(),
    history(),
    drawSelection(),
    dropCursor(),
    highlightActiveLine(),
    bracketMatching(),
    highlightSelectionMatches(),
    EditorView.lineWrapping,
    markdownSupport(docLength),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    keymap.of([
      { key: "Mod-s", preventDefault: true, run: () => (hooks.onSave(), true) },
      indentWithTab,
      ...defaultKeymap,
      ...historyKeymap,
      ...searchKeymap,
    ]),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) hooks.onChange(u.state.doc.toString(), u.changes);
    }),
    EditorView.contentAttributes.of({ "aria-label": "Post text", spellcheck: "true" }),
  ];
}

export function createEditor(parent: HTMLElement, doc: string, hooks: EditorHooks): EditorView {
  return new EditorView({
    parent,
    state: EditorState.create({ doc, extensions: editorExtensions(hooks, doc.length) }),
  });
}

/** Replaces the whole document with a new one (a different post), with a fresh undo history. */
export function loadDocument(view: EditorView, doc: string, hooks: EditorHooks): void {
  view.setState(EditorState.create({ doc, extensions: editorExtensions(hooks, doc.length) }));
}

/** The changes as `preview_edit` takes them: ranges of the text before, in order. */
export function toEdits(changes: ChangeSet): TextEdit[] {
  const edits: TextEdit[] = [];
  changes.iterChanges((from, to, _fromB, _toB, inserted) => {
    edits.push({ from, to, insert: inserted.toString() });
  });
  return edits;
}

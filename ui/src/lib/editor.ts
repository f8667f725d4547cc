// The Markdown editor: CodeMirror 6 with Markdown highlighting (code blocks in their language),
// line wrapping, undo history and search. The component owns one of these.
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection, dropCursor } from "@codemirror/view";
import { EditorState, type ChangeSet, type Extension, type Text, type Transaction } from "@codemirror/state";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { markdown, markdownLanguage } from "@codemirror/lang-markdown";
import { languages } from "@codemirror/language-data";
import { yamlFrontmatter } from "@codemirror/lang-yaml";
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching } from "@codemirror/language";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import type { TextEdit } from "./bindings/core";
import { markdownStream } from "./mdstream";

export interface EditorHooks {
  /**
   * The changes of the transactions the editor is about to show, and the document they make:
   * called before the editor updates its DOM, so that what follows the text (the preview's
   * request) is on its way while the editor does that work.
   */
  onChanges?: (doc: Text, changes: ChangeSet) => void;
  /** The new text, and the changes that made it from the text before (after the update). */
  onChange: (text: string, changes: ChangeSet) => void;
  onSave: () => void;
}

/** The view's dispatch: `hooks.onChanges` with the transactions' changes, then the update. */
function dispatcher(hooks: EditorHooks) {
  return (trs: readonly Transaction[], view: EditorView) => {
    if (hooks.onChanges) {
      let changes: ChangeSet | null = null;
      for (const tr of trs) {
        if (tr.docChanged) changes = changes ? changes.compose(tr.changes) : tr.changes;
      }
      if (changes) hooks.onChanges(trs[trs.length - 1].newDoc, changes);
    }
    view.update(trs);
  };
}

/**
 * Posts up to this size get the full Markdown parser: code blocks highlighted in their
 * language, Markdown's Enter (continues lists and quotes) and Backspace. Larger posts get the
 * line-based highlighter of `mdstream.ts`. The full parser re-parses in time proportional to
 * the document on every key press: in a 1 MB post that was 26-35 ms of each key in the app,
 * and background parse slices of up to 100 ms that the next key waited for; with code blocks
 * parsed in their language (nested parses are not reused across edits), 215-270 ms. The
 * preview renders every post the same way whatever its size.
 */
export const FULL_PARSE_MAX_BYTES = 256 * 1024;

/** The Markdown language: the full parser, or the line-based one for a very large post. */
function markdownSupport(docLength: number): Extension {
  if (docLength > FULL_PARSE_MAX_BYTES) return markdownStream;
  // YAML front matter highlighted as YAML, the rest as Markdown.
  return yamlFrontmatter({ content: markdown({ base: markdownLanguage, codeLanguages: languages }) });
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
    dispatchTransactions: dispatcher(hooks),
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

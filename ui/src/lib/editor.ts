// The Markdown editor: CodeMirror 6 with Markdown highlighting (code blocks in their language),
// line wrapping, undo history and search. The component owns one of these.
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection, dropCursor } from "@codemirror/view";
import { EditorState, type Extension } from "@codemirror/state";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { markdown, markdownLanguage } from "@codemirror/lang-markdown";
import { languages } from "@codemirror/language-data";
import { yamlFrontmatter } from "@codemirror/lang-yaml";
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching } from "@codemirror/language";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";

export interface EditorHooks {
  onChange: (text: string) => void;
  onSave: () => void;
}

export function editorExtensions(hooks: EditorHooks): Extension[] {
  return [
    lineNumbers(),
    history(),
    drawSelection(),
    dropCursor(),
    highlightActiveLine(),
    bracketMatching(),
    highlightSelectionMatches(),
    EditorView.lineWrapping,
    // YAML front matter highlighted as YAML, the rest as Markdown with code blocks in their language.
    yamlFrontmatter({ content: markdown({ base: markdownLanguage, codeLanguages: languages }) }),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    keymap.of([
      { key: "Mod-s", preventDefault: true, run: () => (hooks.onSave(), true) },
      indentWithTab,
      ...defaultKeymap,
      ...historyKeymap,
      ...searchKeymap,
    ]),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) hooks.onChange(u.state.doc.toString());
    }),
    EditorView.contentAttributes.of({ "aria-label": "Post text", spellcheck: "true" }),
  ];
}

export function createEditor(parent: HTMLElement, doc: string, hooks: EditorHooks): EditorView {
  return new EditorView({
    parent,
    state: EditorState.create({ doc, extensions: editorExtensions(hooks) }),
  });
}

/** Replaces the whole document with a new one (a different post), with a fresh undo history. */
export function loadDocument(view: EditorView, doc: string, hooks: EditorHooks): void {
  view.setState(EditorState.create({ doc, extensions: editorExtensions(hooks) }));
}

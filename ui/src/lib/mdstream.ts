// A line-by-line Markdown highlighter for very large posts. @lezer/markdown re-parses in time
// proportional to the whole document on every change (13-20 ms per key in V8 and about twice
// that in the app's WebKit for a 1 MB post, plus background parse slices of up to 100 ms
// that a key press then waits for); a stream parser only re-reads from the change to the
// end of the view. It knows front matter, fences, headings (ATX and setext), quotes, lists,
// rules, code spans, emphasis, links, images, bare URLs, HTML tags and Liquid / shortcode
// tags: what the eye needs while writing. The full parser (with code blocks highlighted in
// their language and Markdown's Enter/Backspace keys) is used below `LARGE_DOC_BYTES`.
import { StreamLanguage, type StreamParser } from "@codemirror/language";

interface State {
  /** Inside the front matter (only from the first line), its closing fence. */
  front: string | null;
  /** Inside a fenced code block: its fence character and length. */
  fence: { ch: string; len: number } | null;
  /** The previous line was paragraph text (a `===` / `---` line under it is a heading). */
  prevText: boolean;
  /** The line number, for the front matter's first line. */
  line: number;
  /** What the line is, once its start is read: the rest of it is styled so. */
  lineStyle: string | null;
}

const parser: StreamParser<State> = {
  name: "markdown",
  startState: () => ({ front: null, fence: null, prevText: false, line: 0, lineStyle: null }),
  copyState: (s) => ({ ...s, fence: s.fence && { ...s.fence } }),
  blankLine(s) {
    s.prevText = false;
    s.line++;
  },
  token(stream, s) {
    if (stream.sol()) {
      s.line++;
      s.lineStyle = null;
      const line = stream.string;
      if (s.line === 1 && /^(---|\+\+\+)\s*$/.test(line)) {
        s.front = line.trim();
        stream.skipToEnd();
        return "meta";
      }
      if (s.front) {
        if (line.trim() === s.front || (s.front === "---" && line.trim() === "...")) s.front = null;
        stream.skipToEnd();
        return "meta";
      }
      if (s.fence) {
        const m = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
        if (m && m[1][0] === s.fence.ch && m[1].length >= s.fence.len) s.fence = null;
        stream.skipToEnd();
        return "monospace";
      }
      const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
      if (open && !(open[1][0] === "`" && line.slice(open[0].length).includes("`"))) {
        s.fence = { ch: open[1][0], len: open[1].length };
        s.prevText = false;
        stream.skipToEnd();
        return "meta";
      }
      if (/^ {0,3}#{1,6}(\s|$)/.test(line)) {
        s.prevText = false;
        s.lineStyle = "heading";
      } else if (s.prevText && /^ {0,3}(=+|-+)\s*$/.test(line)) {
        s.prevText = false;
        stream.skipToEnd();
        return "heading";
      } else if (/^ {0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
        s.prevText = false;
        stream.skipToEnd();
        return "contentSeparator";
      } else if (/^ {4,}\S/.test(line) && !s.prevText) {
        stream.skipToEnd();
        return "monospace";
      } else {
        s.prevText = true;
      }
      if (stream.match(/^ {0,3}>\s?/)) return "quote";
      if (stream.match(/^\s*([-*+]|\d{1,9}[.)])(\s+\[[ xX]\])?(\s+|$)/)) return "list";
    }
    return inline(stream, s);
  },
};

function inline(stream: Parameters<StreamParser<State>["token"]>[0], s: State): string | null {
  const base = s.lineStyle;
  const style = (t: string) => (base ? `${base} ${t}` : t);
  if (stream.match(/^(`+)[^`]+?\1(?!`)/)) return style("monospace");
  if (stream.match(/^!?\[[^\]]*\]\([^)\s]*(\s+"[^"]*")?\)/)) return style("link");
  if (stream.match(/^!?\[[^\]]*\]\[[^\]]*\]/)) return style("link");
  if (stream.match(/^<(https?:|mailto:)[^>\s]*>/) || stream.match(/^(https?:\/\/|www\.)[^\s<>()]+[^\s<>().,;:!?'"]/)) return style("url");
  if (stream.match(/^(\*\*|__)(?=\S)[^\n]*?\S\1/)) return style("strong");
  if (stream.match(/^(\*|_)(?=[^\s*_])[^*_\n]*?[^\s*_]\1/) || stream.match(/^(\*|_)[^\s*_]\1/)) return style("emphasis");
  if (stream.match(/^~~(?=\S)[^\n]*?\S~~/)) return style("strikethrough");
  if (stream.match(/^\{[{%][^\n]*?[}%]\}/) || stream.match(/^<\/?[A-Za-z][^>\n]*>/)) return style("meta");
  stream.next();
  stream.eatWhile(/[^`!\[<*_~{hw]/);
  return base;
}

/** The Markdown language for very large posts (see the top of this file). */
export const markdownStream = StreamLanguage.define(parser);

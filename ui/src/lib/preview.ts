// The document the preview iframe starts with: its own strict CSP (no scripts at all; images
// only from the blog's scheme; styles and fonts only from the app) and the preview stylesheet
// (from Rust: base styles and code highlighting). The post's HTML goes in <article>.
import katexCssUrl from "katex/dist/katex.min.css?url";

export const PREVIEW_CSP =
  "default-src 'none'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src postdesk: http://postdesk.localhost data:; media-src postdesk: http://postdesk.localhost; font-src 'self' data:";

/** Styles of the app's own additions (placeholders for things that load on request). */
export const EXTRA_CSS = `
body { margin: 0; padding: 20px 28px 40vh; }
.pd-missing-image, .pd-remote-image, .pd-blocked-image, .pd-embed, .pd-embed-blocked {
  display: inline-block; border: 1px dashed #c62828; color: #c62828; padding: 6px 10px; border-radius: 6px; font: 13px system-ui, sans-serif; margin: 4px 0;
}
.pd-remote-image, .pd-embed { border-color: #888; color: #666; }
.pd-math-display { display: block; text-align: center; margin: 1em 0; }
.pd-mermaid-svg { background: none; white-space: normal; padding: 0; }
.pd-mermaid-svg svg { max-width: 100%; height: auto; }
`;

/**
 * Links in a preview frame never navigate it (it runs no script to stop a click): each asks for
 * a new window, which the sandbox (no allow-popups) refuses. Even `#heading` would otherwise
 * load the app's page in the frame: a srcdoc frame's base URL is the app's. No `href`: URLs
 * resolve as before.
 */
export const NO_NAVIGATION = `<base target="_blank">`;

export function previewShell(baseCss: string): string {
  const katex = new URL(katexCssUrl, document.baseURI).href;
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${PREVIEW_CSP}">${NO_NAVIGATION}<link rel="stylesheet" href="${katex}"><style>${baseCss}${EXTRA_CSS}</style></head><body><article class="pd-article"></article></body></html>`;
}

/** The elements under `roots` (and the roots themselves) that match `selector`. */
function within<T extends Element>(roots: Iterable<Node>, selector: string): T[] {
  const out: T[] = [];
  for (const r of roots) {
    if (r.nodeType !== 1) continue;
    const el = r as Element;
    if (el.matches(selector)) out.push(el as T);
    out.push(...el.querySelectorAll<T & Element>(selector));
  }
  return out;
}

/**
 * Renders the math and diagram placeholders the Rust renderer leaves, in trusted app code.
 * Only the nodes given (those the last patch inserted) are looked at; a diagram is drawn inside
 * its own `<pre>`, so the patcher's nodes stay the article's nodes.
 */
export async function enhance(roots: Iterable<Node>): Promise<void> {
  const nodes = Array.from(roots);
  const math = within<HTMLElement>(nodes, ".pd-math, .pd-math-display");
  if (math.length > 0) {
    const katex = (await import("katex")).default;
    for (const el of math) {
      const tex = el.dataset.tex ?? el.textContent ?? "";
      el.innerHTML = katex.renderToString(tex, {
        displayMode: el.classList.contains("pd-math-display"),
        throwOnError: false,
        trust: false,
      });
    }
  }
  const diagrams = within<HTMLElement>(nodes, "pre.pd-mermaid");
  if (diagrams.length > 0) {
    let i = 0;
    for (const el of diagrams) {
      if (!el.isConnected) continue; // replaced by a later patch while mermaid loaded
      try {
        const mermaid = (await import("mermaid")).default;
        mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
        const { svg } = await mermaid.render(`pd-mermaid-${Date.now()}-${i++}`, el.textContent ?? "");
        el.classList.add("pd-mermaid-svg");
        el.innerHTML = svg;
      } catch (e) {
        el.title = `Diagram error: ${String(e)}`;
      }
    }
  }
}

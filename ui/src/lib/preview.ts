// The document the preview iframe starts with: its own strict CSP (no scripts at all; images
// only from the blog's scheme) and the preview stylesheet. The post's HTML goes in <article>.
export const PREVIEW_CSP =
  "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src postdesk: http://postdesk.localhost data:; media-src postdesk: http://postdesk.localhost; font-src data:";

export const PREVIEW_CSS = `
:root { color-scheme: light dark; --fg:#1d2126; --dim:#5f6873; --bg:#fff; --code:#f3f4f6; --border:#d9dde3; --link:#1f6feb; }
@media (prefers-color-scheme: dark) { :root { --fg:#e4e7eb; --dim:#9aa3ad; --bg:#1b1e23; --code:#262a31; --border:#363c45; --link:#5b9bff; } }
html { background: var(--bg); color: var(--fg); }
body { margin: 0; padding: 24px 32px 40vh; font: 16px/1.65 Georgia, "DejaVu Serif", serif; }
article { max-width: 720px; margin: 0 auto; }
h1, h2, h3, h4 { font-family: system-ui, "DejaVu Sans", sans-serif; line-height: 1.25; margin: 1.4em 0 .5em; }
h1 { font-size: 1.9em; } h2 { font-size: 1.45em; } h3 { font-size: 1.2em; }
a { color: var(--link); }
img { max-width: 100%; height: auto; border-radius: 4px; }
pre { background: var(--code); padding: 12px 14px; border-radius: 6px; overflow-x: auto; font-size: 14px; line-height: 1.5; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; }
:not(pre) > code { background: var(--code); padding: 1px 5px; border-radius: 4px; }
blockquote { margin: 1em 0; padding: .2em 1em; border-left: 4px solid var(--border); color: var(--dim); }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid var(--border); padding: 6px 10px; }
ul.contains-task-list { list-style: none; padding-left: 1.2em; }
hr { border: 0; border-top: 1px solid var(--border); }
`;

export function previewShell(): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${PREVIEW_CSP}"><style>${PREVIEW_CSS}</style></head><body><article></article></body></html>`;
}

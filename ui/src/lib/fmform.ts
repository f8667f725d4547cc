// Pure helpers of the front-matter form (components/FrontMatterForm.svelte): which widget a
// field gets, and value conversions that keep the form the post already uses (colour
// `rgb(…)` vs `#hex`, date vs date-time with its separator, seconds and zone).
import type { Author, Field, FieldView, FrontMatterView, JsonValue, Schema } from "./bindings/core";

export type WidgetKind =
  | "text"
  | "textarea"
  | "number"
  | "date"
  | "bool"
  | "tags"
  | "author"
  | "color"
  | "select"
  | "image"
  | "raw";

/** Fields with at most this many observed values get a `<select>`. */
export const SELECT_MAX_VALUES = 12;

const DESCRIPTION_KEYS = new Set(["description", "excerpt", "summary", "subtitle", "abstract"]);
const AUTHOR_KEYS = new Set(["author", "authors"]);

function isPlainObject(v: JsonValue): v is { [key: string]: JsonValue } {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function isScalarList(v: JsonValue): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string" || typeof x === "number");
}

/** Whether `value` can be shown by `kind` without losing anything. */
function fits(kind: WidgetKind, value: JsonValue): boolean {
  switch (kind) {
    case "bool":
      return typeof value === "boolean" || value === null;
    case "number":
      return typeof value === "number" || value === null;
    case "tags":
      return isScalarList(value) || value === null;
    case "author":
      return typeof value === "string" || isScalarList(value) || value === null;
    case "date":
      return value === null || (typeof value === "string" && (value === "" || parseDate(value) !== null));
    case "color":
      return value === null || (typeof value === "string" && (value === "" || parseColor(value) !== null));
    case "raw":
      return true;
    default:
      return typeof value === "string" || typeof value === "number" || value === null;
  }
}

/** The widget inferred from the value alone (no schema field, or the schema's type does not fit). */
function fromValue(key: string, value: JsonValue): WidgetKind {
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return "number";
  if (Array.isArray(value)) return isScalarList(value) ? "tags" : "raw";
  if (isPlainObject(value)) return "raw";
  if (typeof value === "string") {
    if (value.includes("\n")) return "textarea";
    if (parseDate(value)) return "date";
    if (/^(#[0-9a-f]{3}|#[0-9a-f]{6}|rgb\()/i.test(value) && parseColor(value)) return "color";
    if (DESCRIPTION_KEYS.has(key)) return "textarea";
  }
  return "text";
}

/** Which widget a field gets, from its schema field (type, relation, values) and its view. */
export function widgetFor(view: FieldView, field: Field | undefined, authors: Author[] = []): WidgetKind {
  const value = view.value;
  if (!view.editable || isPlainObject(value)) return "raw";
  if ((field?.relation === "authors" || AUTHOR_KEYS.has(view.key)) && authors.length > 0 && fits("author", value)) {
    return "author";
  }
  if (!field) return fromValue(view.key, value);
  let kind: WidgetKind;
  switch (field.type) {
    case "text":
      kind = "textarea";
      break;
    case "date":
      kind = "date";
      break;
    case "bool":
      kind = "bool";
      break;
    case "number":
      kind = "number";
      break;
    case "string_list":
      kind = "tags";
      break;
    case "color":
      kind = "color";
      break;
    case "image":
      kind = "image";
      break;
    case "map":
    case "list":
      kind = isScalarList(value) ? "tags" : "raw";
      break;
    default: {
      // "string"
      const few = field.options.length > 0 || (field.values.length > 0 && field.values.length <= SELECT_MAX_VALUES);
      if (DESCRIPTION_KEYS.has(view.key) || (typeof value === "string" && value.includes("\n"))) kind = "textarea";
      else if (few) kind = "select";
      else kind = "text";
    }
  }
  return fits(kind, value) ? kind : fromValue(view.key, value);
}

/** A short name of what a widget expects, for the "expected …" message. */
export function typeMismatch(view: FieldView, field: Field | undefined): string | null {
  if (!field || !view.editable) return null;
  const v = view.value;
  if (v === null || v === "") return null;
  switch (field.type) {
    case "bool":
      return typeof v === "boolean" ? null : "expected true or false";
    case "number":
      return typeof v === "number" ? null : "expected a number";
    case "date":
      return typeof v === "string" && parseDate(v) ? null : "expected a date (YYYY-MM-DD)";
    case "string_list":
      return isScalarList(v) || typeof v === "string" ? null : "expected a list";
    case "color":
      return typeof v === "string" && parseColor(v) ? null : "expected a colour (#hex or rgb(…))";
    default:
      return null;
  }
}

// ---------------------------------------------------------------- colours

export type ColorForm =
  | { kind: "hex"; short: boolean; upper: boolean }
  | { kind: "rgb"; sep: string; spaceInside: boolean; name: string };

export type ParsedColor = { hex: string; form: ColorForm };

function hex2(n: number): string {
  return Math.max(0, Math.min(255, Math.round(n))).toString(16).padStart(2, "0");
}

/** `#abc`, `#aabbcc` or `rgb(r, g, b)` (any spacing) → `#rrggbb` (lowercase) and the form written. */
export function parseColor(text: string): ParsedColor | null {
  const s = text.trim();
  let m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(s);
  if (m) {
    const h = m[1];
    const full = h.length === 3 ? h.split("").map((c) => c + c).join("") : h;
    const letters = h.replace(/[0-9]/g, "");
    return {
      hex: "#" + full.toLowerCase(),
      form: { kind: "hex", short: h.length === 3, upper: letters.length > 0 && letters === letters.toUpperCase() },
    };
  }
  m = /^(rgba?)\((\s*)(\d{1,3})(\s*,\s*|\s+)(\d{1,3})(?:\s*,\s*|\s+)(\d{1,3})\s*\)$/i.exec(s);
  if (m) {
    const [r, g, b] = [m[3], m[5], m[6]].map(Number);
    if ([r, g, b].some((n) => n > 255)) return null;
    return {
      hex: "#" + hex2(r) + hex2(g) + hex2(b),
      form: { kind: "rgb", sep: m[4], spaceInside: m[2].length > 0, name: m[1] === "rgba" ? "rgb" : m[1] },
    };
  }
  return null;
}

/** `#rrggbb` written in the form of `like` (the post's old value); `#rrggbb` when `like` is not a colour. */
export function formatColor(hex: string, like: string | null | undefined): string {
  const parsed = parseColor(hex);
  const h = parsed ? parsed.hex : hex.toLowerCase();
  const old = like ? parseColor(like) : null;
  if (!old) return h;
  const form = old.form;
  if (form.kind === "rgb") {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
    const pad = form.spaceInside ? " " : "";
    return `${form.name}(${pad}${r}${form.sep}${g}${form.sep}${b}${pad})`;
  }
  let out = h;
  if (form.short && h[1] === h[2] && h[3] === h[4] && h[5] === h[6]) out = "#" + h[1] + h[3] + h[5];
  return form.upper ? out.toUpperCase() : out;
}

// ---------------------------------------------------------------- dates

export type ParsedDate = {
  date: string; // YYYY-MM-DD
  /** null for a date alone. */
  time: null | { sep: string; hm: string; seconds: string | null; fraction: string | null; zone: string };
};

const DATE_RE =
  /^(\d{4}-\d{2}-\d{2})(?:([T ]|\s+)(\d{2}:\d{2})(?::(\d{2})(\.\d+)?)?(\s*(?:Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?))?$/i;

/** `2022-10-28`, `2022-10-28 10:00:00 +0200`, `2022-10-28T10:00:00Z`, `2022-10-28T10:00`… */
export function parseDate(text: string): ParsedDate | null {
  const m = DATE_RE.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = m[1].split("-").map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1) return null;
  if (!m[3]) return { date: m[1], time: null };
  return { date: m[1], time: { sep: m[2], hm: m[3], seconds: m[4] ?? null, fraction: m[5] ?? null, zone: m[6] ?? "" } };
}

/** Whether the post's value carries a time (then the form shows `datetime-local`). */
export function dateInputType(value: string | null | undefined): "date" | "datetime-local" {
  const p = value ? parseDate(value) : null;
  return p?.time ? "datetime-local" : "date";
}

/** The value for `<input type=date|datetime-local>` from the post's value ("" when it is not a date). */
export function dateToInput(value: string | null | undefined): string {
  const p = value ? parseDate(value) : null;
  if (!p) return "";
  if (!p.time) return p.date;
  return `${p.date}T${p.time.hm}${p.time.seconds !== null ? ":" + p.time.seconds : ""}`;
}

/**
 * The input's value written in the format of `like` (the post's old value): a date stays a
 * date; a date-time keeps its separator, seconds, fraction and zone. A date-time input value
 * over a date-only post keeps the date only. `null` when the input is empty or invalid.
 */
export function dateFromInput(input: string, like: string | null | undefined): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(?::(\d{2}))?(?:\.\d+)?)?$/.exec(input.trim());
  if (!m) return null;
  const [, date, hm, sec] = m;
  const old = like ? parseDate(like) : null;
  if (!old || !old.time) return date;
  const t = old.time;
  const time = hm ?? t.hm;
  const seconds = sec ?? (hm ? "00" : (t.seconds ?? "00"));
  let out = `${date}${t.sep}${time}`;
  if (t.seconds !== null || seconds !== "00") out += ":" + seconds;
  // The fraction survives only while the time itself is unchanged.
  if (t.fraction !== null && time === t.hm && seconds === (t.seconds ?? "00")) out += t.fraction;
  return out + t.zone;
}

/** Today as `YYYY-MM-DD` (local time). */
export function today(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

// ---------------------------------------------------------------- authors, lists

/** The ids an author field holds (a string or a list). */
export function authorIds(value: JsonValue): string[] {
  if (typeof value === "string") return value === "" ? [] : [value];
  if (Array.isArray(value)) return value.filter((v) => typeof v === "string" || typeof v === "number").map(String);
  return [];
}

/** The value to write for `ids`: a single string when the post had a string (and one id), else a list. */
export function authorValue(ids: string[], old: JsonValue): JsonValue {
  if (typeof old === "string" && ids.length <= 1) return ids[0] ?? "";
  return ids;
}

export function authorName(id: string, authors: Author[]): string {
  return authors.find((a) => a.id === id)?.name ?? id;
}

/** A list field's items as strings. */
export function listItems(value: JsonValue): string[] {
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
  if (typeof value === "string" && value !== "") return [value];
  return [];
}

/** `items` plus `tag` (trimmed), unless empty or already there. */
export function addTag(items: string[], tag: string): string[] {
  const t = tag.trim();
  if (t === "" || items.includes(t)) return items;
  return [...items, t];
}

// ---------------------------------------------------------------- schema, validation

export function schemaField(schema: Schema | null, key: string): Field | undefined {
  return schema?.fields.find((f) => f.name === key);
}

/** Schema fields the post does not have, in schema order. */
export function missingFields(schema: Schema | null, view: FrontMatterView | null): Field[] {
  if (!schema) return [];
  const have = new Set((view?.fields ?? []).map((f) => f.key));
  return schema.fields.filter((f) => !have.has(f.name));
}

/** The value a newly added field gets: the schema's default, else an empty value of its type. */
export function defaultValue(field: Field, now: Date = new Date()): JsonValue {
  const d = field.default as JsonValue | undefined;
  if (d !== null && d !== undefined) {
    if (field.type === "date") return today(now);
    return d;
  }
  switch (field.type) {
    case "bool":
      return false;
    case "number":
      return 0;
    case "date":
      return today(now);
    case "string_list":
    case "list":
      return [];
    case "map":
      return {};
    case "color":
      return "#000000";
    default:
      return "";
  }
}

/** Longest value allowed for a field: the schema's, else the site's description limit. */
export function limitFor(key: string, field: Field | undefined, descriptionMax: number | null | undefined): number | null {
  if (field?.max_length != null) return field.max_length;
  if (key === "description" && descriptionMax != null) return descriptionMax;
  return null;
}

/** Length in characters (code points), as the core counts them. */
export function charCount(s: string): number {
  return Array.from(s).length;
}

/** The core's "blank" (`schema::is_blank`, which `check`'s fm-required goes by): null, blank text, `[]`, `{}`. */
export function isEmpty(value: JsonValue): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "string") return value.trim() === "";
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

/** The inline messages of one field's value (empty when fine). */
export function validate(
  view: FieldView,
  field: Field | undefined,
  authors: Author[],
  limit: number | null,
  kind: WidgetKind,
): string[] {
  const out: string[] = [];
  const v = view.value;
  if (field?.required && isEmpty(v)) out.push(`${view.key} is required`);
  const mismatch = typeMismatch(view, field);
  if (mismatch) out.push(mismatch);
  if (kind === "author" && authors.length > 0) {
    for (const id of authorIds(v)) {
      if (!authors.some((a) => a.id === id)) out.push(`unknown author “${id}”`);
    }
  }
  if (limit !== null && typeof v === "string" && charCount(v) > limit) {
    out.push(`${charCount(v)} characters, over the limit of ${limit}`);
  }
  if (field && field.options.length > 0 && typeof v === "string" && v !== "" && !field.options.includes(v)) {
    out.push(`not one of: ${field.options.join(", ")}`);
  }
  return out;
}

/** `src` of a thumbnail preview: remote URLs as they are, repo paths through the app's scheme. */
export function imageSrc(prefix: string, path: string): string {
  const p = path.trim();
  if (p === "") return "";
  if (/^(https?:|data:)/i.test(p)) return p;
  return prefix + p.replace(/^\.?\/+/, "");
}

/** A scalar shown in a text input. */
export function scalarText(value: JsonValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/**
 * The part of a post the form's view depends on: up to the end of the front matter's closing
 * fence (as `frontmatter::split` finds it), the first line when there is no front matter,
 * the whole text when it is never closed. The form asks Rust for its view again only when
 * this changes, so typing in a long body sends nothing.
 */
export function frontMatterHead(text: string): string {
  const start = text.startsWith("\uFEFF") ? 1 : 0;
  const lineEnd = (from: number) => {
    const n = text.indexOf("\n", from);
    return n < 0 ? text.length : n + 1;
  };
  const firstEnd = lineEnd(start);
  const first = text.slice(start, firstEnd).trimEnd();
  const fence = first === "---" ? "---" : first === "+++" ? "+++" : null;
  if (fence === null) return text.slice(0, firstEnd);
  for (let pos = firstEnd; pos < text.length; ) {
    const end = lineEnd(pos);
    const line = text.slice(pos, end).trimEnd();
    if (line === fence || (fence === "---" && line === "...")) return text.slice(0, end);
    pos = end;
  }
  return text;
}

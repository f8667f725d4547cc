import { describe, expect, it } from "vitest";
import type { Field, FieldView, Schema } from "./bindings/core";
import * as fm from "./fmform";
import {
  addTag,
  authorIds,
  authorValue,
  dateFromInput,
  dateInputType,
  dateToInput,
  defaultValue,
  formatColor,
  imageSrc,
  limitFor,
  missingFields,
  parseColor,
  parseDate,
  validate,
  widgetFor,
} from "./fmform";

function field(name: string, type: Field["type"], extra: Partial<Field> = {}): Field {
  return {
    name, type, count: 10, frequency: 1, required: false, source: "inferred", values: [], options: [],
    default: null, relation: null, max_length: null, in_new_post: true, ...extra,
  };
}
function fv(key: string, value: FieldView["value"], extra: Partial<FieldView> = {}): FieldView {
  return { key, value, raw: JSON.stringify(value), line: 2, style: "plain", comment: null, editable: true, ...extra };
}
const authors = [
  { id: "jdoe", name: "Jane Doe", avatar: null, url: null },
  { id: "rmax", name: "Rui Max", avatar: null, url: null },
];

describe("colours keep their form", () => {
  it("parses hex and rgb", () => {
    expect(parseColor("#FFAA00")?.hex).toBe("#ffaa00");
    expect(parseColor("#fa0")?.hex).toBe("#ffaa00");
    expect(parseColor("rgb(255, 170, 0)")?.hex).toBe("#ffaa00");
    expect(parseColor("rgb(300, 0, 0)")).toBeNull();
    expect(parseColor("blue")).toBeNull();
  });
  it("writes rgb(…) when the post used rgb(…), with its spacing", () => {
    expect(formatColor("#102030", "rgb(1, 2, 3)")).toBe("rgb(16, 32, 48)");
    expect(formatColor("#102030", "rgb(1,2,3)")).toBe("rgb(16,32,48)");
  });
  it("writes #hex in the post's case and length", () => {
    expect(formatColor("#a0b1c2", "#FFFFFF")).toBe("#A0B1C2");
    expect(formatColor("#aabbcc", "#fff")).toBe("#abc");
    expect(formatColor("#a0b1c2", "#fff")).toBe("#a0b1c2");
    expect(formatColor("#a0b1c2", null)).toBe("#a0b1c2");
  });
});

describe("dates keep the post's format", () => {
  it("a date stays a date", () => {
    expect(dateInputType("2022-10-28")).toBe("date");
    expect(dateToInput("2022-10-28")).toBe("2022-10-28");
    expect(dateFromInput("2023-01-05", "2022-10-28")).toBe("2023-01-05");
  });
  it("a Jekyll date-time keeps its space, seconds and zone", () => {
    const old = "2022-10-28 10:00:00 +0200";
    expect(dateInputType(old)).toBe("datetime-local");
    expect(dateToInput(old)).toBe("2022-10-28T10:00:00");
    expect(dateFromInput("2023-01-05T09:30:15", old)).toBe("2023-01-05 09:30:15 +0200");
    expect(dateFromInput("2023-01-05T09:30", old)).toBe("2023-01-05 09:30:00 +0200");
  });
  it("an ISO date-time keeps T and Z or offset", () => {
    expect(dateFromInput("2024-03-01T08:05", "2022-10-28T10:00:00Z")).toBe("2024-03-01T08:05:00Z");
    expect(dateFromInput("2024-03-01T08:05", "2022-10-28T10:00+01:00")).toBe("2024-03-01T08:05+01:00");
  });
  it("rejects what is not a date", () => {
    expect(parseDate("yesterday")).toBeNull();
    expect(parseDate("2022-13-01")).toBeNull();
    expect(dateFromInput("", "2022-10-28")).toBeNull();
  });
});

describe("widgets", () => {
  it("follow the schema type", () => {
    expect(widgetFor(fv("title", "Hi"), field("title", "string"))).toBe("text");
    expect(widgetFor(fv("description", "x"), field("description", "string"))).toBe("textarea");
    expect(widgetFor(fv("date", "2022-10-28"), field("date", "date"))).toBe("date");
    expect(widgetFor(fv("comments", true), field("comments", "bool"))).toBe("bool");
    expect(widgetFor(fv("tags", ["a"]), field("tags", "string_list"))).toBe("tags");
    expect(widgetFor(fv("color", "#fff"), field("color", "color"))).toBe("color");
    expect(widgetFor(fv("thumbnail", "/img/a.png"), field("thumbnail", "image"))).toBe("image");
  });
  it("few observed values give a select, many a text input", () => {
    const few = field("layout", "string", { values: [{ value: "post", count: 9 }, { value: "page", count: 1 }] });
    expect(widgetFor(fv("layout", "post"), few)).toBe("select");
    const many = field("layout", "string", {
      values: Array.from({ length: 13 }, (_, i) => ({ value: `v${i}`, count: 1 })),
    });
    expect(widgetFor(fv("layout", "post"), many)).toBe("text");
  });
  it("authors get the picker when the schema has authors", () => {
    const f = field("author", "string", { relation: "authors" });
    expect(widgetFor(fv("author", "jdoe"), f, authors)).toBe("author");
    expect(widgetFor(fv("author", "jdoe"), f, [])).not.toBe("author");
  });
  it("what the form does not understand is raw", () => {
    expect(widgetFor(fv("seo", { a: 1 }), field("seo", "map"))).toBe("raw");
    expect(widgetFor(fv("title", "x", { editable: false }), field("title", "string"))).toBe("raw");
    expect(widgetFor(fv("list", [{ a: 1 }]), field("list", "list"))).toBe("raw");
  });
  it("a value that does not fit its schema type falls back to its own type", () => {
    expect(widgetFor(fv("comments", "yes"), field("comments", "bool"))).toBe("text");
    expect(widgetFor(fv("date", "soon"), field("date", "date"))).toBe("text");
  });
});

describe("authors, tags, validation", () => {
  it("author values keep string vs list", () => {
    expect(authorIds("jdoe")).toEqual(["jdoe"]);
    expect(authorValue(["rmax"], "jdoe")).toBe("rmax");
    expect(authorValue(["jdoe", "rmax"], "jdoe")).toEqual(["jdoe", "rmax"]);
    expect(authorValue(["rmax"], ["jdoe"])).toEqual(["rmax"]);
  });
  it("tags are not added twice", () => {
    expect(addTag(["a"], " b ")).toEqual(["a", "b"]);
    expect(addTag(["a"], "a")).toEqual(["a"]);
    expect(addTag(["a"], "  ")).toEqual(["a"]);
  });
  it("reports required, unknown author and the description limit", () => {
    const req = field("title", "string", { required: true });
    expect(validate(fv("title", ""), req, [], null, "text")).toEqual(["title is required"]);
    // Blank as the core's check counts it: an empty map is missing too, zero is not.
    expect(validate(fv("title", {}), req, [], null, "raw")).toContain("title is required");
    expect(validate(fv("title", 0), req, [], null, "raw")).not.toContain("title is required");
    expect(validate(fv("author", "nobody"), field("author", "string"), authors, null, "author")).toEqual([
      "unknown author “nobody”",
    ]);
    const limit = limitFor("description", field("description", "string"), 5);
    expect(limit).toBe(5);
    expect(validate(fv("description", "abcdef"), undefined, [], limit, "textarea")[0]).toMatch(/over the limit of 5/);
    expect(validate(fv("description", "abcde"), undefined, [], limit, "textarea")).toEqual([]);
  });
  it("missing fields in schema order, with defaults", () => {
    const schema = {
      fields: [field("title", "string"), field("date", "date"), field("tags", "string_list"), field("draft", "bool")],
    } as unknown as Schema;
    const view = { format: "yaml" as const, fields: [fv("tags", [])], source: "", error: null };
    expect(missingFields(schema, view).map((f) => f.name)).toEqual(["title", "date", "draft"]);
    expect(defaultValue(field("draft", "bool"))).toBe(false);
    expect(defaultValue(field("tags", "string_list"))).toEqual([]);
    expect(defaultValue(field("date", "date"), new Date(2024, 0, 9))).toBe("2024-01-09");
  });
  it("image previews go through the app's scheme", () => {
    expect(imageSrc("postdesk://localhost/", "/images/a.png")).toBe("postdesk://localhost/images/a.png");
    expect(imageSrc("postdesk://localhost/", "https://x.org/a.png")).toBe("https://x.org/a.png");
  });
});

describe("frontMatterHead", () => {
  it("ends after the closing fence, like the Rust split", () => {
    expect(fm.frontMatterHead("---\ntitle: A\n---\nbody\n\nmore")).toBe("---\ntitle: A\n---\n");
    expect(fm.frontMatterHead("+++\ntitle = 'A'\n+++\r\nbody")).toBe("+++\ntitle = 'A'\n+++\r\n");
    expect(fm.frontMatterHead("---\ntitle: A\n...\nbody")).toBe("---\ntitle: A\n...\n");
    expect(fm.frontMatterHead("\uFEFF---\r\na: 1\r\n---  \r\nbody")).toBe("\uFEFF---\r\na: 1\r\n---  \r\n");
    // A TOML front matter is not closed by YAML's `...`.
    expect(fm.frontMatterHead("+++\na = 1\n...\nbody")).toBe("+++\na = 1\n...\nbody");
  });

  it("is the first line without front matter and the whole text when it is never closed", () => {
    expect(fm.frontMatterHead("# Title\n\ntext")).toBe("# Title\n");
    expect(fm.frontMatterHead("---\ntitle: A\nbody")).toBe("---\ntitle: A\nbody");
    expect(fm.frontMatterHead("")).toBe("");
  });

  it("does not change when only the body does", () => {
    const t = "---\ntitle: A\n---\nbody";
    expect(fm.frontMatterHead(t + " typed")).toBe(fm.frontMatterHead(t));
  });
});

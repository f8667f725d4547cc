import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import FrontMatterForm from "./FrontMatterForm.svelte";
import type { Field, FieldView, FrontMatterView, JsonValue, Schema } from "../lib/bindings/core";

afterEach(() => clearMocks());

function field(name: string, type: Field["type"], extra: Partial<Field> = {}): Field {
  return {
    name, type, count: 10, frequency: 1, required: false, source: "inferred", values: [], options: [],
    default: null, relation: null, max_length: null, in_new_post: true, ...extra,
  };
}

const schema: Schema = {
  format: "yaml",
  flow_lists: true,
  posts: 10,
  fields: [
    field("title", "string", { required: true }),
    field("date", "date", { required: true }),
    field("author", "string", { relation: "authors", values: [{ value: "jdoe", count: 8 }] }),
    field("tags", "string_list", { values: [{ value: "rust", count: 5 }, { value: "tauri", count: 3 }] }),
    field("description", "string", { max_length: 20 }),
    field("comments", "bool", { frequency: 0.5 }),
  ],
  authors: [
    { id: "jdoe", name: "Jane Doe", avatar: null, url: null },
    { id: "rmax", name: "Rui Max", avatar: null, url: null },
  ],
  authors_source: "_data/authors.yml",
  zod_source: null,
  zod_collection: null,
};

// A small stand-in for the core: front matter lines are `key: <JSON value>` between `---` fences.
// fm_view reads them in file order; fm_set rewrites only that line; a line that is not
// `key: JSON` is a parse error with its line and column.
function view(text: string): FrontMatterView {
  const lines = text.split("\n");
  const end = lines.indexOf("---", 1);
  const src = lines.slice(1, end);
  const fields: FieldView[] = [];
  for (let i = 0; i < src.length; i++) {
    const m = /^(\w+): (.*)$/.exec(src[i]);
    let value: JsonValue;
    try {
      if (!m) throw new Error();
      value = JSON.parse(m[2]);
    } catch {
      return { format: "yaml", fields: [], source: src.join("\n") + "\n", error: { message: "did not find expected key", line: i + 2, column: 1 } };
    }
    const style = Array.isArray(value) ? "flow_sequence" : typeof value === "string" ? "double_quoted" : "plain";
    fields.push({ key: m[1], value, raw: m[2], line: i + 2, style, comment: null, editable: typeof value !== "object" || Array.isArray(value) });
  }
  return { format: "yaml", fields, source: src.join("\n") + "\n", error: null };
}
function setLine(text: string, key: string, value: JsonValue): string {
  const lines = text.split("\n");
  const end = lines.indexOf("---", 1);
  const at = lines.findIndex((l, i) => i > 0 && i < end && l.startsWith(key + ": "));
  const line = `${key}: ${JSON.stringify(value)}`;
  if (at >= 0) lines[at] = line;
  else lines.splice(end, 0, line);
  return lines.join("\n");
}

function backend(opts: { failSet?: string } = {}) {
  const calls: [string, any][] = [];
  mockIPC((cmd, args: any) => {
    calls.push([cmd, args]);
    switch (cmd) {
      case "fm_view":
        return view(args.text);
      case "fm_set":
        if (opts.failSet === args.key) throw { kind: "invalid", message: "`x` is not a YAML value" };
        return setLine(args.text, args.key, args.value);
      case "fm_unset":
        return args.text.split("\n").filter((l: string) => !l.startsWith(args.key + ": ")).join("\n");
      case "fm_set_source": {
        const lines = args.text.split("\n");
        const end = lines.indexOf("---", 1);
        return ["---", args.source.replace(/\n$/, ""), ...lines.slice(end)].join("\n");
      }
    }
    throw { kind: "invalid", message: `unexpected ${cmd}` };
  });
  return calls;
}

const POST = [
  "---",
  'title: "Hello"',
  'tags: ["rust"]',
  'date: "2022-10-28 10:00:00 +0200"',
  'author: "jdoe"',
  'description: "Short"',
  "---",
  "Body",
].join("\n");

function mount(text = POST, extra: Record<string, unknown> = {}) {
  const onchange = vi.fn();
  const onerror = vi.fn();
  const r = render(FrontMatterForm, {
    props: { text, schema, imageUrlPrefix: "postdesk://localhost/", onchange, onerror, ...extra },
  });
  return { ...r, onchange, onerror };
}

describe("FrontMatterForm", () => {
  it("shows the fields in file order with their widgets", async () => {
    backend();
    const { container } = mount();
    await waitFor(() => expect(container.querySelectorAll(".row").length).toBe(5));
    const keys = [...container.querySelectorAll(".row")].map((r) => r.getAttribute("data-key"));
    expect(keys).toEqual(["title", "tags", "date", "author", "description"]);
    expect((screen.getByLabelText("title") as HTMLInputElement).value).toBe("Hello");
    const date = screen.getByLabelText("date") as HTMLInputElement;
    expect(date.type).toBe("datetime-local");
    expect(date.value).toMatch(/^2022-10-28T10:00(:00)?$/);
    expect((screen.getByLabelText("author") as HTMLSelectElement).value).toBe("jdoe");
    expect(screen.getByText("5 / 20")).toBeTruthy();
  });

  it("editing the title calls fm_set with the key and value and forwards the text", async () => {
    const calls = backend();
    const { onchange } = mount();
    const title = (await screen.findByLabelText("title")) as HTMLInputElement;
    await fireEvent.input(title, { target: { value: 'Un titre : "deux"' } });
    await fireEvent.keyDown(title, { key: "Enter" });
    await waitFor(() => expect(onchange).toHaveBeenCalledTimes(1));
    const set = calls.find(([c]) => c === "fm_set")!;
    expect(set[1]).toMatchObject({ key: "title", value: 'Un titre : "deux"', text: POST });
    expect(onchange.mock.calls[0][0]).toBe(setLine(POST, "title", 'Un titre : "deux"'));
  });

  it("Escape reverts a text field without writing", async () => {
    const calls = backend();
    const { onchange } = mount();
    const title = (await screen.findByLabelText("title")) as HTMLInputElement;
    await fireEvent.input(title, { target: { value: "Changed" } });
    await fireEvent.keyDown(title, { key: "Escape" });
    expect(title.value).toBe("Hello");
    await fireEvent.blur(title);
    expect(calls.some(([c]) => c === "fm_set")).toBe(false);
    expect(onchange).not.toHaveBeenCalled();
  });

  it("adds a tag through the chip input, with suggestions from the observed values", async () => {
    const calls = backend();
    const { onchange, container } = mount();
    const input = (await screen.findByLabelText("tags")) as HTMLInputElement;
    const options = [...container.ownerDocument.getElementById(input.getAttribute("list")!)!.querySelectorAll("option")];
    expect(options.map((o) => o.getAttribute("value"))).toEqual(["tauri"]);
    await fireEvent.input(input, { target: { value: "tauri" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() => expect(onchange).toHaveBeenCalled());
    expect(calls.find(([c]) => c === "fm_set")![1]).toMatchObject({ key: "tags", value: ["rust", "tauri"] });
    expect(input.value).toBe("");
  });

  it("the author picker shows names and writes ids, keeping a string", async () => {
    const calls = backend();
    const { onchange } = mount();
    const select = (await screen.findByLabelText("author")) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(["Jane Doe", "Rui Max"]);
    await fireEvent.change(select, { target: { value: "rmax" } });
    await waitFor(() => expect(onchange).toHaveBeenCalled());
    expect(calls.find(([c]) => c === "fm_set")![1]).toMatchObject({ key: "author", value: "rmax" });
  });

  it("a list of authors stays a list", async () => {
    const calls = backend();
    const text = ["---", 'title: "T"', 'author: ["jdoe"]', "---", ""].join("\n");
    const { onchange } = mount(text);
    const select = (await screen.findByLabelText("author")) as HTMLSelectElement;
    expect(screen.getByText("Jane Doe")).toBeTruthy();
    await fireEvent.change(select, { target: { value: "rmax" } });
    await fireEvent.click(screen.getByRole("button", { name: "Add author" }));
    await waitFor(() => expect(onchange).toHaveBeenCalled());
    expect(calls.find(([c]) => c === "fm_set")![1]).toMatchObject({ key: "author", value: ["jdoe", "rmax"] });
  });

  it("validates inline: unknown author, description over the limit, missing required", async () => {
    backend();
    const text = ["---", 'author: "ghost"', 'description: "far more than twenty characters"', "---", ""].join("\n");
    mount(text);
    await screen.findByText("unknown author “ghost”");
    expect(screen.getByText(/over the limit of 20/)).toBeTruthy();
    expect(screen.getByText("Missing required: title, date")).toBeTruthy();
  });

  it("an fm_set error is shown on the field and passed to onerror; the text is unchanged", async () => {
    backend({ failSet: "title" });
    const { onchange, onerror } = mount();
    const title = (await screen.findByLabelText("title")) as HTMLInputElement;
    await fireEvent.input(title, { target: { value: "bad" } });
    await fireEvent.keyDown(title, { key: "Enter" });
    await screen.findByText("`x` is not a YAML value");
    expect(onerror).toHaveBeenCalledWith("title: `x` is not a YAML value");
    expect(onchange).not.toHaveBeenCalled();
  });

  it("adds a missing schema field with a default value", async () => {
    const calls = backend();
    const { onchange } = mount();
    const add = (await screen.findByLabelText("Add field")) as HTMLSelectElement;
    expect([...add.options].map((o) => o.value)).toEqual(["", "comments"]);
    await fireEvent.change(add, { target: { value: "comments" } });
    await fireEvent.click(within(add.parentElement!).getByRole("button", { name: "Add" }));
    await waitFor(() => expect(onchange).toHaveBeenCalled());
    expect(calls.find(([c]) => c === "fm_set")![1]).toMatchObject({ key: "comments", value: false });
  });

  it("removes a field with fm_unset", async () => {
    const calls = backend();
    const { onchange } = mount();
    await fireEvent.click(await screen.findByRole("button", { name: "Remove field description" }));
    await waitFor(() => expect(onchange).toHaveBeenCalled());
    expect(calls.find(([c]) => c === "fm_unset")![1]).toMatchObject({ key: "description" });
    expect(onchange.mock.calls[0][0]).not.toContain("description");
  });

  it("broken front matter switches to the source, shows line and column, and applies the fixed source", async () => {
    const calls = backend();
    const broken = ["---", 'title: "Hi"', "tags: [oops", "---", "Body"].join("\n");
    const { onchange } = mount(broken);
    await screen.findByText(/Line 3, column 1: did not find expected key/);
    const src = screen.getByLabelText("Source") as HTMLTextAreaElement;
    expect(src.value).toBe('title: "Hi"\ntags: [oops\n');
    expect(screen.queryByLabelText("title")).toBeNull();
    await fireEvent.input(src, { target: { value: 'title: "Hi"\ntags: ["oops"]\n' } });
    await fireEvent.keyDown(src, { key: "Enter", ctrlKey: true });
    await waitFor(() => expect(onchange).toHaveBeenCalled());
    expect(calls.find(([c]) => c === "fm_set_source")![1]).toMatchObject({ source: 'title: "Hi"\ntags: ["oops"]\n' });
    expect(calls.some(([c]) => c === "fm_set")).toBe(false);
    // Parsing again: back to the form.
    await screen.findByLabelText("title");
  });

  it("keeps the post's date format when the date picker changes", async () => {
    const calls = backend();
    const { onchange } = mount();
    const date = (await screen.findByLabelText("date")) as HTMLInputElement;
    await fireEvent.change(date, { target: { value: "2023-01-05T09:30:00" } });
    await waitFor(() => expect(onchange).toHaveBeenCalled());
    expect(calls.find(([c]) => c === "fm_set")![1]).toMatchObject({ key: "date", value: "2023-01-05 09:30:00 +0200" });
  });

  it("colour picker keeps rgb(…), thumbnail shows a preview, raw fields apply with fm_set_raw", async () => {
    const calls: [string, any][] = [];
    const text = "---\ncolor: rgb(1, 2, 3)\nthumbnail: /images/a.png\nseo:\n  og: x\n---\n";
    const v: FrontMatterView = {
      format: "yaml",
      source: "color: rgb(1, 2, 3)\nthumbnail: /images/a.png\nseo:\n  og: x\n",
      error: null,
      fields: [
        { key: "color", value: "rgb(1, 2, 3)", raw: "rgb(1, 2, 3)", line: 2, style: "plain", comment: null, editable: true },
        { key: "thumbnail", value: "/images/a.png", raw: "/images/a.png", line: 3, style: "plain", comment: null, editable: true },
        { key: "seo", value: { og: "x" }, raw: "\n  og: x", line: 4, style: "block_mapping", comment: null, editable: false },
      ],
    };
    mockIPC((cmd, args: any) => {
      calls.push([cmd, args]);
      if (cmd === "fm_view") return v;
      if (cmd === "fm_set" || cmd === "fm_set_raw") return args.text + "#";
      throw { kind: "invalid", message: cmd };
    });
    const s: Schema = { ...schema, fields: [field("color", "color"), field("thumbnail", "image")] };
    const onchange = vi.fn();
    const { container } = render(FrontMatterForm, {
      props: { text, schema: s, imageUrlPrefix: "postdesk://localhost/", onchange, onerror: vi.fn() },
    });
    const picker = (await screen.findByLabelText("color colour picker")) as HTMLInputElement;
    expect(picker.value).toBe("#010203");
    await fireEvent.change(picker, { target: { value: "#102030" } });
    await waitFor(() => expect(calls.find(([c]) => c === "fm_set")?.[1]).toMatchObject({ key: "color", value: "rgb(16, 32, 48)" }));
    expect(container.querySelector("img")!.getAttribute("src")).toBe("postdesk://localhost/images/a.png");
    const raw = screen.getByLabelText("seo") as HTMLTextAreaElement;
    expect(raw.value).toBe("\n  og: x");
    await fireEvent.input(raw, { target: { value: "\n  og: y" } });
    await fireEvent.blur(raw);
    await waitFor(() => expect(calls.find(([c]) => c === "fm_set_raw")?.[1]).toMatchObject({ key: "seo", raw: "\n  og: y" }));
  });

  it("collapses and drops stale fm_view answers", async () => {
    backend();
    const r = mount();
    await screen.findByLabelText("title");
    await r.rerender({ text: POST.replace("Hello", "One") });
    await r.rerender({ text: POST.replace("Hello", "Two") });
    await waitFor(() => expect((screen.getByLabelText("title") as HTMLInputElement).value).toBe("Two"));
    const head = screen.getByRole("button", { name: /Front matter/ });
    expect(head.getAttribute("aria-expanded")).toBe("true");
    await fireEvent.click(head);
    expect(screen.queryByLabelText("title")).toBeNull();
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, fireEvent, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { tick } from "svelte";
import NewPostDialog from "./NewPostDialog.svelte";
import { api } from "../lib/api";
import type { NewPostPlan, NewPostRequest, Schema, Site } from "../lib/bindings/core";

afterEach(() => {
  clearMocks();
  vi.restoreAllMocks();
});

const site = {
  kind: "jekyll", posts_dirs: ["_posts"], drafts_dir: "_drafts", file_pattern: "{date}-{slug}.md",
  image_dir_pattern: "images/posts/{post}", link_style: "site_absolute", max_image_width: 1600,
  required_fields: [], description_max: null, defaults: {}, content_config: null, config_warning: null,
  sources: {} as Site["sources"],
} as Site;

const schema = {
  format: "yaml", flow_lists: false, posts: 3, fields: [],
  authors: [
    { id: "ada", name: "Ada Lovelace", avatar: null, url: null },
    { id: "grace", name: "Grace Hopper", avatar: null, url: null },
  ],
  authors_source: "_data/authors.yml", zod_source: null, zod_collection: null,
} as Schema;

const slug = (t: string) => t.toLowerCase().normalize("NFD").replace(/\p{Diacritic}/gu, "").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/** A fake core: plans Jekyll paths, with `existing` already on disk. */
function backend(existing: string[] = [], createFails: string | null = null) {
  const calls: [string, NewPostRequest][] = [];
  const planOf = (r: NewPostRequest): NewPostPlan => {
    const date = r.date ?? "2026-11-28";
    const path = r.draft ? `_drafts/${slug(r.title)}.md` : `_posts/${date}-${slug(r.title)}.md`;
    return { path, slug: slug(r.title), date, author: r.author ?? "ada", text: `---\ntitle: ${r.title}\n---\n`, exists: existing.includes(path) };
  };
  mockIPC((cmd, args: any) => {
    calls.push([cmd, args.request]);
    if (cmd === "plan_post") return planOf(args.request);
    if (cmd === "create_post") {
      if (createFails) throw { kind: "io", message: createFails };
      return planOf(args.request);
    }
    throw { kind: "app", message: `unexpected ${cmd}` };
  });
  return calls;
}

function open(props: Partial<{ schema: Schema | null; site: Site }> = {}) {
  const oncreated = vi.fn();
  const onclose = vi.fn();
  const r = render(NewPostDialog, { open: true, schema, site, oncreated, onclose, ...props });
  return { ...r, oncreated, onclose };
}

const create = () => screen.getByRole("button", { name: "Create" }) as HTMLButtonElement;

describe("NewPostDialog", () => {
  it("shows the path it will create as the title is typed, asking once per pause", async () => {
    const calls = backend();
    open();
    const title = screen.getByLabelText("Title");
    await waitFor(() => expect(document.activeElement).toBe(title));
    expect(create().disabled).toBe(true);
    await fireEvent.input(title, { target: { value: "L’élé" } });
    await fireEvent.input(title, { target: { value: "L’éléphant bleu" } });
    await fireEvent.input(screen.getByLabelText("Date"), { target: { value: "2026-12-01" } });
    await waitFor(() => expect(screen.getByTestId("new-post-path").textContent).toBe("_posts/2026-12-01-l-elephant-bleu.md"));
    const plans = calls.filter(([c]) => c === "plan_post");
    expect(plans).toHaveLength(1); // debounced: the intermediate states were never asked
    expect(plans[0][1]).toEqual({ title: "L’éléphant bleu", date: "2026-12-01", author: null, draft: false });
    expect(screen.getByText("Author: Ada Lovelace")).toBeTruthy();
    expect(create().disabled).toBe(false);
  });

  it("sends the author id and the draft flag; the draft box needs a drafts folder", async () => {
    const calls = backend();
    const { unmount } = open();
    await fireEvent.input(screen.getByLabelText("Title"), { target: { value: "Hello" } });
    const select = screen.getByLabelText("Author") as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(["Automatic (from git)", "Ada Lovelace", "Grace Hopper"]);
    await fireEvent.change(select, { target: { value: "grace" } });
    await fireEvent.click(screen.getByLabelText(/Draft/));
    await waitFor(() => expect(screen.getByTestId("new-post-path").textContent).toBe("_drafts/hello.md"));
    expect(calls.at(-1)).toEqual(["plan_post", { title: "Hello", date: expect.any(String), author: "grace", draft: true }]);
    unmount();

    open({ site: { ...site, drafts_dir: null }, schema: null });
    expect(screen.queryByLabelText(/Draft/)).toBeNull();
    expect(screen.queryByLabelText("Author")).toBeNull();
  });

  it("refuses a path that exists: says so and disables Create", async () => {
    backend(["_posts/2026-11-28-taken.md"]);
    open();
    await fireEvent.input(screen.getByLabelText("Date"), { target: { value: "2026-11-28" } });
    await fireEvent.input(screen.getByLabelText("Title"), { target: { value: "Taken" } });
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("A post already exists at _posts/2026-11-28-taken.md"));
    expect(create().disabled).toBe(true);
    await fireEvent.input(screen.getByLabelText("Title"), { target: { value: "Taken again" } });
    await waitFor(() => expect(screen.getByTestId("new-post-path").textContent).toBe("_posts/2026-11-28-taken-again.md"));
    expect(screen.queryByRole("alert")).toBeNull();
    expect(create().disabled).toBe(false);
  });

  it("drops a plan that arrives after a newer one", async () => {
    let releaseSlow!: () => void;
    mockIPC(async (cmd, args: any) => {
      const r: NewPostRequest = args.request;
      if (r.title === "Slow") await new Promise<void>((res) => (releaseSlow = res));
      return { path: `_posts/${slug(r.title)}.md`, slug: slug(r.title), date: "2026-11-28", author: null, text: "", exists: r.title === "Slow" };
    });
    // Which answers the dialog has had in hand: `p`'s first reaction queues the record, so it
    // lands after the dialog's own `await` on `p` has run.
    const handled: string[] = [];
    const planPost = api.planPost;
    vi.spyOn(api, "planPost").mockImplementation((req) => {
      const p = planPost(req);
      p.then(() => queueMicrotask(() => handled.push(req.title)), () => {});
      return p;
    });
    open();
    await fireEvent.input(screen.getByLabelText("Title"), { target: { value: "Slow" } });
    await waitFor(() => expect(releaseSlow).toBeTypeOf("function")); // the slow request is out
    await fireEvent.input(screen.getByLabelText("Title"), { target: { value: "Fast" } });
    await waitFor(() => expect(screen.getByTestId("new-post-path").textContent).toBe("_posts/fast.md"));
    releaseSlow();
    // The stale answer has reached the dialog (and whatever it changed is on the page): only
    // then does its absence mean something.
    await waitFor(() => expect(handled).toEqual(["Fast", "Slow"]));
    await tick();
    expect(screen.getByTestId("new-post-path").textContent).toBe("_posts/fast.md");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(create().disabled).toBe(false);
  });

  it("creates the post and reports its path", async () => {
    const calls = backend();
    const { oncreated } = open();
    await fireEvent.input(screen.getByLabelText("Title"), { target: { value: "My title" } });
    await fireEvent.input(screen.getByLabelText("Date"), { target: { value: "2026-11-30" } });
    await waitFor(() => expect(screen.getByTestId("new-post-path")).toBeTruthy());
    await fireEvent.click(create());
    await waitFor(() => expect(oncreated).toHaveBeenCalledWith("_posts/2026-11-30-my-title.md"));
    expect(calls.find(([c]) => c === "create_post")?.[1]).toEqual({ title: "My title", date: "2026-11-30", author: null, draft: false });
  });

  it("shows the error when creating fails, and stays open", async () => {
    backend([], "Cannot write _posts/2026-11-28-x.md: permission denied");
    const { oncreated } = open();
    await fireEvent.input(screen.getByLabelText("Title"), { target: { value: "X" } });
    await waitFor(() => expect(screen.getByTestId("new-post-path")).toBeTruthy());
    await fireEvent.submit(create().form!);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("permission denied"));
    expect(oncreated).not.toHaveBeenCalled();
    expect(screen.getByRole("dialog", { name: "New post" })).toBeTruthy();
  });

  it("closes on Escape and Cancel, keeps Tab inside, and renders nothing when closed", async () => {
    backend();
    const { onclose, rerender } = open();
    await fireEvent.keyDown(screen.getByLabelText("Title"), { key: "Escape" });
    expect(onclose).toHaveBeenCalledTimes(1);
    await fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(onclose).toHaveBeenCalledTimes(2);

    const cancel = screen.getByRole("button", { name: "Cancel" });
    cancel.focus(); // Create is disabled (no title): Cancel is the last focusable
    await fireEvent.keyDown(cancel, { key: "Tab" });
    expect(document.activeElement).toBe(screen.getByLabelText("Title"));
    await fireEvent.keyDown(document.activeElement!, { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(cancel);

    await rerender({ open: false });
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});

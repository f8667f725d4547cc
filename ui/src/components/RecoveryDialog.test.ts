import { describe, expect, it, vi } from "vitest";
import { render, screen, fireEvent, waitFor, within } from "@testing-library/svelte";
import RecoveryDialog from "./RecoveryDialog.svelte";
import type { Recovered } from "../lib/bindings/core";

const changed: Recovered = {
  repo: "/blog", path: "_posts/a.md", text: "one\nmine\nthree\n", base_hash: "h1",
  disk_text_now_differs: true, disk_missing: false, journaled_at: "2026-11-28T06:00:00Z",
};
const missing: Recovered = {
  repo: "/blog", path: "_posts/gone.md", text: "draft\n", base_hash: null,
  disk_text_now_differs: false, disk_missing: true, journaled_at: "2026-11-28T06:01:00Z",
};

describe("RecoveryDialog", () => {
  it("lists each buffer with its state, restores and discards it", async () => {
    const onrestore = vi.fn();
    const ondiscard = vi.fn();
    render(RecoveryDialog, { items: [changed, missing], onrestore, ondiscard });
    expect(screen.getByRole("dialog", { name: "Unsaved text was recovered" })).toBeTruthy();
    const [a, b] = screen.getAllByTestId("recovered-item");
    expect(a.textContent).toContain("_posts/a.md");
    expect(a.textContent).toContain("changed since");
    expect(b.textContent).toContain("not on disk");
    expect(document.activeElement?.textContent).toBe("Restore");
    expect(within(a).queryByRole("button", { name: "Compare" })).toBeNull(); // no diskText given
    await fireEvent.click(within(a).getByRole("button", { name: "Restore" }));
    await fireEvent.click(within(b).getByRole("button", { name: "Discard" }));
    expect(onrestore).toHaveBeenCalledWith(changed);
    expect(ondiscard).toHaveBeenCalledWith(missing);
  });

  it("compares the recovered text with the file on disk", async () => {
    const diskText = vi.fn(async (p: string) => (p === "_posts/a.md" ? "one\ntheirs\nthree\n" : null));
    render(RecoveryDialog, { items: [changed, missing], onrestore: vi.fn(), ondiscard: vi.fn(), diskText });
    const [a, b] = screen.getAllByTestId("recovered-item");
    await fireEvent.click(within(a).getByRole("button", { name: "Compare" }));
    await waitFor(() => expect(within(a).getByRole("region").querySelector("pre")).toBeTruthy());
    expect(diskText).toHaveBeenCalledWith("_posts/a.md");
    const pre = within(a).getByRole("region").querySelector("pre")!;
    expect(pre.querySelector(".minus")?.textContent).toContain("- theirs");
    expect(pre.querySelector(".plus")?.textContent).toContain("+ mine");
    await fireEvent.click(within(b).getByRole("button", { name: "Compare" }));
    await waitFor(() => expect(within(b).getByRole("region").querySelector("pre .plus")?.textContent).toContain("+ draft"));
    expect(within(a).queryByRole("region")).toBeNull();
  });

  it("closes with Escape when it can be decided later, and renders nothing without items", async () => {
    const onclose = vi.fn();
    const { unmount } = render(RecoveryDialog, { items: [changed], onrestore: vi.fn(), ondiscard: vi.fn(), onclose });
    await fireEvent.keyDown(screen.getByRole("dialog"), { key: "Escape" });
    expect(onclose).toHaveBeenCalledOnce();
    unmount();
    render(RecoveryDialog, { items: [], onrestore: vi.fn(), ondiscard: vi.fn() });
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});

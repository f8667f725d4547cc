import { describe, expect, it, vi } from "vitest";
import { render, screen, fireEvent } from "@testing-library/svelte";
import ImportStatus from "./ImportStatus.svelte";

describe("ImportStatus", () => {
  it("shows the progress of a running batch and cancels it (button or Escape)", async () => {
    const oncancel = vi.fn();
    render(ImportStatus, { active: true, done: 1, total: 5, failures: [], oncancel, ondismiss: vi.fn() });
    expect(screen.getByRole("status").textContent).toContain("Importing 2 of 5…");
    expect((screen.getByLabelText("Images imported") as HTMLProgressElement).value).toBe(1);
    await fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await fireEvent.keyDown(screen.getByRole("button", { name: "Cancel" }), { key: "Escape" });
    expect(oncancel).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("lists the failures after the batch, each naming its file, and dismisses them", async () => {
    const ondismiss = vi.fn();
    render(ImportStatus, {
      active: false, done: 3, total: 3, oncancel: vi.fn(), ondismiss,
      failures: [
        { file: "/tmp/notes.jpg", message: "notes.jpg is not an image (it holds text)." },
        { file: "/tmp/c.png", message: "c.png was skipped: the import was cancelled." },
      ],
    });
    expect(screen.queryByRole("status")).toBeNull();
    expect(screen.getByRole("alert").textContent).toContain("2 images were not imported");
    const items = screen.getAllByRole("listitem").map((li) => li.textContent);
    expect(items).toEqual(["notes.jpg is not an image (it holds text).", "c.png was skipped: the import was cancelled."]);
    await fireEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(ondismiss).toHaveBeenCalledOnce();
  });

  it("renders nothing when idle without failures", () => {
    render(ImportStatus, { active: false, done: 0, total: 0, failures: [], oncancel: vi.fn(), ondismiss: vi.fn() });
    expect(screen.queryByTestId("import-status")).toBeNull();
  });
});

import { describe, expect, it, vi } from "vitest";
import { render, screen, fireEvent } from "@testing-library/svelte";
import ConflictBanner from "./ConflictBanner.svelte";

describe("ConflictBanner", () => {
  it("offers Keep mine / Take theirs and a comparison of disk vs buffer", async () => {
    const onkeepmine = vi.fn();
    const ontaketheirs = vi.fn();
    render(ConflictBanner, {
      kind: "changed", path: "_posts/a.md", mine: "title\nmy line\nend\n", theirs: "title\ntheir line\nend\n",
      onkeepmine, ontaketheirs,
    });
    expect(screen.getByRole("alert").textContent).toContain("_posts/a.md was changed outside Postdesk");
    const compare = screen.getByRole("button", { name: "Compare" });
    expect(compare.getAttribute("aria-expanded")).toBe("false");
    await fireEvent.click(compare);
    const region = screen.getByRole("region");
    expect(region.querySelector("pre .minus")?.textContent).toContain("- their line");
    expect(region.querySelector("pre .plus")?.textContent).toContain("+ my line");
    expect(screen.getByRole("button", { name: "Hide comparison" }).getAttribute("aria-expanded")).toBe("true");
    await fireEvent.click(screen.getByRole("button", { name: "Hide comparison" }));
    expect(screen.queryByRole("region")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Keep mine" }));
    await fireEvent.click(screen.getByRole("button", { name: "Take theirs" }));
    expect(onkeepmine).toHaveBeenCalledOnce();
    expect(ontaketheirs).toHaveBeenCalledOnce();
  });

  it("explains a deleted file keeps the buffer, with no Take theirs", async () => {
    const onkeepmine = vi.fn();
    render(ConflictBanner, { kind: "deleted", path: "_posts/a.md", mine: "x", theirs: null, onkeepmine, ontaketheirs: vi.fn() });
    expect(screen.getByRole("alert").textContent).toMatch(/deleted or renamed.*Your text is kept here: save to\s+write it again/s);
    expect(screen.queryByRole("button", { name: "Take theirs" })).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Keep my text" }));
    expect(onkeepmine).toHaveBeenCalledOnce();
  });

  it("explains the post is not on the new branch", () => {
    render(ConflictBanner, { kind: "branch", path: "_posts/a.md", mine: "x", theirs: null, onkeepmine: vi.fn(), ontaketheirs: vi.fn() });
    expect(screen.getByRole("alert").textContent).toMatch(/does not exist on the branch now checked out.*unsaved text/s);
  });
});

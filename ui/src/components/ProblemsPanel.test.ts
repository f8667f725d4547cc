import { describe, expect, it, vi } from "vitest";
import { render, screen, fireEvent } from "@testing-library/svelte";
import ProblemsPanel from "./ProblemsPanel.svelte";
import type { Finding } from "../lib/bindings/core";

const finding = (rule: string, severity: Finding["severity"], line: number | null, message: string, field: string | null = null): Finding => ({
  rule, severity, path: "_posts/2024-01-01-a.md", line, column: null, message, field,
});

const findings: Finding[] = [
  finding("link-http", "notice", 3, "Use https for http://example.com"),
  finding("fm-required", "error", 2, "Add a description", "description"),
  finding("img-alt", "warning", 14, "Give the image alt text"),
  finding("img-missing", "error", 9, "images/x.png does not exist"),
  finding("img-orphan", "notice", null, "images/y.png is not linked by any post"),
];

describe("ProblemsPanel", () => {
  it("lists errors, then warnings, then notices, by line, with counts in the header", () => {
    render(ProblemsPanel, { findings, onjump: vi.fn() });
    expect(screen.getByTestId("problems-summary").textContent).toBe("2 errors · 1 warning · 2 notices");
    const rows = screen.getAllByTestId("problem");
    expect(rows.map((r) => r.querySelector(".rule")?.textContent)).toEqual([
      "fm-required", "img-missing", "img-alt", "link-http", "img-orphan",
    ]);
    expect(rows[0].textContent).toContain("Add a description");
    expect(rows[0].textContent).toContain("line 2");
    expect(rows[0].querySelector('[aria-label="error"]')).toBeTruthy();
    expect(rows[2].querySelector('[aria-label="warning"]')).toBeTruthy();
  });

  it("jumps to a row's line and field on click and on Enter", async () => {
    const onjump = vi.fn();
    render(ProblemsPanel, { findings, onjump });
    const rows = screen.getAllByTestId("problem");
    await fireEvent.click(rows[0]);
    expect(onjump).toHaveBeenLastCalledWith(2, "description");
    await fireEvent.click(rows[4]);
    expect(onjump).toHaveBeenLastCalledWith(null, null);
    // A row is a button: Enter activates it (keydown Enter dispatches click in browsers;
    // jsdom does not, so check the row is focusable and a native button).
    rows[2].focus();
    expect(document.activeElement).toBe(rows[2]);
    expect(rows[2].tagName).toBe("BUTTON");
    await fireEvent.click(document.activeElement!);
    expect(onjump).toHaveBeenLastCalledWith(14, null);
    expect(onjump).toHaveBeenCalledTimes(3);
  });

  it("says so when there is nothing to fix", () => {
    render(ProblemsPanel, { findings: [], onjump: vi.fn() });
    expect(screen.getByTestId("problems-summary").textContent).toBe("No problems found");
    expect(screen.queryAllByTestId("problem")).toHaveLength(0);
  });

  it("collapses and expands from its header", async () => {
    render(ProblemsPanel, { findings: [findings[0]], onjump: vi.fn() });
    expect(screen.getByTestId("problems-summary").textContent).toBe("1 notice");
    const header = screen.getByRole("button", { expanded: true });
    await fireEvent.click(header);
    expect(header.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryAllByTestId("problem")).toHaveLength(0);
    expect(screen.getByTestId("problems-summary").textContent).toBe("1 notice");
    await fireEvent.click(header);
    expect(screen.getAllByTestId("problem")).toHaveLength(1);
  });

  it("follows new findings as the writer types", async () => {
    const { rerender } = render(ProblemsPanel, { findings, onjump: vi.fn() });
    await rerender({ findings: [finding("md-fence", "error", 20, "Close the code fence")], onjump: vi.fn() });
    expect(screen.getByTestId("problems-summary").textContent).toBe("1 error");
    expect(screen.getAllByTestId("problem")).toHaveLength(1);
  });
});

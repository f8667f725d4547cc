import { describe, expect, it } from "vitest";
import { lineForPreviewOffset, lineOfElement, parseRange, previewOffsetForLine, type Block } from "./scrollsync";

const blocks: Block[] = [
  { start: 5, end: 5, top: 0, height: 40 }, // heading
  { start: 7, end: 10, top: 60, height: 100 }, // paragraph of 4 lines
  { start: 12, end: 20, top: 180, height: 300 }, // code block
];

describe("scroll sync", () => {
  it("parses ranges", () => {
    expect(parseRange("3-9")).toEqual([3, 9]);
    expect(parseRange("4")).toEqual([4, 4]);
    expect(parseRange("x")).toBeNull();
  });

  it("maps a line inside a block proportionally", () => {
    expect(previewOffsetForLine(blocks, 7)).toBe(60);
    expect(previewOffsetForLine(blocks, 9)).toBe(110);
    expect(previewOffsetForLine(blocks, 12)).toBe(180);
  });

  it("maps lines between blocks into the gap, and past the end to the bottom", () => {
    const y = previewOffsetForLine(blocks, 11);
    expect(y).toBeGreaterThanOrEqual(160);
    expect(y).toBeLessThanOrEqual(180);
    expect(previewOffsetForLine(blocks, 99)).toBe(480);
    expect(previewOffsetForLine([], 3)).toBe(0);
  });

  it("is the inverse of the preview mapping inside blocks", () => {
    for (const line of [5, 7, 8.5, 12, 15, 19]) {
      const y = previewOffsetForLine(blocks, line);
      expect(lineForPreviewOffset(blocks, y)).toBeCloseTo(line, 5);
    }
  });

  it("finds the source line of a clicked element through its ancestors", () => {
    document.body.innerHTML = `<p data-line="7-10">some <em id="x">text</em></p>`;
    expect(lineOfElement(document.getElementById("x"))).toBe(7);
    expect(lineOfElement(document.body)).toBeNull();
  });
});

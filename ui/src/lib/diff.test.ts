import { describe, expect, it } from "vitest";
import { foldUnchanged, lineDiff } from "./diff";

/** Length of a longest common subsequence, by dynamic programming (the reference). */
function lcs(a: string[], b: string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  return dp[0][0];
}

function lines(s: string): string[] {
  return s === "" ? [] : s.replace(/\n$/, "").split("\n");
}

/** Seeded pseudo-random numbers, so a failure can be reproduced. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

describe("lineDiff", () => {
  it("marks lines only in a with -, only in b with +, shared with a space", () => {
    expect(lineDiff("a\nb\nc\n", "a\nx\nc\n")).toEqual([
      { op: " ", text: "a" },
      { op: "-", text: "b" },
      { op: "+", text: "x" },
      { op: " ", text: "c" },
    ]);
  });

  it("handles empty sides, identical texts and CRLF", () => {
    expect(lineDiff("", "")).toEqual([]);
    expect(lineDiff("", "a\nb")).toEqual([{ op: "+", text: "a" }, { op: "+", text: "b" }]);
    expect(lineDiff("a\nb\n", "")).toEqual([{ op: "-", text: "a" }, { op: "-", text: "b" }]);
    expect(lineDiff("a\r\nb\r\n", "a\nb\n").every((l) => l.op === " ")).toBe(true);
  });

  it("finds a shortest edit script (checked against an LCS table) that rebuilds both texts", () => {
    const rand = rng(42);
    const alphabet = ["a", "b", "c", "d", "", "# t"];
    for (let round = 0; round < 400; round++) {
      const gen = () => Array.from({ length: Math.floor(rand() * 25) }, () => alphabet[Math.floor(rand() * alphabet.length)]);
      const a = gen();
      const b = rand() < 0.3 ? a.map((l) => (rand() < 0.15 ? "z" : l)) : gen();
      const d = lineDiff(a.map((l) => l + "\n").join(""), b.map((l) => l + "\n").join(""));
      expect(d.filter((l) => l.op !== "+").map((l) => l.text)).toEqual(a);
      expect(d.filter((l) => l.op !== "-").map((l) => l.text)).toEqual(b);
      expect(d.filter((l) => l.op === " ").length).toBe(lcs(a, b));
    }
  });

  // How fast, against the quadratic table, is a benchmark (diff.bench.ts).
  it("finds a shortest edit script on a few thousand lines with scattered edits", () => {
    const a = Array.from({ length: 4000 }, (_, i) => `line ${i} of the post`);
    const b = a.filter((_, i) => i % 97 !== 0).map((l, i) => (i % 131 === 0 ? l + " (edited)" : l));
    const d = lineDiff(a.join("\n"), b.join("\n"));
    expect(d.filter((l) => l.op !== "+").map((l) => l.text)).toEqual(a);
    expect(d.filter((l) => l.op !== "-").map((l) => l.text)).toEqual(b);
    expect(d.filter((l) => l.op === " ").length).toBe(lcs(a, b));
  });

  it("replaces everything when nothing is shared", () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join("\n");
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join("\n");
    const d = lineDiff(a, b);
    expect(d.length).toBe(6000);
    expect(d.slice(0, 3000).every((l) => l.op === "-")).toBe(true);
  });
});

describe("foldUnchanged", () => {
  it("keeps context around changes and folds long unchanged runs", () => {
    const a = lines(Array.from({ length: 20 }, (_, i) => `l${i}\n`).join(""));
    const b = [...a];
    b[10] = "changed";
    const shown = foldUnchanged(lineDiff(a.join("\n"), b.join("\n")), 2);
    expect(shown[0]).toEqual({ op: "…", count: 8 });
    expect(shown.slice(1, 7).map((l) => l.op)).toEqual([" ", " ", "-", "+", " ", " "]);
    expect(shown[7]).toEqual({ op: "…", count: 7 });
  });
});

// How fast the line diff is on a long post with scattered edits, against the quadratic
// longest-common-subsequence table (the reference, in the same process: read the ratio, not
// the milliseconds, which depend on the machine). Run: npx vitest bench --run (make bench-ui).
import { bench, describe } from "vitest";
import { lineDiff } from "./diff";

const a = Array.from({ length: 4000 }, (_, i) => `line ${i} of the post`);
const b = a.filter((_, i) => i % 97 !== 0).map((l, i) => (i % 131 === 0 ? l + " (edited)" : l));
const aText = a.join("\n");
const bText = b.join("\n");

/** The reference: the length of a longest common subsequence, by the n×m table (two rows). */
function lcsTable(x: string[], y: string[]): number {
  let prev = new Int32Array(y.length + 1);
  let cur = new Int32Array(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++)
      cur[j] = x[i - 1] === y[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    [prev, cur] = [cur, prev];
  }
  return prev[y.length];
}

describe("diff 4,000 lines with scattered edits", () => {
  bench("lineDiff (Myers)", () => {
    lineDiff(aText, bText);
  });
  bench("LCS table (quadratic)", () => {
    lcsTable(a, b);
  }, { iterations: 5, time: 0 });
});

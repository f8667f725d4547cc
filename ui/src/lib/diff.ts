// A line diff (Myers' O(ND) algorithm, linear space: the "middle snake" bisection), used to
// compare the buffer with the file on disk. Lines are compared exactly, CRLF and LF alike.

export type DiffOp = " " | "-" | "+";
export interface DiffLine {
  op: DiffOp;
  text: string;
}

function splitLines(s: string): string[] {
  if (s === "") return [];
  const lines = s.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * The lines of `a` and `b` as a shortest edit script: " " in both, "-" only in `a`, "+" only in `b`.
 * Within a changed region the removed lines come before the added ones.
 */
export function lineDiff(a: string, b: string): DiffLine[] {
  const al = splitLines(a);
  const bl = splitLines(b);
  // Lines become small integers so comparisons are cheap.
  const ids = new Map<string, number>();
  const id = (l: string) => {
    let v = ids.get(l);
    if (v === undefined) ids.set(l, (v = ids.size));
    return v;
  };
  const A = Int32Array.from(al, id);
  const B = Int32Array.from(bl, id);
  const out: DiffLine[] = [];
  diffRange(A, 0, A.length, B, 0, B.length, (op, i) => out.push({ op, text: op === "+" ? bl[i] : al[i] }));
  return normalize(out);
}

type Emit = (op: DiffOp, index: number) => void;

function diffRange(A: Int32Array, aLo: number, aHi: number, B: Int32Array, bLo: number, bHi: number, emit: Emit): void {
  // Common prefix and suffix are never part of the edit.
  while (aLo < aHi && bLo < bHi && A[aLo] === B[bLo]) emit(" ", aLo++), bLo++;
  let aEnd = aHi;
  let bEnd = bHi;
  while (aEnd > aLo && bEnd > bLo && A[aEnd - 1] === B[bEnd - 1]) aEnd--, bEnd--;

  if (aLo === aEnd) {
    for (let j = bLo; j < bEnd; j++) emit("+", j);
  } else if (bLo === bEnd) {
    for (let i = aLo; i < aEnd; i++) emit("-", i);
  } else {
    const split = middle(A, aLo, aEnd, B, bLo, bEnd);
    const whole = split === null || (split[0] === aLo && split[1] === bLo) || (split[0] === aEnd && split[1] === bEnd);
    if (whole) {
      // Nothing in common (or no progress possible): replace the region.
      for (let i = aLo; i < aEnd; i++) emit("-", i);
      for (let j = bLo; j < bEnd; j++) emit("+", j);
    } else {
      diffRange(A, aLo, split[0], B, bLo, split[1], emit);
      diffRange(A, split[0], aEnd, B, split[1], bEnd, emit);
    }
  }
  for (let i = aEnd; i < aHi; i++) emit(" ", i);
}

/**
 * A point (x, y) on a shortest edit path from (aLo, bLo) to (aHi, bHi), found by running the
 * search from both ends until they meet; `null` when the two ranges have nothing in common.
 */
function middle(A: Int32Array, aLo: number, aHi: number, B: Int32Array, bLo: number, bHi: number): [number, number] | null {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const max = Math.ceil((n + m) / 2);
  const off = max;
  const len = 2 * max + 2;
  const v1 = new Int32Array(len).fill(-1);
  const v2 = new Int32Array(len).fill(-1);
  v1[off + 1] = 0;
  v2[off + 1] = 0;
  const delta = n - m;
  const front = delta % 2 !== 0;
  let k1start = 0;
  let k1end = 0;
  let k2start = 0;
  let k2end = 0;
  for (let d = 0; d < max; d++) {
    for (let k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
      const k1o = off + k1;
      let x1 = k1 === -d || (k1 !== d && v1[k1o - 1] < v1[k1o + 1]) ? v1[k1o + 1] : v1[k1o - 1] + 1;
      let y1 = x1 - k1;
      while (x1 < n && y1 < m && A[aLo + x1] === B[bLo + y1]) x1++, y1++;
      v1[k1o] = x1;
      if (x1 > n) k1end += 2;
      else if (y1 > m) k1start += 2;
      else if (front) {
        const k2o = off + delta - k1;
        if (k2o >= 0 && k2o < len && v2[k2o] !== -1) {
          if (x1 >= n - v2[k2o]) return [aLo + x1, bLo + y1];
        }
      }
    }
    for (let k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
      const k2o = off + k2;
      let x2 = k2 === -d || (k2 !== d && v2[k2o - 1] < v2[k2o + 1]) ? v2[k2o + 1] : v2[k2o - 1] + 1;
      let y2 = x2 - k2;
      while (x2 < n && y2 < m && A[aHi - x2 - 1] === B[bHi - y2 - 1]) x2++, y2++;
      v2[k2o] = x2;
      if (x2 > n) k2end += 2;
      else if (y2 > m) k2start += 2;
      else if (!front) {
        const k1o = off + delta - k2;
        if (k1o >= 0 && k1o < len && v1[k1o] !== -1) {
          const x1 = v1[k1o];
          const y1 = off + x1 - k1o;
          if (x1 >= n - x2) return [aLo + x1, bLo + y1];
        }
      }
    }
  }
  return null;
}

/** Within each run of changes, removed lines first, then added ones (easier to read). */
function normalize(lines: DiffLine[]): DiffLine[] {
  const out: DiffLine[] = [];
  let minus: DiffLine[] = [];
  let plus: DiffLine[] = [];
  const flush = () => {
    out.push(...minus, ...plus);
    minus = [];
    plus = [];
  };
  for (const l of lines) {
    if (l.op === "-") minus.push(l);
    else if (l.op === "+") plus.push(l);
    else {
      flush();
      out.push(l);
    }
  }
  flush();
  return out;
}

/** A diff line to show, or a fold standing for `count` unchanged lines. */
export type ShownLine = DiffLine | { op: "…"; count: number };

/** Keeps `context` unchanged lines around each change and folds the rest. */
export function foldUnchanged(lines: DiffLine[], context = 3): ShownLine[] {
  const keep = new Uint8Array(lines.length);
  lines.forEach((l, i) => {
    if (l.op !== " ") for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) keep[j] = 1;
  });
  const out: ShownLine[] = [];
  let folded = 0;
  lines.forEach((l, i) => {
    if (keep[i]) {
      if (folded) out.push({ op: "…", count: folded });
      folded = 0;
      out.push(l);
    } else folded++;
  });
  if (folded) out.push({ op: "…", count: folded });
  return out;
}

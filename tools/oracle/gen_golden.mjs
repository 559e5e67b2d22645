#!/usr/bin/env node
// Writes the golden vectors tests/golden/<encoding>.jsonl for the seven built-in encodings,
// from the reference oracle (npm tiktoken@1.0.22, see oracle.mjs). Deterministic: the same
// oracle gives byte-identical files (seeded PRNG, no clock, no Math.random).
//
//   node tools/oracle/gen_golden.mjs [--oracle-dir DIR] [--out-dir DIR] [--encoding NAME]
//                                    [--self-test] [--skip-self-test]
//
// --self-test runs only the self-tests (selftest.mjs) at a larger scale and exits; otherwise
// a quick self-test of every encoding runs before its file is written.
//
// Case format: see README.md in this folder. encode_bytes cases (invalid UTF-8) are NOT direct
// oracle output: the WASM oracle takes JS strings only, so tiktoken's _encode_bytes is
// reproduced from oracle primitives (encode_with_unstable for the stable prefix, oracle
// decode, oracle ranks) plus a JS transcription of byte_pair_encode for the final unstable
// bytes; oracle.mjs documents the recipe and selftest.mjs checks the JS merge against the
// oracle on thousands of pieces.

import path from "node:path";

import { Oracle, CaseWriter, Rng, parseArgs, repoRoot, utf8, fromHex, concatBytes } from "./oracle.mjs";
import { ENCODING_NAMES } from "./encodings.mjs";
import { selfTest } from "./selftest.mjs";
import {
  SCRIPTS, WHITESPACE, DIGIT_SETS, CONTRACTION_WORDS, EMOJI, COMBINING, TITLE_MODIFIER,
  PUNCTUATION, CODE, SPECIAL_LIKE, prose, codeText, mixedText, randomText,
} from "./samples.mjs";

const SEED_BASE = 20240601;

// ------------------------------------------------------------------------------------------
// Sections. Each takes (o: Oracle, w: CaseWriter, rng: Rng).
// ------------------------------------------------------------------------------------------

function basics(o, w) {
  w.add(o.encodeOrdinaryCase("empty", ""));
  w.add(o.encodeCase("empty/encode", ""));
  w.add(o.encodeBytesCase("empty/encode_bytes", new Uint8Array(0)));
  w.add(o.decodeCase("empty/decode", []));
  for (const t of ["a", "A", " ", "hello", "hello world", "Hello, World!", " hello", "hello ",
    "hello  world", "\n", "1", "!", "'", "'s", "ab12cd", "x\ny", "a  b   c    d"]) {
    w.add(o.encodeOrdinaryCase("basic", t));
  }
}

function scripts(o, w) {
  for (const [fam, text] of SCRIPTS) {
    const name = `script/${fam}`;
    w.add(o.encodeOrdinaryCase(name, text));
    w.add(o.encodeOrdinaryCase(`${name} +lead-space`, " " + text));
    w.add(o.encodeOrdinaryCase(`${name} +trail-space`, text + " "));
    w.add(o.encodeOrdinaryCase(`${name} +trail-nl`, text + "\n\n"));
    const up = text.toUpperCase();
    if (up !== text) w.add(o.encodeOrdinaryCase(`${name} upper`, up));
    const low = text.toLowerCase();
    if (low !== text) w.add(o.encodeOrdinaryCase(`${name} lower`, low));
    const first = text.split(" ")[0];
    if (first !== text && first !== "") w.add(o.encodeOrdinaryCase(`${name} first-word`, first));
    w.add(o.encodeOrdinaryCase(`${name} no-spaces`, text.replace(/ /g, "")));
  }
}

function whitespace(o, w, rng) {
  for (const [kind, c] of WHITESPACE) {
    const n = `ws/${kind}`;
    const forms = [
      ["alone", c], ["x2", c + c], ["x3", c.repeat(3)], ["x8", c.repeat(8)],
      ["between", "a" + c + "b"], ["between-x2", "a" + c + c + "b"], ["between-x3", "a" + c.repeat(3) + "b"],
      ["end", "a" + c], ["end-run", "a" + c.repeat(3)], ["start", c + "a"], ["start-run", c.repeat(3) + "a"],
      ["then-space-letter", "a" + c + " b"], ["space-then", "a " + c + "b"],
      ["then-nl", c + "\n"], ["nl-then", "\n" + c], ["around-nl", "x" + c + "\n" + c + "y"],
      ["before-punct", c + "!"], ["punct-then-nl", "!" + c + "\n"], ["before-digit", c + "1"],
      ["before-digit-run", c.repeat(2) + "123"], ["space-run-then", "   " + c + "x"],
      ["after-cjk", "日本" + c + "語"],
    ];
    for (const [f, t] of forms) w.add(o.encodeOrdinaryCase(`${n} ${f}`, t));
  }
  const mixed = [
    " \t \n", "\n \n \n", "\r\n\r\n", "   \n   x", " \u00A0 x", "\t\t\tx", "x \n\n  y", "\n\n\n",
    "  \n", "\n  ", "a\n\n\n\nb", "a \r\n b", "a\r\r\nb", "a\n\r\nb", "  \t\n\t  x", " \u3000 \u3000",
    "\u2028\u2029\n", "\u0085\n", "x\u00A0\u00A0y", "\v\f\v", " \v x", "end   ", "end\n\n", "end\t",
    "x  \n  y  \n", "\n x", "\n  x", "\n   x", " \n x", "  \n  x", "a\t\tb", "a \t b", "\r", "\r\r",
    "\r \r", " \r", "a\r b", "\u00A0x", "x\u00A0", "\u00A0\u00A0", "\u202F\u205F\u3000x",
  ];
  for (const t of mixed) w.add(o.encodeOrdinaryCase("ws/mixed", t));
  const chars = WHITESPACE.slice(0, 26).map(([, c]) => c);
  const after = ["", "x", "!", "1", "\u00E9", "\u65E5", "'s", "\n"];
  for (let i = 0; i < 80; i++) {
    let run = "";
    const n = rng.range(1, 12);
    for (let k = 0; k < n; k++) run += rng.pick(chars);
    const lead = rng.pick(["", "a", "!", "1", "A"]);
    w.add(o.encodeOrdinaryCase(`ws/random-run #${i}`, lead + run + rng.pick(after)));
  }
}

function digits(o, w) {
  for (const [set, ds] of DIGIT_SETS) {
    const d = Array.from(ds);
    const run = (n) => Array.from({ length: n }, (_, i) => d[i % d.length]).join("");
    for (let n = 1; n <= 10; n++) w.add(o.encodeOrdinaryCase(`digits/${set} run=${n}`, run(n)));
    w.add(o.encodeOrdinaryCase(`digits/${set} in-word`, "abc" + run(4) + "def"));
    w.add(o.encodeOrdinaryCase(`digits/${set} after-space`, " " + run(5)));
    w.add(o.encodeOrdinaryCase(`digits/${set} decimal`, run(3) + "." + run(3)));
    w.add(o.encodeOrdinaryCase(`digits/${set} then-word`, run(7) + " x"));
    w.add(o.encodeOrdinaryCase(`digits/${set} upper-then`, "AB" + run(2) + "Cd"));
  }
  for (const t of ["1,234,567.89", "12 345 678", "3.14159265358979", "2024-01-31T12:34:56Z", "0x1F2E3D",
    "1e10", "-42", "+7", "v1.2.3", "１２３abc", "a1b2c3", "100%", "$5.00", "555-1234", "(555) 123-4567",
    "1st 2nd 3rd 4th", "1/2", "10/10", "007", "0000000000", "9999999999999", " 1 2 3", "1\n2\n3",
    "١٢٣abc", "abc١٢٣", "²³", "x²", "H₂O", "½cup", "Ⅻ o'clock", "①②③", "12ab34", "1'2", "1's"]) {
    w.add(o.encodeOrdinaryCase("digits/mixed", t));
  }
}

function contractions(o, w) {
  for (const c of CONTRACTION_WORDS) {
    w.add(o.encodeOrdinaryCase("contractions/alone", c));
    w.add(o.encodeOrdinaryCase("contractions/in-sentence", "so " + c + " x"));
    w.add(o.encodeOrdinaryCase("contractions/upper-word", "WORD" + c));
  }
}

function emoji(o, w) {
  for (const [kind, e] of EMOJI) {
    w.add(o.encodeOrdinaryCase(`emoji/${kind}`, e));
    w.add(o.encodeOrdinaryCase(`emoji/${kind} +lead-space`, " " + e));
    w.add(o.encodeOrdinaryCase(`emoji/${kind} between-letters`, "a" + e + "b"));
    w.add(o.encodeOrdinaryCase(`emoji/${kind} then-nl`, e + "\n"));
  }
}

function marksAndCase(o, w) {
  for (const [kind, t] of COMBINING) {
    w.add(o.encodeOrdinaryCase(`combining/${kind}`, t));
    w.add(o.encodeOrdinaryCase(`combining/${kind} +lead-space`, " " + t));
    w.add(o.encodeOrdinaryCase(`combining/${kind} +contraction`, t + "'s"));
  }
  for (const [kind, t] of TITLE_MODIFIER) {
    w.add(o.encodeOrdinaryCase(`case/${kind}`, t));
    w.add(o.encodeOrdinaryCase(`case/${kind} +lead-space`, " " + t));
    w.add(o.encodeOrdinaryCase(`case/${kind} +contraction`, t + "'LL"));
  }
}

function punctuation(o, w) {
  for (const p of PUNCTUATION) {
    w.add(o.encodeOrdinaryCase("punct/alone", p));
    w.add(o.encodeOrdinaryCase("punct/after-word", "word" + p));
    w.add(o.encodeOrdinaryCase("punct/before-word", p + "word"));
  }
}

function code(o, w) {
  for (const [lang, src] of CODE) {
    w.add(o.encodeOrdinaryCase(`code/${lang}`, src));
    w.add(o.encodeOrdinaryCase(`code/${lang} crlf`, src.replace(/\r?\n/g, "\r\n")));
    w.add(o.encodeOrdinaryCase(`code/${lang} tabs`, src.replace(/ {4}/g, "\t")));
  }
}

// Invalid UTF-8 (and some valid) byte strings for encode_bytes.
const INVALID = [
  ["truncated-2byte", "c3"], ["truncated-3byte-1", "e2"], ["truncated-3byte-2", "e282"],
  ["truncated-4byte-1", "f0"], ["truncated-4byte-2", "f09f"], ["truncated-4byte-3", "f09f98"],
  ["lone-continuation", "80"], ["lone-continuation-bf", "bf"], ["continuations", "808182"],
  ["overlong-2byte-slash", "c0af"], ["overlong-2byte-c1", "c1bf"], ["overlong-3byte", "e080af"],
  ["overlong-4byte", "f08080af"], ["overlong-nul", "c080"], ["surrogate-high", "eda080"],
  ["surrogate-low", "edbfbf"], ["surrogate-pair", "eda0bdedb880"], ["above-max-f4", "f4908080"],
  ["f5", "f5808080"], ["f8", "f888808080"], ["fc", "fc8480808080"], ["fe", "fe"], ["ff", "ff"],
  ["fffe", "fffe"], ["lead-then-ascii", "c341"], ["3byte-lead-then-ascii", "e28241"],
  ["4byte-lead-then-space", "f09f9820"], ["two-leads", "c3c3"], ["e0-bad-second", "e080"],
  ["ed-bad-second", "eda0"], ["f0-bad-second", "f08f"], ["f4-bad-second", "f490"],
  ["all-high", "c0c1f5f6f7f8f9fafbfcfdfeff"], ["latin1-text", "63616665e9"], ["cp1252-quotes", "93686994"],
  ["bom-then-invalid", "efbbbfff"], ["nul-then-invalid", "00ff"],
];

function invalidUtf8(o, w, rng) {
  const contexts = [
    ["alone", "", ""], ["after-ascii", "abc", ""], ["before-ascii", "", "abc"],
    ["middle", "hello", "world"], ["after-cjk", "日本", ""], ["after-emoji", "🙂", ""],
    ["after-digits", "12345", ""], ["after-punct", "!!", ""], ["between-letters", "ab", "cd"],
    ["after-space-word", "x y", "z"],
  ];
  for (const [kind, hex] of INVALID) {
    for (const [ctx, pre, post] of contexts) {
      const bytes = concatBytes([utf8(pre), fromHex(hex), utf8(post)]);
      w.add(o.encodeBytesCase(`invalid-utf8/${kind} ${ctx}`, bytes));
    }
  }
  // Valid text, invalid bytes, valid text again; and a few with whitespace right before.
  for (const [label, hex] of [
    ["valid-invalid-valid-invalid-valid", "61ff2062fe2063"], ["valid-2byte-then-truncated", "78c3a9c3"],
    ["accented-then-truncated-3byte", "636166c3a9e282"], ["space-before", "68656c6c6f20ff"],
    ["nl-before", "68690aff"], ["spaces-before", "61202020ff"], ["tab-before", "6109ff"],
    ["contraction-before", "6974277380"], ["space-run-extension", "78200a200a0920ff"],
    ["nl-run-extension", "610a0a0a202020ff"],
    ["special-text-before", Buffer.from("<|endoftext|>").toString("hex") + "ff"],
    ["special-text-after", "ff" + Buffer.from("<|endoftext|>").toString("hex")]]) {
    w.add(o.encodeBytesCase(`invalid-utf8/mixed ${label}`, fromHex(hex)));
  }
  // Random valid strings truncated inside a multi-byte character.
  const pool = ["日本語テキスト", "Привет", "😀🙂👍🏽", "ǅemal", "नमस्ते", "한국어", "Ελληνικά", "naïve café", "𝐀𝐁"];
  for (let i = 0; i < 60; i++) {
    const base = utf8(rng.pick(["", "abc", "x ", "12", "ab!"]) + rng.pick(pool));
    const cuts = [];
    for (let k = 1; k < base.length; k++) if (base[k] >= 0x80 && base[k] < 0xc0) cuts.push(k);
    const cut = cuts.length ? rng.pick(cuts) : base.length;
    const tail = rng.chance(0.5) ? utf8(rng.pick(["", "z", "Z", "9", "!", "\u00e9"])) : new Uint8Array(0);
    w.add(o.encodeBytesCase(`invalid-utf8/truncated-char random #${i}`, concatBytes([base.subarray(0, cut), tail])));
  }
  // Random byte soup.
  for (let i = 0; i < 80; i++) {
    const n = rng.range(1, 14);
    const b = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const r = rng.int(10);
      b[k] = r < 4 ? rng.range(0x21, 0x7e) : r < 6 ? rng.range(0x80, 0xbf) : rng.range(0xc0, 0xff);
    }
    w.add(o.encodeBytesCase(`invalid-utf8/random-bytes #${i}`, b));
  }
  // Valid UTF-8 through encode_bytes (must equal encode_ordinary).
  for (const t of ["hello world", "日本語", "", "a\u0301", "🙂 ok"]) {
    w.add(o.encodeBytesCase("encode_bytes/valid", utf8(t)));
  }
}

function specials(o, w) {
  const all = o.specialNames;
  // For o200k_harmony, the named tokens and a sample of <|reserved_N|>.
  const named = all.filter((s) => !/^<\|reserved_\d+\|>$/.test(s));
  const reservedSample = ["<|reserved_200000|>", "<|reserved_200001|>", "<|reserved_200004|>",
    "<|reserved_200009|>", "<|reserved_200013|>", "<|reserved_200018|>", "<|reserved_200500|>",
    "<|reserved_201087|>"].filter((s) => all.includes(s));
  const tested = [...named, ...reservedSample];
  const other = (s) => tested.find((x) => x !== s);

  for (const s of tested) {
    const n = `special/${s}`;
    w.add(o.encodeCase(`${n} allowed-all`, s, "all"));
    w.add(o.encodeCase(`${n} allowed-list`, s, [s]));
    w.add(o.encodeCase(`${n} allowed-all in-text`, "a" + s + "b", "all"));
    w.add(o.encodeCase(`${n} allowed-list in-sentence`, "hello " + s + " world", [s]));
    w.add(o.encodeCase(`${n} allowed-all twice`, s + s + " " + s, "all"));
    w.add(o.encodeCase(`${n} allowed-all glued-to-word`, "abc" + s + "def\n" + s, "all"));
    w.add(o.encodeCase(`${n} default-disallowed error`, "text " + s + " text"));
    w.add(o.encodeCase(`${n} disallowed-empty as-text`, "x" + s + "y", [], []));
    w.add(o.encodeCase(`${n} disallowed-explicit error`, s, [], [s]));
    w.add(o.encodeCase(`${n} allowed-and-disallowed error`, s, [s], [s]));
    w.add(o.encodeCase(`${n} allowed-all disallowed-empty`, " " + s + " ", "all", []));
    w.add(o.encodeOrdinaryCase(`${n} encode_ordinary as-text`, "<" + s + ">" + s));
    w.add(o.encodeCase(`${n} partial not-special`, s.slice(0, -1) + " " + s.slice(1)));
    w.add(o.encodeCase(`${n} upper not-special`, s.toUpperCase()));
    const t = other(s);
    if (t) {
      w.add(o.encodeCase(`${n} allowed-one other-disallowed error`, s + " and " + t, [s]));
      w.add(o.encodeCase(`${n} allowed-one other-ok-explicit`, s + " and " + t, [s], []));
      w.add(o.encodeCase(`${n} disallowed-other-only`, "x" + s + "y", [], [t]));
      w.add(o.encodeCase(`${n} leftmost-error`, "z " + t + " " + s, [], "all"));
      w.add(o.encodeCase(`${n} leftmost-error reversed`, "z " + s + " " + t, [], "all"));
      w.add(o.encodeCase(`${n} both-allowed adjacent`, s + t + s, [s, t]));
    }
  }
  // Special-looking strings of other encodings are ordinary text here.
  for (const s of SPECIAL_LIKE) {
    if (all.includes(s)) continue;
    w.add(o.encodeCase("special/foreign-or-malformed default", "a " + s + " b"));
    w.add(o.encodeCase("special/foreign-or-malformed allowed-all", s, "all"));
  }
  // Many specials at once.
  const mix = tested.slice(0, 6).join(" x ");
  w.add(o.encodeCase("special/many allowed-all", mix, "all"));
  w.add(o.encodeCase("special/many default error", mix));
  w.add(o.encodeCase("special/many disallowed-empty", mix, [], []));
  w.add(o.encodeOrdinaryCase("special/many encode_ordinary", mix));
  // No special text at all: allowed/disallowed make no difference.
  for (const [a, d] of [[[], "all"], ["all", "all"], [[], []], ["all", []], [[all[0]], "all"]]) {
    w.add(o.encodeCase("special/none-present", "plain text, nothing special <| |>", a, d));
  }
}

function decodes(o, w, rng) {
  const ids = o.allIds().filter((id) => !o.isAmbiguousId(id));
  const rankIds = [...o.bytesOf.keys()].sort((a, b) => a - b);
  const specialIds = [...o.specialNamesOf.keys()].filter((id) => !o.isAmbiguousId(id));
  // Tokens whose bytes are not valid UTF-8 on their own (partial characters).
  const partial = rankIds.filter((id) => {
    const b = o.tokenBytes(id);
    try { new TextDecoder("utf-8", { fatal: true }).decode(b); return false; } catch { return true; }
  });
  // Leading-continuation tokens (offsets formula's special case).
  const contLead = partial.filter((id) => { const b = o.tokenBytes(id); return b[0] >= 0x80 && b[0] < 0xc0; });

  for (let start = 0; start < 256; start += 16) {
    w.add(o.decodeCase(`decode/byte-tokens ${start}..${start + 15}`, rankIds.slice(start, start + 16)));
  }
  for (const id of specialIds.slice(0, 40)) w.add(o.decodeCase("decode/special", [id]));
  w.add(o.decodeCase("decode/highest-ranks", rankIds.slice(-8)));
  for (let i = 0; i < 150; i++) {
    const n = rng.range(1, 20);
    const seq = Array.from({ length: n }, () => rng.pick(ids));
    w.add(o.decodeCase(`decode/random #${i}`, seq));
  }
  for (let i = 0; i < 80; i++) {
    const n = rng.range(1, 8);
    const seq = Array.from({ length: n }, () => (rng.chance(0.6) ? rng.pick(partial) : rng.pick(rankIds)));
    w.add(o.decodeCase(`decode/partial-utf8 #${i}`, seq));
  }
  for (let i = 0; i < 30; i++) {
    const n = rng.range(1, 6);
    const seq = Array.from({ length: n }, () => (rng.chance(0.7) ? rng.pick(contLead) : rng.pick(rankIds)));
    w.add(o.decodeCase(`decode/continuation-lead #${i}`, seq));
  }
  // Round trips of multi-byte text split across tokens (valid UTF-8 overall, offsets present).
  for (const t of ["日本語のテキスト", "😀👍🏽🇯🇵", "Ελληνικά κείμενα", "नमस्ते दुनिया", "\u{20000}\u{2A6A5}"]) {
    w.add(o.decodeCase("decode/roundtrip-multibyte", o.encodeOrdinary(t)));
  }
  if (specialIds.length) {
    for (let i = 0; i < 20; i++) {
      const seq = [rng.pick(rankIds), rng.pick(specialIds), rng.pick(partial), rng.pick(specialIds)];
      w.add(o.decodeCase(`decode/special-mixed #${i}`, seq));
    }
  }
}

function longInputs(o, w, rng) {
  w.add(o.encodeOrdinaryCase("long/prose-5k", prose(rng, 5000)));
  w.add(o.encodeOrdinaryCase("long/prose-20k", prose(rng, 20000)));
  w.add(o.encodeOrdinaryCase("long/code-10k", codeText(rng, 10000)));
  w.add(o.encodeOrdinaryCase("long/mixed-6k", mixedText(rng, 6000)));
  w.add(o.encodeCase("long/prose-6k with specials allowed-all",
    prose(rng, 3000) + o.specialNames[0] + prose(rng, 3000), "all"));
  const runs = [
    ["a", 2000], ["a", 20000], ["x", 5000], ["Z", 3000], [" ", 2000], [" ", 20000], ["7", 2000],
    ["7", 9999], ["\n", 3000], ["\t", 5000], ["!", 4000], ["é", 3000], ["日", 2000], ["ab", 2500],
    [" a", 2000], ["\r\n", 2000], ["😀", 1000],
  ];
  for (const [unit, count] of runs) {
    const label = JSON.stringify(unit).slice(1, -1);
    w.add(o.encodeOrdinaryCase(`long/run "${label}" x${count}`, unit.repeat(count)));
  }
  w.add(o.encodeOrdinaryCase("long/space-run-then-word", " ".repeat(5000) + "word"));
  w.add(o.encodeOrdinaryCase("long/word-then-space-run", "word" + " ".repeat(5000)));
  w.add(o.encodeOrdinaryCase("long/digits-then-letters", "1".repeat(3001) + "a".repeat(3000)));
}

function randomMixed(o, w, rng, count) {
  const specialsHere = o.specialNames.filter((s) => !/^<\|reserved_\d+\|>$/.test(s)).concat(SPECIAL_LIKE);
  const allowedChoices = [[], "all", [o.specialNames[0]], o.specialNames.slice(0, 2)];
  for (let i = 0; i < count; i++) {
    const text = randomText(rng, { maxFragments: 14, specials: specialsHere, specialRate: 0.03 });
    if (i % 2 === 0) {
      w.add(o.encodeOrdinaryCase(`random/mixed seed=${SEED_BASE} #${i}`, text));
    } else {
      const allowed = allowedChoices[(i >> 1) % allowedChoices.length];
      const disallowed = (i >> 1) % 5 === 4 ? [] : "all";
      w.add(o.encodeCase(`random/mixed seed=${SEED_BASE} #${i}`, text, allowed, disallowed));
    }
  }
}

// ------------------------------------------------------------------------------------------

function generate(o, outFile) {
  const w = new CaseWriter(outFile);
  const rng = new Rng(SEED_BASE);
  const counts = {};
  const sections = [
    ["basics", () => basics(o, w)],
    ["scripts", () => scripts(o, w)],
    ["whitespace", () => whitespace(o, w, rng)],
    ["digits", () => digits(o, w)],
    ["contractions", () => contractions(o, w)],
    ["emoji", () => emoji(o, w)],
    ["marks-case", () => marksAndCase(o, w)],
    ["punctuation", () => punctuation(o, w)],
    ["code", () => code(o, w)],
    ["invalid-utf8", () => invalidUtf8(o, w, rng)],
    ["specials", () => specials(o, w)],
    ["decode", () => decodes(o, w, rng)],
    ["long", () => longInputs(o, w, rng)],
    ["random", () => randomMixed(o, w, rng, 500)],
  ];
  const timings = {};
  for (const [name, fn] of sections) {
    const before = w.count;
    const t0 = process.hrtime.bigint();
    fn();
    timings[name] = Number(process.hrtime.bigint() - t0) / 1e6;
    counts[name] = w.count - before;
  }
  w.close();
  return { count: w.count, bytes: w.bytes, counts, timings };
}

function main() {
  const args = parseArgs(process.argv.slice(2), {
    options: ["oracle-dir", "out-dir", "encoding"],
    flags: ["self-test", "skip-self-test"],
    defaults: { "out-dir": path.join(repoRoot(), "tests", "golden") },
  });
  const names = args.encoding ? args.encoding.split(",") : ENCODING_NAMES;
  const t0 = Date.now();
  let total = 0;
  for (const name of names) {
    const t1 = Date.now();
    const o = new Oracle(name, args["oracle-dir"]);
    if (o.patternFallback) process.stderr.write(`!!! ${name}: golden vectors use the package's pattern spelling\n`);
    if (args["self-test"]) {
      selfTest(o, { scale: 5, log: (s) => console.log(s) });
      o.free();
      continue;
    }
    if (!args["skip-self-test"]) {
      const s = selfTest(o, { scale: 1 });
      if (s.pattern_spelling_diffs) {
        process.stderr.write(`note: ${name}: ${s.pattern_spelling_diffs} texts tokenize differently ` +
          `with the package's older pattern spelling\n`);
      }
    }
    const out = path.join(args["out-dir"], `${name}.jsonl`);
    const r = generate(o, out);
    o.free();
    total += r.count;
    const secs = ((Date.now() - t1) / 1000).toFixed(1);
    console.log(`${name}: ${r.count} cases, ${(r.bytes / 1024).toFixed(0)} KiB -> ${path.relative(process.cwd(), out)} (${secs} s)`);
    console.log(`  ${Object.entries(r.counts).map(([k, v]) => `${k}=${v}`).join(" ")}`);
    const slow = Object.entries(r.timings).filter(([, ms]) => ms > 500);
    if (slow.length) console.log(`  slow sections: ${slow.map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`).join(", ")}`);
  }
  if (!args["self-test"]) console.log(`total: ${total} cases in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main();

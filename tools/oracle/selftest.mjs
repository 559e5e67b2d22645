// Self-tests of the oracle tooling (run by gen_golden.mjs before it writes anything, and by
// `node tools/oracle/gen_golden.mjs --self-test`):
//
//  1. The JS byte_pair_encode (oracle.mjs, used only for encode_bytes) against the WASM
//     oracle's encode_ordinary on thousands of valid-UTF-8 strings that are one regex piece
//     each (runs of letters without spaces or apostrophes, with an optional leading space;
//     punctuation runs; 1-3 digits). The comparison includes tiktoken's whole-piece lookup
//     (a piece that is itself a token is that token); how often a pure merge would have
//     disagreed with the whole-piece lookup is counted and reported.
//  2. pyDecodeReplace (a transcription of CPython's errors="replace") against WHATWG
//     TextDecoder on random byte strings, and the UTF-8 validator against TextDecoder(fatal).
//  3. encode_bytes reproduction on random invalid byte strings runs its internal checks
//     (stable tokens are a prefix, the cut is consistent with _increase_last_piece_token_len),
//     and on valid UTF-8 equals encode_ordinary.
//  4. tiktoken 0.14's possessive pattern against the package's own older spelling on random
//     texts (differences are counted and reported, not fatal).
//  5. Counts tokens whose own bytes do not merge back into them (informative).
//  6. The rank table parsed in JS against the oracle's decode_single_token_bytes for every
//     rank, and, re-serialised, against the official .tiktoken files' SHA-256.

import crypto from "node:crypto";

import {
  Rng, utf8, toHex, pyDecodeReplace, whatwgDecodeReplace, utf8ValidUpTo, bytePairEncodeKey,
} from "./oracle.mjs";
import { randomText } from "./samples.mjs";

const DATA_SHA256 = {
  r50k_base: ["r50k_base.tiktoken", "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930"],
  gpt2: ["r50k_base.tiktoken", "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930"],
  p50k_base: ["p50k_base.tiktoken", "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069"],
  p50k_edit: ["p50k_base.tiktoken", "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069"],
  cl100k_base: ["cl100k_base.tiktoken", "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"],
  o200k_base: ["o200k_base.tiktoken", "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"],
  o200k_harmony: ["o200k_base.tiktoken", "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"],
};

function rangeChars(lo, hi, skip = []) {
  const out = [];
  for (let c = lo; c <= hi; c++) if (!skip.includes(c)) out.push(String.fromCodePoint(c));
  return out;
}

// Alphabets whose strings are a single regex piece in every built-in pattern: lowercase (Ll)
// or "other" letters (Lo) only, so o200k's case-run alternatives do not split them.
const PIECE_ALPHABETS = [
  ["ascii-lower", rangeChars(0x61, 0x7a)],
  ["ascii-lower-common", "etaoinshrdlucmfwypvbgk".split("")],
  ["latin1-lower", rangeChars(0xe0, 0xff, [0xf7])],
  ["cyrillic-lower", rangeChars(0x430, 0x44f)],
  ["greek-lower", rangeChars(0x3b1, 0x3c9)],
  ["hebrew", rangeChars(0x5d0, 0x5ea)],
  ["arabic", rangeChars(0x627, 0x64a, [0x640])],
  ["thai", rangeChars(0xe01, 0xe2e)],
  ["hiragana", rangeChars(0x3041, 0x3096)],
  ["katakana", rangeChars(0x30a1, 0x30fa)],
  ["cjk", rangeChars(0x4e00, 0x4fff)],
  ["hangul", rangeChars(0xac00, 0xae00)],
  ["punct", "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~".split("")],
];

function pieceSample(rng) {
  const kind = rng.int(10);
  if (kind === 0) {
    const n = rng.range(1, 3);
    let s = "";
    for (let i = 0; i < n; i++) s += String(rng.int(10));
    return s;
  }
  const [name, alpha] = rng.pick(PIECE_ALPHABETS);
  const n = rng.range(1, rng.chance(0.2) ? 60 : 16);
  let s = "";
  for (let i = 0; i < n; i++) s += rng.pick(alpha);
  if (name !== "punct" && rng.chance(0.3)) s = " " + s;
  return s;
}

function check(cond, msg) {
  if (!cond) throw new Error(`self-test failed: ${msg}`);
}

/**
 * Runs the self-tests on one oracle. `scale` multiplies the iteration counts.
 * Returns a summary object (also printed by the callers).
 */
export function selfTest(oracle, { seed = 12345, scale = 1, log = () => {} } = {}) {
  const rng = new Rng(seed);
  const summary = { encoding: oracle.name };

  // 1. JS merge vs oracle on single pieces.
  let pieces = 0;
  let wholeLookupMattered = 0;
  for (let i = 0; i < 4000 * scale; i++) {
    const text = pieceSample(rng);
    const want = oracle.encodeOrdinary(text);
    const bytes = utf8(text);
    const key = Buffer.from(bytes).toString("latin1");
    const merged = bytePairEncodeKey(oracle.rankOf, key);
    const whole = oracle.rankOf.get(key);
    const got = whole !== undefined ? [whole] : merged;
    if (whole !== undefined && (merged.length !== 1 || merged[0] !== whole)) wholeLookupMattered++;
    check(JSON.stringify(got) === JSON.stringify(want),
      `${oracle.name}: JS byte_pair_encode(${JSON.stringify(text)}) = ${got}, oracle ${want}`);
    pieces++;
  }
  summary.merge_pieces_checked = pieces;
  summary.whole_piece_lookup_differs_from_merge = wholeLookupMattered;

  // 2. Decoders.
  let decodes = 0;
  for (let i = 0; i < 3000 * scale; i++) {
    const n = rng.range(0, 10);
    const b = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const r = rng.int(10);
      b[k] = r < 3 ? rng.range(0x20, 0x7e) : r < 6 ? rng.range(0x80, 0xbf)
        : r < 9 ? rng.range(0xc0, 0xf7) : rng.range(0xf8, 0xff);
    }
    check(pyDecodeReplace(b) === whatwgDecodeReplace(b), `decode replace mismatch on ${toHex(b)}`);
    let strictOk = true;
    try { new TextDecoder("utf-8", { fatal: true }).decode(b); } catch { strictOk = false; }
    check(strictOk === (utf8ValidUpTo(b) === b.length), `validator mismatch on ${toHex(b)}`);
    decodes++;
  }
  summary.decoder_cross_checks = decodes;

  // 3. encode_bytes reproduction (internal checks) on invalid byte strings and valid text.
  let eb = 0;
  for (let i = 0; i < 150 * scale; i++) {
    const text = randomText(rng, { maxFragments: 4, specialRate: 0 }).replace(/\s+$/u, "") || "x";
    const bytes = utf8(text);
    const valid = oracle.encodeBytes(bytes);
    check(JSON.stringify(valid.tokens) === JSON.stringify(oracle.encodeOrdinary(text)),
      "encode_bytes on valid UTF-8 != encode_ordinary");
    const cut = bytes.subarray(0, rng.range(0, bytes.length));
    const tail = new Uint8Array(rng.range(1, 3)).map(() => rng.range(0x80, 0xff));
    const bad = new Uint8Array([...cut, ...tail]);
    const r = oracle.encodeBytes(bad);
    const back = oracle.decodeBytes(r.tokens);
    check(toHex(back) === toHex(bad), `encode_bytes does not round-trip on ${toHex(bad)}`);
    eb++;
  }
  summary.encode_bytes_checks = eb;

  // 4. Possessive pattern vs the package's spelling.
  const legacy = oracle.packageSpellingOracle();
  let diffs = 0;
  const examples = [];
  const nTexts = 3000 * scale;
  for (let i = 0; i < nTexts; i++) {
    const text = randomText(rng, { maxFragments: 10, specialRate: 0 });
    const a = oracle.encodeOrdinary(text);
    const b = Array.from(legacy.encode_ordinary(text));
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      diffs++;
      if (examples.length < 5) examples.push(text);
    }
  }
  legacy.free();
  summary.pattern_spelling_texts = nTexts;
  summary.pattern_spelling_diffs = diffs;
  if (examples.length) summary.pattern_spelling_diff_examples = examples;

  // 5. Rank table.
  let ranks = 0;
  for (const [rank, key] of oracle.bytesOf) {
    const b = oracle.enc.decode_single_token_bytes(rank);
    check(Buffer.from(b).toString("latin1") === key, `${oracle.name}: rank ${rank} bytes differ`);
    ranks++;
  }
  check(oracle.enc.token_byte_values().length === oracle.bytesOf.size, "token_byte_values size");
  summary.ranks_checked = ranks;
  // Tokens that the pure merge does not rebuild from their own bytes (only tiktoken's whole-piece
  // lookup yields them). Informative: reported, not fatal.
  let unreachable = 0;
  const unreachableExamples = [];
  for (const [rank, key] of oracle.bytesOf) {
    if (key.length < 2) continue;
    const m = bytePairEncodeKey(oracle.rankOf, key);
    if (m.length !== 1 || m[0] !== rank) {
      unreachable++;
      if (unreachableExamples.length < 5) unreachableExamples.push([rank, m]);
    }
  }
  summary.tokens_not_rebuilt_by_merge = unreachable;
  if (unreachableExamples.length) summary.tokens_not_rebuilt_examples = unreachableExamples;
  // Re-serialised as "<base64> <rank>\n" in rank order, the table must reproduce the official
  // .tiktoken file byte for byte (SHA-256 from DESIGN.md).
  const [file, sha] = DATA_SHA256[oracle.name];
  const lines = [];
  const ids = [...oracle.bytesOf.keys()].sort((x, y) => x - y);
  for (const id of ids) {
    lines.push(`${Buffer.from(oracle.bytesOf.get(id), "latin1").toString("base64")} ${id}\n`);
  }
  const got = crypto.createHash("sha256").update(lines.join("")).digest("hex");
  check(got === sha, `${oracle.name}: ranks re-serialised have sha256 ${got}, want ${sha} (${file})`);
  summary.ranks_sha256 = `ok (${file})`;

  log(JSON.stringify(summary));
  return summary;
}

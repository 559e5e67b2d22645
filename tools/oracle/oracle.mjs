// The reference oracle: npm `tiktoken@1.0.22` (tiktoken's Rust core compiled to WebAssembly),
// built for one of the seven encodings of encodings.mjs, plus the helpers that every case
// generator in this folder shares (UTF-8 handling, Python-compatible decoding and offsets,
// case serialisation, a seeded PRNG).
//
// Where the oracle is called and where it is reproduced
// ----------------------------------------------------
// encode_ordinary, encode (with allowed/disallowed special tokens), decode: the WASM oracle is
// called directly; nothing is computed in JS except the fields Python derives from the bytes
// (decoded string, offsets).
//
// encode_bytes (Python `Encoding._encode_bytes`, Rust `CoreBPE::_encode_bytes`) cannot be sent
// to the oracle, whose methods take JS strings only. It is reproduced from oracle primitives;
// see encodeBytes() below for the exact recipe and the Rust it follows.
//
// Rust semantics relied on (tiktoken src/lib.rs and src/py.rs, 0.9 .. 0.14):
//
//   _encode_bytes(bytes):
//     match from_utf8(bytes) {
//       Ok(text) => encode_ordinary(text),
//       Err(e) => {
//         text = bytes[..e.valid_up_to()]                       // longest valid prefix
//         (tokens, last_piece_token_len) = encode(text, allowed = {})   // specials are text
//         (tokens, last_piece_token_len) = _increase_last_piece_token_len(tokens, last_piece_token_len)
//         if !tokens.is_empty() && last_piece_token_len > 0 {
//           unstable = decode_bytes(tokens[len - last_piece_token_len..]) ++ bytes[valid_up_to..]
//           tokens.truncate(len - last_piece_token_len)
//         } else { unstable = bytes[valid_up_to..] }
//         if !unstable.is_empty() {
//           match encoder.get(unstable) { Some(t) => tokens.push(t),
//                                          None => tokens.extend(byte_pair_encode(unstable)) }
//         }
//       }
//     }
//   (Older tiktoken dropped the invalid tail when the valid prefix was empty; 0.14 does not.)
//
//   _increase_last_piece_token_len(tokens, n): if n > 0 and the first token of the last piece is
//     "all space" (every byte in {' ', '\n', '\t'}), extend n backwards over the preceding
//     tokens while they are all space too.
//
//   _encode_unstable_native(text, allowed): (tokens, n) = encode(text, allowed); if n == 0
//     return (tokens, {}) (last token was special); apply _increase_last_piece_token_len,
//     truncate the last n tokens, return (stable tokens, set of completions). The WASM
//     `encode_with_unstable(text, allowed, disallowed)` returns exactly that pair as a JS array
//     [stableTokens, completions], where completions is an array of token arrays (it can hold
//     100,000+ entries for text ending in spaces, which makes the call take ~1 s).
//
//   byte_pair_encode(piece): a 1-byte piece is its rank; otherwise start from single bytes and
//     repeatedly merge the adjacent pair whose concatenation has the lowest rank (leftmost on
//     ties) until no adjacent pair is in the table; each final part is looked up. (tiktoken's
//     O(n*m) `_byte_pair_merge` and its heap-based variant for long pieces give the same result.)
//
// Python semantics relied on (tiktoken/core.py):
//   encode(): allowed "all" -> all specials; disallowed "all" -> all specials minus allowed; if
//     disallowed is non-empty and the regex alternation of the escaped disallowed strings finds a
//     match in the text (leftmost), raise ValueError naming match.group(). The WASM does the same
//     check and throws Error("The text contains a special token that is not allowed: <tok>").
//   decode(): bytes.decode("utf-8", errors="replace").
//   decode_with_offsets(): for each token's bytes t: offsets.append(max(0, text_len -
//     (0x80 <= t[0] < 0xC0))); text_len += number of bytes of t not in 0x80..0xBF; then
//     b"".join(...).decode("utf-8", errors="strict"), which raises on invalid UTF-8.

import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { ENCODINGS, ENCODING_NAMES } from "./encodings.mjs";

export const ORACLE_PACKAGE = "tiktoken";
export const ORACLE_VERSION = "1.0.22";

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The repository root (this file lives in <repo>/tools/oracle/). */
export function repoRoot() {
  return path.resolve(HERE, "..", "..");
}

/** Where the oracle package is installed: explicit dir, else $AIRTOK_ORACLE_DIR, else <repo>/build/oracle. */
export function oracleDir(explicit) {
  if (explicit) return path.resolve(explicit);
  if (process.env.AIRTOK_ORACLE_DIR) return path.resolve(process.env.AIRTOK_ORACLE_DIR);
  return path.join(repoRoot(), "build", "oracle");
}

const packageCache = new Map();

/** Loads the npm package from <dir>/node_modules/tiktoken, checking its version. */
export function loadPackage(dir) {
  const root = oracleDir(dir);
  if (packageCache.has(root)) return packageCache.get(root);
  const pkgDir = path.join(root, "node_modules", ORACLE_PACKAGE);
  const pkgJson = path.join(pkgDir, "package.json");
  if (!fs.existsSync(pkgJson)) {
    throw new Error(
      `oracle package not found in ${pkgDir}; run tools/oracle/setup.sh ${root}`);
  }
  const version = JSON.parse(fs.readFileSync(pkgJson, "utf8")).version;
  if (version !== ORACLE_VERSION) {
    throw new Error(
      `oracle package in ${pkgDir} is ${ORACLE_PACKAGE}@${version}, want ${ORACLE_VERSION}; ` +
      `run tools/oracle/setup.sh ${root}`);
  }
  const req = createRequire(pkgJson);
  const mod = {
    dir: pkgDir,
    Tiktoken: req("./tiktoken.cjs").Tiktoken,
    encoder(file) {
      return req(`./encoders/${file}.json`);
    },
  };
  packageCache.set(root, mod);
  return mod;
}

// ---------------------------------------------------------------------------------------------
// Byte and UTF-8 helpers
// ---------------------------------------------------------------------------------------------

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function toHex(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}

export function fromHex(hex) {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
}

const textEncoder = new TextEncoder();
const lenientDecoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function utf8(text) {
  return textEncoder.encode(text);
}

export function concatBytes(parts) {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// Length of the well-formed UTF-8 sequence that starts at bytes[i], or, when it is ill-formed,
// -(length of its maximal subpart) (at least 1): the bytes that Python's and WHATWG's decoders
// replace by a single U+FFFD. Ranges per Unicode Table 3-7 (what Rust's from_utf8 accepts).
function utf8SeqAt(bytes, i) {
  const b0 = bytes[i];
  if (b0 < 0x80) return 1;
  let need, lo, hi;
  if (b0 >= 0xc2 && b0 <= 0xdf) { need = 1; lo = 0x80; hi = 0xbf; }
  else if (b0 === 0xe0) { need = 2; lo = 0xa0; hi = 0xbf; }
  else if ((b0 >= 0xe1 && b0 <= 0xec) || b0 === 0xee || b0 === 0xef) { need = 2; lo = 0x80; hi = 0xbf; }
  else if (b0 === 0xed) { need = 2; lo = 0x80; hi = 0x9f; }
  else if (b0 === 0xf0) { need = 3; lo = 0x90; hi = 0xbf; }
  else if (b0 >= 0xf1 && b0 <= 0xf3) { need = 3; lo = 0x80; hi = 0xbf; }
  else if (b0 === 0xf4) { need = 3; lo = 0x80; hi = 0x8f; }
  else return -1; // 80..C1, F5..FF: never a lead byte
  for (let k = 1; k <= need; k++) {
    const b = bytes[i + k];
    const okLo = k === 1 ? lo : 0x80;
    const okHi = k === 1 ? hi : 0xbf;
    if (b === undefined || b < okLo || b > okHi) return -k;
  }
  return need + 1;
}

/** Rust's `Utf8Error::valid_up_to()`: length of the longest valid UTF-8 prefix. */
export function utf8ValidUpTo(bytes) {
  let i = 0;
  while (i < bytes.length) {
    const n = utf8SeqAt(bytes, i);
    if (n < 0) return i;
    i += n;
  }
  return i;
}

export function isValidUtf8(bytes) {
  return utf8ValidUpTo(bytes) === bytes.length;
}

/** bytes.decode("utf-8", errors="replace") as CPython does it (maximal subparts -> U+FFFD). */
export function pyDecodeReplace(bytes) {
  let out = "";
  let i = 0;
  let runStart = 0;
  while (i < bytes.length) {
    const n = utf8SeqAt(bytes, i);
    if (n > 0) { i += n; continue; }
    if (runStart < i) out += strictDecoder.decode(bytes.subarray(runStart, i));
    out += "\uFFFD";
    i += -n;
    runStart = i;
  }
  if (runStart < bytes.length) out += strictDecoder.decode(bytes.subarray(runStart));
  return out;
}

/** WHATWG non-fatal decoding (the brief's suggested way; cross-checked with pyDecodeReplace). */
export function whatwgDecodeReplace(bytes) {
  return lenientDecoder.decode(bytes);
}

/** Python's decode_with_offsets offsets for a list of per-token byte strings. */
export function pyOffsets(tokenBytesList) {
  let textLen = 0;
  const offsets = [];
  for (const t of tokenBytesList) {
    const cont = t.length > 0 && t[0] >= 0x80 && t[0] < 0xc0 ? 1 : 0;
    offsets.push(Math.max(0, textLen - cont));
    for (let i = 0; i < t.length; i++) if (!(t[i] >= 0x80 && t[i] < 0xc0)) textLen++;
  }
  return offsets;
}

// Binary ("latin1") strings are used as map keys for byte strings: one char per byte.
function bytesKey(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
}

function keyBytes(key) {
  return new Uint8Array(Buffer.from(key, "latin1"));
}

// ---------------------------------------------------------------------------------------------
// Rank table (parsed here from the same string the WASM constructor receives)
// ---------------------------------------------------------------------------------------------

/**
 * Parses the package's `bpe_ranks` string. Two forms exist: the compressed one of the package's
 * encoders/*.json (lines "! <offset> <b64> <b64> ...", the i-th token having rank offset+i) and
 * the plain .tiktoken form (lines "<b64> <rank>"). Returns {rankOf: Map(key -> rank),
 * bytesOf: Map(rank -> key)} with latin1 keys.
 */
export function parseRanks(bpeRanks) {
  const rankOf = new Map();
  const bytesOf = new Map();
  const add = (b64, rank) => {
    const key = Buffer.from(b64, "base64").toString("latin1");
    rankOf.set(key, rank);
    bytesOf.set(rank, key);
  };
  for (const line of bpeRanks.split("\n")) {
    if (line === "") continue;
    const parts = line.split(" ");
    if (parts[0] === "!") {
      const offset = Number(parts[1]);
      for (let i = 2; i < parts.length; i++) add(parts[i], offset + i - 2);
    } else {
      add(parts[0], Number(parts[1]));
    }
  }
  return { rankOf, bytesOf };
}

/**
 * JS transcription of tiktoken's byte_pair_encode over a rank map (latin1 keys): parts start
 * as single bytes; repeatedly merge the adjacent pair whose concatenated bytes have the lowest
 * rank, the leftmost one on ties, until no adjacent pair is a token. Returns the ranks of the
 * final parts. `piece` is a latin1 key string.
 */
export function bytePairEncodeKey(rankOf, piece) {
  const n = piece.length;
  if (n === 0) return [];
  if (n === 1) return [rankOf.get(piece)];
  const INF = Number.MAX_SAFE_INTEGER;
  // bounds[k] is where part k starts; bounds[parts] === n.
  const bounds = [];
  for (let i = 0; i <= n; i++) bounds.push(i);
  const pairRank = (k) =>
    k + 2 < bounds.length ? (rankOf.get(piece.slice(bounds[k], bounds[k + 2])) ?? INF) : INF;
  const pr = [];
  for (let k = 0; k + 2 < bounds.length; k++) pr.push(pairRank(k));
  for (;;) {
    let best = INF;
    let at = -1;
    for (let k = 0; k < pr.length; k++) {
      if (pr[k] < best) { best = pr[k]; at = k; }
    }
    if (at < 0) break;
    bounds.splice(at + 1, 1); // parts `at` and `at+1` become one
    pr.splice(at, 1);
    if (at < pr.length) pr[at] = pairRank(at);
    if (at > 0) pr[at - 1] = pairRank(at - 1);
  }
  const out = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const r = rankOf.get(piece.slice(bounds[k], bounds[k + 1]));
    if (r === undefined) throw new Error("byte_pair_encode: a final part is not a token");
    out.push(r);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The oracle
// ---------------------------------------------------------------------------------------------

const DISALLOWED_PREFIX = "The text contains a special token that is not allowed: ";

// Fixed probe texts used to check at start-up that the possessive pattern was accepted and
// behaves like the package's own spelling.
const PROBE_TEXTS = [
  "Hello, world! It's 12345 o'clock\n\n  \tdon'T WE'LL  \r\n x",
  "  leading and trailing spaces   ",
  "foo\n\n\nbar   \n  baz/qux//\n",
  "ǅemal ΑΒΓ αβγ Привет мир 你好 🙂👍🏽 123456789",
];

export class Oracle {
  /**
   * @param {string} name encoding name (encodings.mjs)
   * @param {string} [dir] oracle install dir (see oracleDir)
   * @param {{quiet?: boolean}} [opts]
   */
  constructor(name, dir, opts = {}) {
    const def = ENCODINGS[name];
    if (!def) throw new Error(`unknown encoding ${name}; known: ${ENCODING_NAMES.join(", ")}`);
    this.name = name;
    this.n_vocab = def.n_vocab;
    this.specials = { ...def.specials };
    this.specialNames = Object.keys(this.specials);
    this.pkg = loadPackage(dir);
    const data = this.pkg.encoder(def.ranksFile);
    this.packagePattern = data.pat_str;
    const { rankOf, bytesOf } = parseRanks(data.bpe_ranks);
    this.rankOf = rankOf;
    this.bytesOf = bytesOf;

    // Ids -> special names (more than one name for an id happens in o200k_harmony: 200018).
    this.specialNamesOf = new Map();
    for (const [s, id] of Object.entries(this.specials)) {
      if (!this.specialNamesOf.has(id)) this.specialNamesOf.set(id, []);
      this.specialNamesOf.get(id).push(s);
    }

    let maxId = -1;
    for (const id of this.bytesOf.keys()) maxId = Math.max(maxId, id);
    for (const id of this.specialNamesOf.keys()) maxId = Math.max(maxId, id);
    if (maxId + 1 !== this.n_vocab) {
      throw new Error(`${name}: max token id ${maxId} does not match n_vocab ${this.n_vocab}`);
    }

    // Build with tiktoken 0.14's pattern; fall back to the package's spelling if the WASM
    // rejects it (a rejected pattern makes the constructor panic: "RuntimeError: unreachable").
    this.pattern = def.pat;
    this.patternFallback = false;
    try {
      this.enc = new this.pkg.Tiktoken(data.bpe_ranks, this.specials, def.pat);
      this.enc.encode_ordinary(PROBE_TEXTS[0]);
    } catch (e) {
      // LOUD: this would mean the golden vectors come from the package's older pattern spelling.
      process.stderr.write(
        `\n!!! WARNING: the WASM oracle rejected tiktoken 0.14's pattern for ${name} (${e}).\n` +
        `!!! Falling back to the npm package's own spelling: ${data.pat_str}\n\n`);
      this.pattern = data.pat_str;
      this.patternFallback = true;
      this.enc = new this.pkg.Tiktoken(data.bpe_ranks, this.specials, data.pat_str);
    }
    this.data = data;
  }

  /** An oracle instance built with the package's own (older) pattern spelling, for comparisons. */
  packageSpellingOracle() {
    return new this.pkg.Tiktoken(this.data.bpe_ranks, this.specials, this.packagePattern);
  }

  free() {
    if (this.enc) {
      try { this.enc.free(); } catch { /* a wasm-bindgen borrow flag left set by a panic */ }
      this.enc = null;
    }
  }

  // --- direct oracle calls ---------------------------------------------------------------

  encodeOrdinary(text) {
    return Array.from(this.enc.encode_ordinary(text));
  }

  /**
   * Python `encode(text, allowed_special=allowed, disallowed_special=disallowed)`.
   * allowed/disallowed: "all" or an array of strings. Returns {tokens} or {error: {type, token}}.
   */
  encode(text, allowed = [], disallowed = "all") {
    const expected = this.leftmostDisallowed(text, allowed, disallowed);
    // The WASM compiles a regex of all disallowed strings on every call, which costs ~5 ms
    // with o200k_harmony's 1091 specials. Passing only the disallowed strings that occur in the
    // text (exact substring search) gives the same result, and the oracle still decides which
    // one it reports.
    const present = this.disallowedList(allowed, disallowed).filter((s) => s !== "" && text.includes(s));
    let tokens;
    try {
      tokens = Array.from(this.enc.encode(text, allowed, present));
    } catch (e) {
      const msg = String(e && e.message);
      if (!msg.startsWith(DISALLOWED_PREFIX)) throw e;
      const token = msg.slice(DISALLOWED_PREFIX.length);
      if (token !== expected) {
        throw new Error(`oracle names disallowed ${token}, Python semantics give ${expected}`);
      }
      return { error: { type: "disallowed_special", token } };
    }
    if (expected !== null) throw new Error(`oracle did not raise for disallowed ${expected}`);
    return { tokens };
  }

  /** Python: disallowed "all" means every special token not allowed. */
  disallowedList(allowed, disallowed) {
    if (disallowed !== "all") return disallowed;
    const allowedSet = allowed === "all" ? new Set(this.specialNames) : new Set(allowed);
    return this.specialNames.filter((s) => !allowedSet.has(s));
  }

  /** What Python's disallowed-special check reports (leftmost match), or null. */
  leftmostDisallowed(text, allowed, disallowed) {
    let best = null;
    let bestAt = Infinity;
    for (const s of this.disallowedList(allowed, disallowed)) {
      if (s === "") continue;
      const at = text.indexOf(s);
      if (at >= 0 && (at < bestAt || (at === bestAt && s.length > best.length))) {
        best = s;
        bestAt = at;
      }
    }
    return best;
  }

  /** Oracle decode (raw bytes). Every id must be a valid token: unknown ids panic the WASM. */
  decodeBytes(ids) {
    for (const id of ids) {
      if (!this.isValidId(id)) throw new Error(`decodeBytes: ${id} is not a token of ${this.name}`);
    }
    return this.enc.decode(Uint32Array.from(ids));
  }

  /** [stable tokens, number of completions] from the oracle's encode_with_unstable. */
  encodeWithUnstable(text, allowed = [], disallowed = []) {
    const [stable, completions] = this.enc.encode_with_unstable(text, allowed, disallowed);
    return [Array.from(stable), completions.length];
  }

  // --- table lookups ---------------------------------------------------------------------

  isValidId(id) {
    return this.bytesOf.has(id) || this.specialNamesOf.has(id);
  }

  /** The bytes of one token (a special token's first-listed name for shared ids). */
  tokenBytes(id) {
    const key = this.bytesOf.get(id);
    if (key !== undefined) return keyBytes(key);
    const names = this.specialNamesOf.get(id);
    if (names) return utf8(names[0]);
    throw new Error(`tokenBytes: ${id} is not a token of ${this.name}`);
  }

  /** True when a token id has more than one special-token name (decode is then ambiguous). */
  isAmbiguousId(id) {
    const names = this.specialNamesOf.get(id);
    return names !== undefined && names.length > 1;
  }

  allIds() {
    const ids = [...this.bytesOf.keys(), ...this.specialNamesOf.keys()];
    ids.sort((a, b) => a - b);
    return ids;
  }

  /** JS byte_pair_encode (tiktoken semantics) over this encoding's ranks. */
  bytePairEncode(bytes) {
    return bytePairEncodeKey(this.rankOf, bytesKey(bytes));
  }

  // --- encode_bytes, reproduced ----------------------------------------------------------

  /**
   * tiktoken's `_encode_bytes(bytes)`, reproduced from oracle primitives:
   *   1. valid UTF-8 -> oracle encode_ordinary.
   *   2. else split at valid_up_to; prefix = the valid part (a JS string);
   *      stable = oracle encode_with_unstable(prefix, allowed=[], disallowed=[])[0], which is
   *      encode(prefix) truncated by _increase_last_piece_token_len exactly as _encode_bytes
   *      truncates (checked: stable must be a prefix of encode_ordinary(prefix) and the cut
   *      must be consistent with the all-space extension rule);
   *      unstable = decode(encode_ordinary(prefix)[stable.length..]) ++ bytes[valid_up_to..];
   *   3. tokens = stable ++ (unstable is a token ? [its rank] : JS byte_pair_encode(unstable)).
   * Returns {tokens, validUpTo, stableLen, unstableHex}.
   */
  encodeBytes(bytes) {
    const v = utf8ValidUpTo(bytes);
    if (v === bytes.length) {
      return { tokens: this.encodeOrdinary(strictDecoder.decode(bytes)), validUpTo: v };
    }
    const prefix = strictDecoder.decode(bytes.subarray(0, v));
    const full = this.encodeOrdinary(prefix);
    const [stable] = this.encodeWithUnstable(prefix, [], []);
    for (let i = 0; i < stable.length; i++) {
      if (stable[i] !== full[i]) throw new Error("encode_with_unstable: stable is not a prefix");
    }
    if (stable.length > full.length || (full.length > 0 && stable.length === full.length)) {
      throw new Error("encode_with_unstable: no last piece was cut off");
    }
    const cut = stable.length;
    if (cut > 0 && this.isAllSpaceToken(full[cut]) && this.isAllSpaceToken(full[cut - 1])) {
      throw new Error("encode_with_unstable: cut inside a run of all-space tokens");
    }
    const tail = full.slice(cut);
    const unstable = concatBytes([
      tail.length ? this.decodeBytes(tail) : new Uint8Array(0),
      bytes.subarray(v),
    ]);
    const tokens = stable.slice();
    const whole = this.rankOf.get(bytesKey(unstable));
    if (whole !== undefined) tokens.push(whole);
    else tokens.push(...this.bytePairEncode(unstable));
    return { tokens, validUpTo: v, stableLen: cut, unstableHex: toHex(unstable) };
  }

  isAllSpaceToken(id) {
    const key = this.bytesOf.get(id);
    if (key === undefined) return false;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x09) return false;
    }
    return true;
  }

  // --- case construction -------------------------------------------------------------------

  /** Fields derived from a token list: bytes_hex, decoded, offsets | offsets_error. */
  decodeFields(tokens) {
    if (tokens.some((t) => this.isAmbiguousId(t))) {
      // See README.md: which name decodes is not determined by the oracle.
      return { decode_ambiguous: true };
    }
    const bytes = this.decodeBytes(tokens);
    const per = tokens.map((t) => this.tokenBytes(t));
    const joined = concatBytes(per);
    if (toHex(joined) !== toHex(bytes)) throw new Error("oracle decode != per-token bytes");
    const out = { bytes_hex: toHex(bytes), decoded: pyDecodeReplace(bytes) };
    if (isValidUtf8(bytes)) out.offsets = pyOffsets(per);
    else out.offsets_error = true;
    return out;
  }

  encodeOrdinaryCase(name, text, { withDecode = true } = {}) {
    const tokens = this.encodeOrdinary(text);
    const c = { case: name, op: "encode_ordinary", text, tokens };
    return withDecode ? { ...c, ...this.decodeFields(tokens) } : c;
  }

  encodeCase(name, text, allowed = [], disallowed = "all") {
    const r = this.encode(text, allowed, disallowed);
    const c = { case: name, op: "encode", text, allowed, disallowed };
    if (r.error) return { ...c, error: r.error };
    return { ...c, tokens: r.tokens, ...this.decodeFields(r.tokens) };
  }

  encodeBytesCase(name, bytes) {
    const r = this.encodeBytes(bytes);
    const c = { case: name, op: "encode_bytes" };
    if (isValidUtf8(bytes)) c.text = strictDecoder.decode(bytes);
    else c.hex = toHex(bytes);
    c.tokens = r.tokens;
    return { ...c, ...this.decodeFields(r.tokens) };
  }

  decodeCase(name, ids) {
    return { case: name, op: "decode", tokens_in: ids, ...this.decodeFields(ids) };
  }
}

export function loadOracle(name, dir, opts) {
  return new Oracle(name, dir, opts);
}

// ---------------------------------------------------------------------------------------------
// Case files
// ---------------------------------------------------------------------------------------------

/** Serialises one case as one JSON line (key order as constructed). */
export function caseLine(c) {
  return JSON.stringify(c);
}

/** Collects cases and writes them as JSON Lines. */
export class CaseWriter {
  constructor(file) {
    this.file = file;
    this.lines = [];
    this.bytes = 0;
  }

  add(c) {
    const line = caseLine(c);
    this.lines.push(line);
    this.bytes += Buffer.byteLength(line) + 1;
  }

  get count() {
    return this.lines.length;
  }

  close() {
    if (this.file === "-") {
      process.stdout.write(this.lines.join("\n") + (this.lines.length ? "\n" : ""));
      return;
    }
    fs.mkdirSync(path.dirname(path.resolve(this.file)), { recursive: true });
    fs.writeFileSync(this.file, this.lines.join("\n") + (this.lines.length ? "\n" : ""));
  }
}

/** A streaming variant for very large outputs (codepoints.mjs). */
export class StreamingCaseWriter {
  constructor(file) {
    this.file = file;
    this.fd = file === "-" ? 1 : fs.openSync(file, "w");
    this.buf = [];
    this.pending = 0;
    this.count = 0;
    this.bytes = 0;
  }

  add(c) {
    const line = caseLine(c) + "\n";
    this.buf.push(line);
    this.pending += line.length;
    this.count++;
    if (this.pending > 1 << 20) this.flush();
  }

  flush() {
    if (!this.buf.length) return;
    const data = Buffer.from(this.buf.join(""));
    this.bytes += data.length;
    let off = 0;
    while (off < data.length) off += fs.writeSync(this.fd, data, off);
    this.buf = [];
    this.pending = 0;
  }

  close() {
    this.flush();
    if (this.fd !== 1) fs.closeSync(this.fd);
  }
}

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (sfc32 seeded through splitmix32); never Math.random.
// ---------------------------------------------------------------------------------------------

export class Rng {
  constructor(seed) {
    let s = (Number(seed) >>> 0) ^ 0x9e3779b9;
    const mix = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32() {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform integer in [0, n). */
  int(n) {
    return Math.floor((this.u32() / 4294967296) * n);
  }

  /** Uniform integer in [lo, hi]. */
  range(lo, hi) {
    return lo + this.int(hi - lo + 1);
  }

  pick(arr) {
    return arr[this.int(arr.length)];
  }

  chance(p) {
    return this.u32() / 4294967296 < p;
  }
}

/** Tiny argv parser: --key value and --flag. */
export function parseArgs(argv, spec) {
  const out = { ...spec.defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    const key = a.slice(2);
    if (spec.flags && spec.flags.includes(key)) { out[key] = true; continue; }
    if (!spec.options || !spec.options.includes(key)) throw new Error(`unknown option ${a}`);
    if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
    out[key] = argv[++i];
  }
  return out;
}

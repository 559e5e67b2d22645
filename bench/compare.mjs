#!/usr/bin/env node
// bench/compare.mjs — the side-by-side comparison of airtok with tiktoken's npm builds.
//
//   node bench/compare.mjs [--build-dir DIR] [--write-doc docs/performance.md] [options]
//
// In one run it:
//   1. builds airtok_compare_driver and airtok_startup (Release) in the build dir, and installs
//      the references into <build dir>/bench-npm (npm, --no-save, no lock file):
//        - tiktoken@1.0.22: tiktoken's Rust core compiled to WebAssembly ("WASM"). It is built
//          as tools/oracle/oracle.mjs builds the project's reference oracle: the package's rank
//          data with tiktoken 0.14's patterns;
//        - tiktoken-rs-node-linux-x64-gnu@1.0.6: a native Node addon ("native") that wraps the
//          Rust crate tiktoken-rs 0.6 (a vendored copy of tiktoken's core with fancy-regex
//          0.13). Its API is getEncoding(name) -> {encode(string) -> Uint32Array, decode};
//          encode is tiktoken's encode_with_special_tokens (every special token allowed),
//          which equals encode_ordinary on text without special-token strings;
//      It also builds a second driver with AIRTOK_THREAD_CACHES=OFF in <build dir>/cold: the
//      speed of text seen for the first time, with no piece cache or pair memo to hit;
//   2. builds the corpora with bench/make_corpus.sh from files Debian ships: three that do not
//      repeat (English prose, source code in several languages, multilingual prose in many
//      scripts, 8 MB each), which lead the report, and the three repetitive ones of earlier
//      rounds (licence texts, libstdc++'s headers, translated man pages), labelled as such;
//      bench/corpus/seen_share.py says how much of each lies in pieces seen before. And the
//      worst-case inputs (one letter, spaces, digits, random base64, one emoji: 1 MB each, and
//      8 MB for airtok);
//   3. checks exactness before any timing: every encoder's ids on every corpus are compared with
//      the WASM reference's; an airtok mismatch (caches on or off) stops the script (exit 1), a reference's
//      mismatch is reported and marked in the table;
//   4. times encode_ordinary single-threaded, best of rounds x repeat, rounds interleaved
//      between the encoders so that a change in machine load hits all of them alike; airtok's
//      count_ordinary too;
//   5. the worst cases: airtok at 1 MB and 8 MB; each reference in a child process that is
//      killed after --timeout seconds of encoding (reported as "> N s"); a crash is reported
//      as such ("aborts (SIGSEGV)"); the ids of references that finish are checked too;
//   6. the thread ladder: encode_ordinary_batch on 1 and 2 threads, corpora cut into documents;
//   7. start-up: airtok's first get_encoding in a fresh process (bench/startup.cpp) against
//      the references' load time in a fresh Node process (median of --startup-runs).
// It prints Markdown tables and, with --write-doc FILE, replaces the part of FILE between
// "<!-- BEGIN compare.mjs -->" and "<!-- END compare.mjs -->" with them. Raw results go to
// <build dir>/compare/results.json.
//
// Times: wall time and CPU time, each the best of its runs. CPU time is the encoding thread's
// own (CLOCK_THREAD_CPUTIME_ID in the driver; for Node, the main thread's schedstat, which
// leaves out V8's helper threads, so it can only flatter the references); MB/s and ratios in
// the main table use CPU time, which is steadier on a shared machine, and the wall-time table
// follows it. MB = 10^6 bytes.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { installReferences, NATIVE_PKG, requireFrom, WASM_PKG } from "./references.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..");
const SELF = fileURLToPath(import.meta.url);

// The corpora of bench/make_corpus.sh. The unique ones (no paragraph or file kept twice) come
// first: text seen once is what people tokenize, and what the per-thread caches cannot help
// with. The repetitive ones (licence texts, libstdc++'s headers, translated man pages) follow,
// labelled as such.
const UNIQUE = ["english-unique", "code-unique", "multilingual-unique"];
const REPETITIVE = ["english", "code", "multilingual"];
const CORPORA = [...UNIQUE, ...REPETITIVE];
const CORPUS_LABEL = {
  "english-unique": "English prose, unique", "code-unique": "source code, unique",
  "multilingual-unique": "multilingual prose, unique", english: "English, repetitive",
  code: "C++ headers, repetitive", multilingual: "man pages, repetitive",
};
// The encoders compared with airtok: tiktoken's native core and its WASM build, as users call
// them (getEncoding / get_encoding). "oracle" is the exactness reference: the same WASM core
// built with tiktoken 0.14's patterns (tools/oracle); it is timed too, since on cl100k_base the
// pattern spelling alone changes the WASM's speed.
const REFERENCES = ["native", "wasm"];
const WORST_CASES = ["letter", "spaces", "digits", "base64", "emoji"];
const MB = 1e6;
// Targets, airtok ÷ native, single thread, CPU time, per encoding and corpus: issue 11's on the
// unique corpora (with the caches off, at least COLD_SHARE of them), issue 4's on the repetitive.
const TARGETS = {
  cl100k_base: { "english-unique": 16, "code-unique": 35, "multilingual-unique": 15,
    english: 13, code: 21, multilingual: 10 },
  o200k_base: { "english-unique": 15, "code-unique": 25, "multilingual-unique": 12,
    english: 8, code: 15, multilingual: 7 },
};
const COLD_SHARE = 0.7;
const DOC_BEGIN = "<!-- BEGIN compare.mjs -->";
const DOC_END = "<!-- END compare.mjs -->";

// =============================================================================================
// Child processes: one reference encoder per process (also what makes a crash survivable)
// =============================================================================================

/**
 * CPU time of this process, all threads, in seconds (getrusage: precise, unlike the main
 * thread's /proc schedstat, which only moves at scheduler ticks). Node's helper threads add
 * little to it while the main thread is inside one synchronous encode call: measured on the
 * 4 MB corpora, within 1% of the main thread's own time after the first run.
 */
function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function wallSeconds() {
  return Number(process.hrtime.bigint()) / 1e9;
}

/** Loads one reference encoder; returns {encode(text) -> Uint32Array, loadMs}. */
async function loadReference(impl, encoding, npmDir) {
  const t0 = wallSeconds();
  let encode;
  if (impl === "oracle") {
    const { Oracle } = await import(path.join(REPO, "tools", "oracle", "oracle.mjs"));
    const oracle = new Oracle(encoding, npmDir);
    if (oracle.patternFallback) throw new Error("the WASM rejected tiktoken 0.14's pattern");
    encode = (text) => oracle.enc.encode_ordinary(text);
  } else if (impl === "wasm") {
    const req = requireFrom(npmDir, WASM_PKG);
    const enc = req("./tiktoken.cjs").get_encoding(encoding);
    encode = (text) => enc.encode_ordinary(text);
  } else if (impl === "native") {
    const req = requireFrom(npmDir, NATIVE_PKG);
    const enc = req("./tiktoken-rs-node.linux-x64-gnu.node").getEncoding(encoding);
    encode = (text) => enc.encode(text);
  } else {
    throw new Error(`unknown reference ${impl}`);
  }
  return { encode, loadMs: (wallSeconds() - t0) * 1e3 };
}

/**
 * Child mode. spec: {impl, encoding, npmDir, files, repeat, idsDir?, stopAfterS?}. Prints
 * {"ready": ...} once loaded, then one JSON line per file. Every run is timed; the first run's
 * ids are written to idsDir/<file name>.u32. Runs stop early once one took over stopAfterS.
 */
async function childMain(spec) {
  const ref = await loadReference(spec.impl, spec.encoding, spec.npmDir);
  process.stdout.write(JSON.stringify({ ready: true, load_ms: ref.loadMs }) + "\n");
  for (const file of spec.files) {
    const text = fs.readFileSync(file, "utf8");
    const best = { wall_s: Infinity, cpu_s: Infinity };
    let runs = 0;
    let tokens = 0;
    for (let i = 0; i < spec.repeat; i++) {
      const c0 = cpuSeconds();
      const w0 = wallSeconds();
      const ids = ref.encode(text);
      const wall = wallSeconds() - w0;
      const cpu = cpuSeconds() - c0;
      best.wall_s = Math.min(best.wall_s, wall);
      best.cpu_s = Math.min(best.cpu_s, cpu);
      runs++;
      tokens = ids.length;
      if (i === 0 && spec.idsDir) {
        const out = path.join(spec.idsDir, path.basename(file) + ".u32");
        fs.writeFileSync(out, Buffer.from(Uint32Array.from(ids).buffer));
      }
      if (spec.stopAfterS && wall > spec.stopAfterS) break;
    }
    const bytes = fs.statSync(file).size;
    process.stdout.write(
      JSON.stringify({ file, bytes, tokens, encode: { runs, ...best } }) + "\n");
  }
}

/** Child mode "load": the time of a reference's first load in a fresh process. */
async function childLoadMain(spec) {
  const t0 = wallSeconds();
  const ref = await loadReference(spec.impl, spec.encoding, spec.npmDir);
  const t1 = wallSeconds();
  ref.encode("hello world");
  const t2 = wallSeconds();
  process.stdout.write(JSON.stringify({
    load_ms: ref.loadMs, total_ms: (t1 - t0) * 1e3, first_encode_ms: (t2 - t1) * 1e3,
    rss_mb: process.memoryUsage().rss / 2 ** 20,
  }) + "\n");
}

/**
 * Runs this script as a child with `spec`. With timeoutS, the child is killed (SIGKILL) once it
 * has been encoding (since its "ready" line) for that long. Resolves to
 * {rows, ready, code, signal, timedOut, stderr, wallS}.
 */
function runChild(mode, spec, timeoutS = 0) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SELF, `--${mode}`, JSON.stringify(spec)],
      { stdio: ["ignore", "pipe", "pipe"] });
    const rows = [];
    let ready = null;
    let out = "";
    let stderr = "";
    let timer = null;
    let timedOut = false;
    const t0 = wallSeconds();
    child.stdout.on("data", (chunk) => {
      out += chunk;
      let nl;
      while ((nl = out.indexOf("\n")) >= 0) {
        const row = JSON.parse(out.slice(0, nl));
        out = out.slice(nl + 1);
        if (row.ready) {
          ready = row;
          if (timeoutS) {
            timer = setTimeout(() => { timedOut = true; child.kill("SIGKILL"); }, timeoutS * 1e3);
          }
        } else {
          rows.push(row);
        }
      }
    });
    child.stderr.on("data", (chunk) => { stderr += chunk; });
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ rows, ready, code, signal, timedOut, stderr, wallS: wallSeconds() - t0 });
    });
  });
}

// =============================================================================================
// Parent: set-up
// =============================================================================================

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 28, ...opts });
  if (r.status !== 0) {
    const output = `${r.stdout ?? ""}${r.stderr ?? ""}`.split("\n").slice(-40).join("\n");
    throw new Error(`${cmd} ${args.join(" ")} failed (status ${r.status}):\n${output}`);
  }
  return r.stdout;
}

function log(msg) {
  process.stderr.write(`[compare ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

/** The build of the driver whose per-thread caches never hit (AIRTOK_THREAD_CACHES=OFF). */
const coldDir = (buildDir) => path.join(buildDir, "cold");

function buildBinaries(buildDir) {
  const jobs = String(os.availableParallelism?.() ?? os.cpus().length);
  log(`building airtok_compare_driver and airtok_startup in ${buildDir}, and a driver without ` +
    `per-thread caches in ${coldDir(buildDir)}`);
  const configure = (dir, flags) => {
    if (!fs.existsSync(path.join(dir, "CMakeCache.txt"))) {
      sh("cmake", ["-S", REPO, "-B", dir, "-DCMAKE_BUILD_TYPE=Release", ...flags]);
    }
  };
  configure(buildDir, []);
  sh("cmake", ["--build", buildDir, "-j", jobs, "--target", "airtok_compare_driver", "airtok_startup"]);
  configure(coldDir(buildDir), ["-DAIRTOK_THREAD_CACHES=OFF", "-DAIRTOK_BUILD_TESTS=OFF",
    "-DAIRTOK_BUILD_PYTHON=OFF", "-DAIRTOK_BUILD_CLI=OFF", "-DAIRTOK_INSTALL=OFF"]);
  sh("cmake", ["--build", coldDir(buildDir), "-j", jobs, "--target", "airtok_compare_driver"]);
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** The corpora: bench/make_corpus.sh's, or bench/smoke/'s with --quick. */
function makeCorpora(workDir, quick) {
  const dir = path.join(workDir, "corpus");
  if (quick) {
    fs.mkdirSync(dir, { recursive: true });
    for (const c of CORPORA) {  // the smoke corpus stands in for both kinds
      fs.copyFileSync(path.join(HERE, "smoke", `${c.replace("-unique", "")}.txt`), path.join(dir, `${c}.txt`));
    }
  } else {
    log("building the corpora (bench/make_corpus.sh)");
    sh(path.join(HERE, "make_corpus.sh"), [dir]);
  }
  const files = {};
  for (const c of CORPORA) {
    const file = path.join(dir, `${c}.txt`);
    const bytes = fs.readFileSync(file);
    try {
      strictUtf8.decode(bytes);  // the references take JS strings: the bytes must be UTF-8
    } catch {
      throw new Error(`${file} is not valid UTF-8; the references cannot be given the same input`);
    }
    files[c] = file;
  }
  return files;
}

/**
 * How much of each corpus the caches can help with: bench/corpus/seen_share.py's share of bytes
 * in pre-tokenizer pieces seen earlier in the file, and of paragraphs that occur more than once.
 */
function corpusStats(corpora) {
  const stats = {};
  for (const c of CORPORA) {
    const out = sh("/usr/bin/python3", [path.join(HERE, "corpus", "seen_share.py"), "--json", corpora[c]]);
    stats[c] = JSON.parse(out);
  }
  return stats;
}

/** A seeded byte stream (SHA-256 in counter mode), so worst-case inputs are the same every run. */
function seededBytes(seed, n) {
  const out = Buffer.alloc(n);
  for (let off = 0, ctr = 0; off < n; ctr++) {
    const block = createHash("sha256").update(`${seed}:${ctr}`).digest();
    off += block.copy(out, off, 0, Math.min(block.length, n - off));
  }
  return out;
}

function worstCaseText(kind, size) {
  switch (kind) {
    case "letter": return "a".repeat(size);
    case "spaces": return " ".repeat(size);
    case "digits": return Array.from(seededBytes("digits", size), (b) => String(b % 10)).join("");
    case "base64": return seededBytes("base64", Math.ceil(size / 4) * 3).toString("base64").slice(0, size);
    case "emoji": return "😀".repeat(size / 4);  // U+1F600, 4 bytes in UTF-8
    default: throw new Error(kind);
  }
}

function makeWorstCases(workDir, sizes) {
  const dir = path.join(workDir, "worst");
  fs.mkdirSync(dir, { recursive: true });
  const files = {};
  for (const kind of WORST_CASES) {
    for (const size of sizes) {
      const file = path.join(dir, `${kind}-${size / MB}MB.txt`);
      fs.writeFileSync(file, worstCaseText(kind, size));
      if (fs.statSync(file).size !== size) throw new Error(`${file} has the wrong size`);
      files[`${kind}/${size}`] = file;
    }
  }
  return files;
}

// =============================================================================================
// Parent: airtok's driver
// =============================================================================================

function runDriver(buildDir, args) {
  const exe = path.join(buildDir, "bench", "airtok_compare_driver");
  const r = spawnSync(exe, args, { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    throw new Error(`EXACTNESS/DRIVER FAILURE: ${exe} ${args.join(" ")} exited ${r.status ?? r.signal}:\n${r.stderr}`);
  }
  return r.stdout.trim().split("\n").map((l) => JSON.parse(l));
}

// =============================================================================================
// Parent: exactness
// =============================================================================================

function readIds(file) {
  const b = fs.readFileSync(file);
  return new Uint32Array(b.buffer, b.byteOffset, b.length / 4);
}

/** null if equal, else a description of the first difference. */
function compareIds(got, want) {
  const n = Math.min(got.length, want.length);
  let i = 0;
  while (i < n && got[i] === want[i]) i++;
  if (i === n && got.length === want.length) return null;
  const show = (a) => Array.from(a.subarray(Math.max(0, i - 3), i + 5)).join(" ");
  return `${got.length} tokens vs ${want.length}; first difference at token ${i}: ` +
    `[${show(got)}] vs reference [${show(want)}]`;
}

/** Writes every encoder's ids for every corpus, compares them with the WASM reference's. */
async function checkExactness(ctx, encoding) {
  const files = CORPORA.map((c) => ctx.corpora[c]);
  const dirs = {};
  for (const impl of ["oracle", ...REFERENCES, "airtok", "cold"]) {
    dirs[impl] = path.join(ctx.workDir, "ids", encoding, impl);
    fs.mkdirSync(dirs[impl], { recursive: true });
  }
  runDriver(ctx.buildDir, ["encode", encoding, "--repeat", "1", "--ids-dir", dirs.airtok, ...files]);
  runDriver(coldDir(ctx.buildDir), ["encode", encoding, "--repeat", "1", "--ids-dir", dirs.cold, ...files]);
  for (const impl of ["oracle", ...REFERENCES]) {
    const r = await runChild("child", { impl, encoding, npmDir: ctx.npmDir, files, repeat: 1, idsDir: dirs[impl] });
    if (r.code !== 0) throw new Error(`${impl} reference failed on the corpora: ${r.signal ?? r.code}\n${r.stderr}`);
  }
  const result = {};
  for (const c of CORPORA) {
    const name = path.basename(ctx.corpora[c]) + ".u32";
    const want = readIds(path.join(dirs.oracle, name));
    for (const impl of ["airtok", "cold", ...REFERENCES]) {
      const diff = compareIds(readIds(path.join(dirs[impl], name)), want);
      result[`${impl}/${c}`] = diff ?? "identical";
      if (diff && (impl === "airtok" || impl === "cold")) {
        throw new Error(`EXACTNESS CHECK FAILED: airtok ${encoding} on ${c}: ${diff}`);
      }
      if (diff) log(`!!! ${impl} differs from the WASM reference on ${encoding}/${c}: ${diff}`);
    }
    const refs = REFERENCES.map((r) => `${r} ${result[`${r}/${c}`] === "identical" ? "identical" : "DIFFERS"}`);
    log(`exactness ${encoding}/${c}: airtok (caches on and off) identical to the reference ` +
      `(${want.length} tokens); ${refs.join(", ")}`);
  }
  return result;
}

// =============================================================================================
// Parent: timing
// =============================================================================================

function better(a, b) {
  if (!a) return b;
  return { runs: a.runs + b.runs, wall_s: Math.min(a.wall_s, b.wall_s), cpu_s: Math.min(a.cpu_s, b.cpu_s) };
}

/** Best of rounds x repeat for airtok (encode, count), native and WASM, rounds interleaved. */
async function timeCorpora(ctx, encoding) {
  const files = CORPORA.map((c) => ctx.corpora[c]);
  const best = {};
  const keep = (key, t) => { best[key] = better(best[key], t); };
  const byCorpus = (file) => CORPORA.find((c) => ctx.corpora[c] === file);
  const impls = ["airtok", "cold", ...REFERENCES, "oracle"];
  for (let round = 0; round < ctx.rounds; round++) {
    ctx.sampleLoad();
    for (let k = 0; k < impls.length; k++) {
      const impl = impls[(k + round) % impls.length];  // rotate who goes first
      if (impl === "airtok" || impl === "cold") {
        const dir = impl === "airtok" ? ctx.buildDir : coldDir(ctx.buildDir);
        for (const row of runDriver(dir, ["encode", encoding, "--repeat", String(ctx.repeat), ...files])) {
          keep(`${impl}/${byCorpus(row.file)}`, row.encode);
          keep(`${impl === "airtok" ? "count" : "cold-count"}/${byCorpus(row.file)}`, row.count);
        }
      } else {
        const r = await runChild("child", { impl, encoding, npmDir: ctx.npmDir, files, repeat: ctx.repeat });
        if (r.code !== 0) throw new Error(`${impl} failed: ${r.signal ?? r.code}\n${r.stderr}`);
        for (const row of r.rows) keep(`${impl}/${byCorpus(row.file)}`, row.encode);
      }
    }
    log(`timing ${encoding}: round ${round + 1}/${ctx.rounds} done`);
  }
  return best;
}

/**
 * How a reference's child ended when it gave no result. The native addon panics on a
 * fancy-regex error ("called `Result::unwrap()` on an `Err` value: RuntimeError(StackOverflow)")
 * inside a function that cannot unwind, so Node aborts (SIGABRT); the WASM's panic is a trap
 * that reaches JS as "RuntimeError: unreachable".
 */
function describeFailure(r) {
  if (r.timedOut) return { outcome: "timeout" };
  const rustErr = /Err` value: (\w+\(\w+\)|[^\n]{1,60})/.exec(r.stderr)?.[1];
  const jsErr = /^(\w*Error: [^\n]{1,60})/m.exec(r.stderr)?.[1];
  const why = rustErr ?? jsErr ?? r.stderr.trim().split("\n").slice(-1)[0]?.slice(0, 60) ?? "";
  return { outcome: "crash", signal: r.signal, code: r.code, why };
}

/** A worst-case result as a table cell. */
function outcomeText(x, timeoutS) {
  if (x.outcome === "ok") return `${fmt(x.cpu_s, 2)} s` + (x.vs_airtok === "identical" ? "" : " (ids differ!)");
  if (x.outcome === "timeout") return `> ${timeoutS} s`;
  return `aborts (${x.signal ? `${x.signal}: ` : ""}${x.why})`;
}

/** Worst cases: airtok at every size, the references at 1 MB in killable child processes. */
async function timeWorstCases(ctx, encoding) {
  const idsDir = (impl) => {
    const d = path.join(ctx.workDir, "ids", encoding, `worst-${impl}`);
    fs.mkdirSync(d, { recursive: true });
    return d;
  };
  const results = {};
  ctx.sampleLoad();
  const airtokFiles = Object.values(ctx.worst);
  for (const row of runDriver(ctx.buildDir, ["encode", encoding, "--repeat", String(ctx.repeat),
    "--ids-dir", idsDir("airtok"), ...airtokFiles])) {
    results[`airtok/${path.basename(row.file)}`] = { outcome: "ok", ...row.encode, tokens: row.tokens };
  }
  log(`worst cases ${encoding}: airtok done`);
  for (const kind of WORST_CASES) {
    const file = ctx.worst[`${kind}/${ctx.refWorstSize}`];
    for (const impl of [...REFERENCES, "oracle"]) {
      ctx.sampleLoad();
      const r = await runChild("child", { impl, encoding, npmDir: ctx.npmDir, files: [file],
        repeat: ctx.repeat, idsDir: idsDir(impl), stopAfterS: 2 }, ctx.timeoutS);
      let res;
      if (r.code === 0 && r.rows.length === 1) {
        const name = path.basename(file) + ".u32";
        const diff = compareIds(readIds(path.join(idsDir(impl), name)), readIds(path.join(idsDir("airtok"), name)));
        res = { outcome: "ok", ...r.rows[0].encode, tokens: r.rows[0].tokens, vs_airtok: diff ?? "identical" };
        if (diff) log(`!!! ${impl} and airtok differ on ${encoding}/${path.basename(file)}: ${diff}`);
      } else {
        res = { ...describeFailure(r), stderr: r.stderr.slice(0, 400) };
      }
      results[`${impl}/${path.basename(file)}`] = res;
      log(`worst case ${encoding}/${kind} ${impl}: ${outcomeText(res, ctx.timeoutS)}`);
    }
  }
  return results;
}

function threadLadder(ctx, encoding) {
  ctx.sampleLoad();
  const files = CORPORA.map((c) => ctx.corpora[c]);
  return runDriver(ctx.buildDir, ["batch", encoding, "--repeat", String(ctx.repeat * ctx.rounds),
    "--threads", ctx.threads.join(","), "--doc-bytes", String(ctx.docBytes), ...files]);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function startup(ctx, encoding) {
  ctx.sampleLoad();
  const exe = path.join(ctx.buildDir, "bench", "airtok_startup");
  const us = [];
  let rss = "";
  for (let i = 0; i < ctx.startupRuns; i++) {
    const line = sh(exe, [encoding]);
    us.push(Number(/first_get_encoding_us=([\d.e+-]+)/.exec(line)[1]));
    rss = /rss=(.*?) tokens=/.exec(line)[1];
  }
  const res = { airtok_us: median(us), airtok_rss: rss };
  for (const impl of REFERENCES) {
    const ms = [];
    for (let i = 0; i < ctx.startupRuns; i++) {
      const r = await runChild("child-load", { impl, encoding, npmDir: ctx.npmDir });
      if (r.code !== 0) throw new Error(`${impl} load failed: ${r.stderr}`);
      ms.push(r.rows[0].load_ms);
    }
    res[`${impl}_ms`] = median(ms);
  }
  return res;
}

// =============================================================================================
// Parent: report
// =============================================================================================

function machineInfo(buildDir, loads) {
  const cache = fs.readFileSync(path.join(buildDir, "CMakeCache.txt"), "utf8");
  const cacheVar = (name) => (new RegExp(`^${name}:[A-Z]+=(.*)$`, "m").exec(cache) ?? [])[1] ?? "";
  const cxx = cacheVar("CMAKE_CXX_COMPILER");
  const buildType = cacheVar("CMAKE_BUILD_TYPE");
  const flags = [cacheVar("CMAKE_CXX_FLAGS"), cacheVar(`CMAKE_CXX_FLAGS_${buildType.toUpperCase()}`),
    cacheVar("AIRTOK_NATIVE") === "ON" ? "-march=native" : ""].filter(Boolean).join(" ");
  const lscpu = spawnSync("lscpu", [], { encoding: "utf8" }).stdout ?? "";
  const field = (name) => (new RegExp(`^${name}:\\s*(.*)$`, "m").exec(lscpu) ?? [])[1];
  const model = `${field("Model name") ?? os.cpus()[0]?.model} (CPU family ${field("CPU family")}, ` +
    `model ${field("Model")})`;
  const ones = loads.map((l) => l[0]);
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    cpu: model,
    cores: os.cpus().length,
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    compiler: spawnSync(cxx, ["--version"], { encoding: "utf8" }).stdout.split("\n")[0],
    flags: `CMAKE_BUILD_TYPE=${buildType}: ${flags}`,
    node: process.version,
    commit: (() => {
      const g = spawnSync("git", ["-C", REPO, "describe", "--always", "--dirty"], { encoding: "utf8" });
      return g.status === 0 ? g.stdout.trim() : undefined;
    })(),
    load: { min: Math.min(...ones), max: Math.max(...ones), samples: loads.length },
  };
}

const mbps = (bytes, s) => bytes / MB / s;
const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "–");

function table(header, rows) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function speedTables(res, clock, corpora) {
  const rows = [];
  for (const [encoding, r] of Object.entries(res.encodings)) {
    for (const c of corpora) {
      const bytes = res.corpusBytes[c];
      const s = (impl) => mbps(bytes, r.timing[`${impl}/${c}`]?.[clock]);
      const mark = (impl) => (r.exactness[`${impl}/${c}`] === "identical" ? "" : " †");
      const native = s("native");
      const target = TARGETS[encoding]?.[c];
      const ratio = s("airtok") / native;
      const cold = s("cold") / native;
      const seen = res.corpusStats?.[c];
      const row = [encoding, CORPUS_LABEL[c], fmt(bytes / MB, 2),
        seen ? `${fmt(100 * seen.seen_piece_share, 0)}%` : "–", fmt(s("airtok")), fmt(s("count")),
        fmt(s("cold")), fmt(native) + mark("native"), fmt(s("wasm")) + mark("wasm"),
        `**${fmt(ratio)}×**`, `${fmt(cold)}×`];
      if (clock === "cpu_s") {
        const verdict = (x, t) => `≥ ${fmt(t)}×: ${x >= t ? "met" : "**not met**"}`;
        row.push(target ? verdict(ratio, target) : "");
        row.push(target && UNIQUE.includes(c) ? verdict(cold, COLD_SHARE * target) : "");
      }
      rows.push(row);
    }
  }
  const header = ["encoding", "corpus", "MB", "bytes in pieces seen before", "airtok encode",
    "airtok count", "airtok encode, caches off", "native", "WASM", "airtok ÷ native",
    "caches off ÷ native"];
  if (clock === "cpu_s") header.push("target", `caches off target (${COLD_SHARE} of it)`);
  return table(header, rows);
}

function worstTable(res) {
  const rows = [];
  const big = res.worstSizes[res.worstSizes.length - 1];
  const small = res.refWorstSize;
  for (const [encoding, r] of Object.entries(res.encodings)) {
    for (const kind of WORST_CASES) {
      const at = (impl, size) => r.worst[`${impl}/${kind}-${size / MB}MB.txt`];
      const a1 = at("airtok", small);
      const a8 = at("airtok", big);
      const ref = (impl) => outcomeText(at(impl, small), res.timeoutS);
      rows.push([encoding, kind, `${fmt(a1.cpu_s, 3)} s`, `${fmt(a8.cpu_s, 3)} s`,
        `${fmt(a8.cpu_s / a1.cpu_s, 1)}×`, ref("native"), ref("wasm"), ref("oracle")]);
    }
  }
  const s = `${small / MB} MB`;
  return table(["encoding", "input", `airtok ${s}`, `airtok ${big / MB} MB`, `${big / MB} MB ÷ ${s}`,
    `native ${s}`, `WASM ${s}`, `WASM, 0.14 patterns, ${s}`], rows);
}

function ladderTable(res) {
  const rows = [];
  for (const [encoding, r] of Object.entries(res.encodings)) {
    for (const c of CORPORA) {
      const ladder = r.ladder.filter((x) => path.basename(x.file) === `${c}.txt`);
      const one = ladder.find((x) => x.threads === 1);
      const cells = ladder.map((x) => {
        const t = x.encode_ordinary_batch;
        return `${fmt(mbps(x.bytes, t.wall_s))} MB/s (${fmt(one.encode_ordinary_batch.wall_s / t.wall_s, 2)}×), ` +
          `CPU ${fmt(mbps(x.bytes, t.cpu_s))}`;
      });
      rows.push([encoding, c, String(one.docs), ...cells]);
    }
  }
  const first = res.encodings[Object.keys(res.encodings)[0]].ladder;
  const threads = [...new Set(first.map((x) => x.threads))];
  return table(["encoding", "corpus", "documents", ...threads.map((t) => `${t} thread${t > 1 ? "s" : ""}`)], rows);
}

function startupTable(res) {
  const rows = Object.entries(res.encodings).map(([encoding, r]) => {
    const s = r.startup;
    return [encoding, `${fmt(s.airtok_us, 0)} µs`, s.airtok_rss, `${fmt(s.native_ms, 1)} ms`,
      `${fmt(s.wasm_ms, 1)} ms`, `${fmt(s.native_ms * 1e3 / s.airtok_us, 0)}×`];
  });
  return table(["encoding", "airtok first get_encoding", "airtok RSS after", "native getEncoding",
    "WASM get_encoding", "native ÷ airtok"], rows);
}

function report(res) {
  const m = res.machine;
  const exact = Object.entries(res.encodings).flatMap(([e, r]) =>
    Object.entries(r.exactness).filter(([, v]) => v !== "identical").map(([k, v]) => `${e} ${k}: ${v}`));
  return [
    `Run of \`node bench/compare.mjs${res.argsText}\` on ${m.date}.`,
    "",
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gib} GiB, Linux ${m.kernel}; ` +
      `load average (1 min) between ${fmt(m.load.min, 2)} and ${fmt(m.load.max, 2)} during the run ` +
      `(${m.load.samples} samples; ${m.cores} cores, so above ${m.cores} other work was competing for them).`,
    `- airtok${m.commit ? ` ${m.commit}` : ""}: ${m.compiler}; ${m.flags}.`,
    `- References: npm ${WASM_PKG.name}@${WASM_PKG.version} (WASM) and ${NATIVE_PKG.name}@${NATIVE_PKG.version} ` +
      `(native: tiktoken-rs 0.6), Node.js ${m.node}.`,
    `- Best of ${res.rounds} rounds × ${res.repeat} runs, airtok with and without its caches, the ` +
      `native core and the WASM alternating in each round; corpora from \`bench/make_corpus.sh\`` +
      `${res.quick ? " (--quick: the tiny smoke corpus instead)" : ""}.`,
    `- Exactness, checked before timing: on every corpus and encoding, airtok's ids are identical to the ` +
      `reference's (the WASM with tiktoken 0.14's patterns, tools/oracle). ` +
      (exact.length ? `These differ from it (marked †): ${exact.join("; ")}.` : "So are the native core's and the WASM's."),
    "",
    "### Text seen once: single thread, MB/s from CPU time",
    "",
    "Corpora in which no paragraph (prose) or file (code) occurs twice; targets from issue 11. " +
      "\"Bytes in pieces seen before\" is the share of each corpus's bytes that lie in " +
      "pre-tokenizer pieces (cl100k_base's pattern) already seen earlier in the file: what a " +
      "piece cache can at best reuse. \"Caches off\" is a build with AIRTOK_THREAD_CACHES=OFF, " +
      "in which every piece that is not a token is merged anew.",
    "",
    speedTables(res, "cpu_s", UNIQUE),
    "",
    "### Repetitive corpora: single thread, MB/s from CPU time",
    "",
    "Licence texts, libstdc++'s headers and translated man pages, in which much repeats (the " +
      "piece caches are flattered by them); targets from issue 4.",
    "",
    speedTables(res, "cpu_s", REPETITIVE),
    "",
    "### Single thread, MB/s from wall time (all corpora)",
    "",
    speedTables(res, "wall_s", CORPORA),
    "",
    `### Worst cases (CPU seconds; references killed after ${res.timeoutS} s of encoding)`,
    "",
    worstTable(res),
    "",
    `### Thread ladder: encode_ordinary_batch, corpora cut into ~${res.docBytes / 1024} KiB documents`,
    "",
    `MB/s from wall time, best of ${res.rounds * res.repeat}, with the speed-up over one thread; then MB/s ` +
      "from the CPU time of all threads (equal across the ladder when threads cost nothing extra). " +
      "Other work on the machine takes cores from the threads: load average when measured " +
      Object.entries(res.encodings).map(([e, r]) => `${fmt(r.ladderLoad, 2)} (${e})`).join(", ") + ".",
    "",
    ladderTable(res),
    "",
    `### Start-up: first load in a fresh process (median of ${res.startupRuns})`,
    "",
    startupTable(res),
    "",
  ].join("\n");
}

function writeDoc(file, body) {
  const text = fs.readFileSync(file, "utf8");
  const a = text.indexOf(DOC_BEGIN);
  const b = text.indexOf(DOC_END);
  if (a < 0 || b < a) throw new Error(`${file} has no "${DOC_BEGIN}" ... "${DOC_END}" section`);
  fs.writeFileSync(file, text.slice(0, a + DOC_BEGIN.length) + "\n" + body + "\n" + text.slice(b));
  log(`wrote the results into ${file}`);
}

// =============================================================================================
// Main
// =============================================================================================

const USAGE = `usage: node bench/compare.mjs [options]
  --build-dir DIR      CMake build dir (default <repo>/build-bench); npm packages go to DIR/bench-npm
  --skip-build         use the binaries already in the build dir
  --encodings LIST     default cl100k_base,o200k_base
  --rounds R           interleaved rounds (default 3)
  --repeat N           runs per round (default 3); best of R x N
  --timeout S          seconds a reference may spend on one worst case (default 60)
  --threads LIST       thread ladder (default 1,2)
  --doc-bytes B        document size for the ladder (default 8192)
  --startup-runs K     fresh processes per start-up measurement (default 7)
  --quick              tiny corpus and 100 KB worst cases: checks that the script works
  --write-doc FILE     put the tables into FILE between the compare.mjs markers
  --from-results FILE  measure nothing: print (and --write-doc) the tables of an earlier run's
                       results.json`;

async function main() {
  const { values: v } = parseArgs({
    options: {
      "build-dir": { type: "string", default: path.join(REPO, "build-bench") },
      "skip-build": { type: "boolean", default: false },
      encodings: { type: "string", default: "cl100k_base,o200k_base" },
      rounds: { type: "string", default: "3" },
      repeat: { type: "string", default: "3" },
      timeout: { type: "string", default: "60" },
      threads: { type: "string", default: "1,2" },
      "doc-bytes": { type: "string", default: "8192" },
      "startup-runs": { type: "string", default: "7" },
      quick: { type: "boolean", default: false },
      "write-doc": { type: "string" },
      "from-results": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (v.help) { console.log(USAGE); return; }
  if (v["from-results"]) {
    publish(JSON.parse(fs.readFileSync(v["from-results"], "utf8")), v["write-doc"]);
    return;
  }
  const buildDir = path.resolve(v["build-dir"]);
  const loads = [];
  const ctx = {
    buildDir,
    npmDir: path.join(buildDir, "bench-npm"),
    workDir: path.join(buildDir, "compare"),
    rounds: Number(v.rounds),
    repeat: Number(v.repeat),
    timeoutS: Number(v.timeout),
    threads: v.threads.split(",").map(Number),
    docBytes: Number(v["doc-bytes"]),
    startupRuns: Number(v["startup-runs"]),
    sampleLoad: () => loads.push(os.loadavg()),
  };
  ctx.sampleLoad();
  if (!v["skip-build"]) buildBinaries(buildDir);
  installReferences(ctx.npmDir, log);
  fs.rmSync(ctx.workDir, { recursive: true, force: true });
  fs.mkdirSync(ctx.workDir, { recursive: true });
  ctx.corpora = makeCorpora(ctx.workDir, v.quick);
  const stats = corpusStats(ctx.corpora);
  const worstSizes = v.quick ? [100_000, 800_000] : [1_000_000, 8_000_000];
  ctx.refWorstSize = worstSizes[0];
  ctx.worst = makeWorstCases(ctx.workDir, worstSizes);

  const encodings = v.encodings.split(",");
  const res = {
    argsText: process.argv.slice(2).filter((a) => a !== "--write-doc" && a !== v["write-doc"])
      .map((a) => " " + a).join(""),
    quick: v.quick, rounds: ctx.rounds, repeat: ctx.repeat, timeoutS: ctx.timeoutS, docBytes: ctx.docBytes,
    startupRuns: ctx.startupRuns, worstSizes, refWorstSize: ctx.refWorstSize,
    corpusBytes: Object.fromEntries(CORPORA.map((c) => [c, fs.statSync(ctx.corpora[c]).size])),
    corpusStats: stats,
    encodings: {},
  };
  for (const e of encodings) res.encodings[e] = { exactness: await checkExactness(ctx, e) };
  for (const e of encodings) res.encodings[e].timing = await timeCorpora(ctx, e);
  for (const e of encodings) res.encodings[e].worst = await timeWorstCases(ctx, e);
  for (const e of encodings) {
    res.encodings[e].ladderLoad = os.loadavg()[0];
    res.encodings[e].ladder = threadLadder(ctx, e);
  }
  for (const e of encodings) res.encodings[e].startup = await startup(ctx, e);
  ctx.sampleLoad();
  res.machine = machineInfo(buildDir, loads);
  fs.writeFileSync(path.join(ctx.workDir, "results.json"), JSON.stringify(res, null, 1));
  publish(res, v["write-doc"]);
}

function publish(res, docFile) {
  const body = report(res);
  console.log(body);
  if (docFile) writeDoc(path.resolve(docFile), body);
}

const mode = process.argv[2];
if (mode === "--child" || mode === "--child-load") {
  const spec = JSON.parse(process.argv[3]);
  (mode === "--child" ? childMain(spec) : childLoadMain(spec)).catch((e) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exit(1);
  });
} else {
  main().catch((e) => {
    process.stderr.write(`\n!!! compare.mjs FAILED: ${e.message}\n`);
    process.exit(1);
  });
}

#!/usr/bin/env node
// bench/count_tree.mjs — `airtok count` over a large tree of files against tiktoken counting
// the same files, with every file's count checked against the reference.
//
//   node bench/count_tree.mjs [--airtok build/cli/airtok] [--encoding cl100k_base]
//                             [--npm-dir DIR] [DIR...]        (default: /usr/include /usr/share/doc)
//
// 1. Runs `airtok count --jsonl` on the folders (all cores, then -j1), best of 3 runs each; the
//    JSON lines name the files airtok counted (binary files skipped) and their counts.
// 2. Installs the references into --npm-dir if needed (npm, --no-save, no lock file):
//    tiktoken@1.0.22 (tiktoken's core in WebAssembly) and tiktoken-rs-node-linux-x64-gnu@1.0.6
//    (its native core as a Node addon, tiktoken-rs 0.6).
// 3. Counts the same files in this Node process with each reference, single-threaded, reading
//    each file as a user's script would (fs.readFileSync, then encode), and times the whole loop.
// 4. Checks every file's airtok count against the project's exactness reference (the
//    WebAssembly core with tiktoken 0.14's patterns, tools/oracle). Files that are not valid
//    UTF-8 (a JS string cannot hold their bytes) or that contain special-token text (the
//    native addon allows special tokens) are left out of the reference runs and reported.
// Prints one Markdown table; exit status 1 if any count differs.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { installReferences, NATIVE_PKG, requireFrom, WASM_PKG } from "./references.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..");
const SPECIALS = ["<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>",
  "<|endofprompt|>"];

const log = (message) => process.stderr.write(`[count_tree] ${message}\n`);
const seconds = () => Number(process.hrtime.bigint()) / 1e9;

/**
 * Runs airtok count --jsonl `runs` times; returns {files: [{path, tokens, bytes, invalid_utf8}],
 * wallS} with the best time (the first run may read the files from disk; the references, run
 * after, find them in the page cache).
 */
function runAirtok(airtok, encoding, jobs, dirs, runs = 3) {
  let best = null;
  for (let i = 0; i < runs; ++i) {
    const run = runAirtokOnce(airtok, encoding, jobs, dirs);
    if (best === null || run.wallS < best.wallS) best = run;
  }
  return best;
}

function runAirtokOnce(airtok, encoding, jobs, dirs) {
  const t0 = seconds();
  const r = spawnSync(airtok, ["count", "--jsonl", "-e", encoding, "-j", String(jobs), ...dirs],
    { maxBuffer: 1 << 30, encoding: "utf8" });
  const wallS = seconds() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`airtok count failed: ${r.stderr}`);
  const files = r.stdout.split("\n").filter((l) => l).map((l) => JSON.parse(l))
    .filter((f) => f.path !== undefined && f.tokens !== undefined);
  return { files, wallS };
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** The files a JS reference can take: valid UTF-8 and no special-token text. */
function referenceInputs(files) {
  const usable = [];
  let invalid = 0, special = 0;
  for (const f of files) {
    let text;
    try {
      text = strictUtf8.decode(fs.readFileSync(f.path));
    } catch {
      ++invalid;
      continue;
    }
    if (SPECIALS.some((s) => text.includes(s))) {
      ++special;
      continue;
    }
    usable.push(f);
  }
  return { usable, invalid, special };
}

/** Counts every file with `encode`, reading each as a script would; returns counts and time. */
function countAll(files, encode) {
  const counts = new Map();
  const t0 = seconds();
  for (const f of files) counts.set(f.path, encode(fs.readFileSync(f.path, "utf8")).length);
  return { counts, wallS: seconds() - t0 };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      airtok: { type: "string", default: path.join(REPO, "build", "cli", "airtok") },
      encoding: { type: "string", default: "cl100k_base" },
      "npm-dir": { type: "string", default: path.join(REPO, "build", "bench-npm") },
    },
  });
  const dirs = positionals.length ? positionals : ["/usr/include", "/usr/share/doc"];
  const { encoding } = values;
  const npmDir = path.resolve(values["npm-dir"]);
  installReferences(npmDir, log);

  log(`airtok count -j${os.availableParallelism()} ${dirs.join(" ")}`);
  const all = runAirtok(values.airtok, encoding, os.availableParallelism(), dirs);
  log("airtok count -j1");
  const one = runAirtok(values.airtok, encoding, 1, dirs);
  const bytes = all.files.reduce((s, f) => s + f.bytes, 0);
  const { usable, invalid, special } = referenceInputs(all.files);
  const usableBytes = usable.reduce((s, f) => s + f.bytes, 0);

  const native = requireFrom(npmDir, NATIVE_PKG)("./tiktoken-rs-node.linux-x64-gnu.node")
    .getEncoding(encoding);
  const wasm = requireFrom(npmDir, WASM_PKG)("./tiktoken.cjs").get_encoding(encoding);
  const { Oracle } = await import(path.join(REPO, "tools", "oracle", "oracle.mjs"));
  const oracle = new Oracle(encoding, npmDir);
  log(`native addon on ${usable.length} files`);
  const nativeRun = countAll(usable, (t) => native.encode(t));
  log(`WASM on ${usable.length} files`);
  const wasmRun = countAll(usable, (t) => wasm.encode_ordinary(t));
  log(`exactness reference on ${usable.length} files`);
  const refRun = countAll(usable, (t) => oracle.enc.encode_ordinary(t));

  let mismatches = 0;
  for (const f of usable) {
    if (refRun.counts.get(f.path) !== f.tokens) {
      ++mismatches;
      if (mismatches <= 10) {
        log(`MISMATCH ${f.path}: airtok ${f.tokens}, reference ${refRun.counts.get(f.path)}`);
      }
    }
  }
  const nativeOff = usable.filter((f) => nativeRun.counts.get(f.path) !== f.tokens).length;
  const mb = (n) => (n / 1e6).toFixed(1);
  const row = (name, files, b, s) =>
    `| ${name} | ${files} | ${mb(b)} | ${s.toFixed(2)} s | ${(b / 1e6 / s).toFixed(1)} |`;
  console.log(`Folders: ${dirs.join(" ")}; encoding ${encoding}; ${os.availableParallelism()} ` +
    `cores (${os.cpus()[0].model}).\n`);
  console.log("| counter | files | MB | wall time | MB/s |\n|---|---|---|---|---|");
  console.log(row(`airtok count (-j${os.availableParallelism()})`, all.files.length, bytes, all.wallS));
  console.log(row("airtok count -j1", one.files.length, bytes, one.wallS));
  console.log(row(`${NATIVE_PKG.name}@${NATIVE_PKG.version} (native)`, usable.length, usableBytes,
    nativeRun.wallS));
  console.log(row(`${WASM_PKG.name}@${WASM_PKG.version} (WASM)`, usable.length, usableBytes,
    wasmRun.wallS));
  console.log(`\nairtok counted ${all.files.length} files (${mb(bytes)} MB; binary files ` +
    `skipped). The references counted the ${usable.length} of them that a JS string can hold ` +
    `(${invalid} not valid UTF-8, ${special} with special-token text left out). Counts differing ` +
    `from the exactness reference: ${mismatches} of ${usable.length} files` +
    ` (the native addon differs from it on ${nativeOff}).`);
  process.exit(mismatches === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});

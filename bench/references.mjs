// bench/references.mjs — the npm builds of tiktoken that the benchmark scripts (compare.mjs,
// count_tree.mjs) measure airtok against, and how they are installed: into a folder of the
// build tree with npm, --no-save and no lock file, so nothing is written to the repository.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** tiktoken's Rust core compiled to WebAssembly. */
export const WASM_PKG = { name: "tiktoken", version: "1.0.22" };
/** tiktoken's native core as a Node addon (the Rust crate tiktoken-rs 0.6). */
export const NATIVE_PKG = { name: "tiktoken-rs-node-linux-x64-gnu", version: "1.0.6" };

function installedVersion(npmDir, name) {
  const pkg = path.join(npmDir, "node_modules", name, "package.json");
  return fs.existsSync(pkg) ? JSON.parse(fs.readFileSync(pkg, "utf8")).version : null;
}

/** Installs both packages into npmDir unless the right versions are there; log(message). */
export function installReferences(npmDir, log) {
  const want = [WASM_PKG, NATIVE_PKG].filter((p) => installedVersion(npmDir, p.name) !== p.version);
  if (want.length === 0) return;
  log(`installing ${want.map((p) => `${p.name}@${p.version}`).join(" ")} into ${npmDir}`);
  fs.mkdirSync(npmDir, { recursive: true });
  const r = spawnSync("npm", ["install", "--no-save", "--no-package-lock", "--no-audit",
    "--no-fund", "--prefix", npmDir, ...want.map((p) => `${p.name}@${p.version}`)],
  { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`npm install failed (status ${r.status}):\n${r.stderr}`);
}

/** `require` resolving inside an installed package. */
export function requireFrom(npmDir, pkg) {
  return createRequire(path.join(npmDir, "node_modules", pkg.name, "package.json"));
}

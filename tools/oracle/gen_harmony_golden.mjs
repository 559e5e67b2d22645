#!/usr/bin/env node
// Writes tests/golden/harmony.jsonl, the token ids of the golden harmony conversations, from
// the reference oracle (npm tiktoken@1.0.22, see oracle.mjs).
//
//   node tools/oracle/gen_harmony_golden.mjs [--oracle-dir DIR] [--cases FILE] [--out FILE]
//
// Input: tests/harmony/golden_cases.json, {"about", "cases": [...]}; each case has
//   case      name (unique)
//   source    the upstream openai/harmony test or document its expected text comes from
//   api       "completion" | "conversation" | "training" | "message" (which render call)
//   next_role (completion) the role after the final <|start|>
//   auto_drop_analysis, function_tools  (optional) the render config / options
//   conversation {"messages": [...]} or message {...}: openai-harmony's JSON form
//   text      the rendered text, special tokens written out (<|start|> ...)
// Output: one JSON line per case, the input fields plus `tokens`: the oracle's o200k_harmony
// encoding of `text` with every special token allowed, which is how openai-harmony's own tests
// turn their expected text into expected tokens. Nothing is computed here but that call, so
// the C++ test (tests/harmony/golden_test.cpp) compares airtok's rendering with the reference
// and never with itself. Deterministic: the same inputs give a byte-identical file.

import fs from "node:fs";
import path from "node:path";

import { Oracle, CaseWriter, parseArgs, repoRoot } from "./oracle.mjs";

const args = parseArgs(process.argv.slice(2), {
  options: ["oracle-dir", "cases", "out"],
  defaults: {
    cases: path.join(repoRoot(), "tests", "harmony", "golden_cases.json"),
    out: path.join(repoRoot(), "tests", "golden", "harmony.jsonl"),
  },
});

const input = JSON.parse(fs.readFileSync(args.cases, "utf8"));
const oracle = new Oracle("o200k_harmony", args["oracle-dir"], { quiet: true });
const writer = new CaseWriter(args.out);
const seen = new Set();
for (const c of input.cases) {
  if (seen.has(c.case)) throw new Error(`duplicate case name ${c.case}`);
  seen.add(c.case);
  const result = oracle.encode(c.text, "all");
  if (!result.tokens) throw new Error(`${c.case}: the oracle refused the text: ${JSON.stringify(result)}`);
  writer.add({ ...c, tokens: result.tokens });
}
writer.close();
oracle.free();
console.error(`gen_harmony_golden: ${writer.count} cases -> ${args.out}`);

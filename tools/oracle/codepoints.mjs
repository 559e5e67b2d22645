#!/usr/bin/env node
// Every Unicode scalar value (U+0000..U+10FFFF without the surrogates U+D800..U+DFFF), each
// in a few contexts, as encode_ordinary cases from the reference oracle (oracle.mjs). Checks
// the pre-tokenizer's Unicode tables (the oracle uses Unicode 16.0 data) in every alternative
// of every built-in pattern. Only "case", "op", "text", "tokens" are written, to keep the file
// small (no bytes_hex / decoded / offsets).
//
//   node tools/oracle/codepoints.mjs --encoding NAME --out FILE [--oracle-dir DIR]
//                                    [--from HEX] [--to HEX] [--contexts a,b,...]
//
// Contexts (c = the code point), chosen so that each code point meets every alternative:
//   alone    c              the class of c on its own (letter/number/other/whitespace runs)
//   a_b      "a" c "b"      between lowercase letters: is c a letter (o200k: which case class)
//   space    " " c          optional-space prefixes ( ?\p{L}, ?\p{N}, ?[^\s..]), \s++$, \s+(?!\S)
//   double   c c            runs of c's class (possessive runs, \p{N}{1,3}, whitespace runs)
//   apos     "'" c "'s"     contractions ('s, (?i:...) case folding such as U+017F, U+212A),
//                           [^\r\n\p{L}\p{N}]? prefix, o200k's contraction suffix after c
//   digit    "1" c "23"     \p{N}: grouping of digits by threes, ?\p{N}++
//   upper    "A" c "a"      o200k's [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]* / [\p{Ll}\p{Lm}\p{Lo}\p{M}]+
//   nl       c "\n"         [\r\n]* / [\r\n/]* after punctuation, \s*[\r\n] after whitespace
// Case names are "cp U+XXXX <context>".

import { Oracle, StreamingCaseWriter, parseArgs } from "./oracle.mjs";

export const CONTEXTS = {
  alone: (c) => c,
  a_b: (c) => "a" + c + "b",
  space: (c) => " " + c,
  double: (c) => c + c,
  apos: (c) => "'" + c + "'s",
  digit: (c) => "1" + c + "23",
  upper: (c) => "A" + c + "a",
  nl: (c) => c + "\n",
};

function main() {
  const args = parseArgs(process.argv.slice(2), {
    options: ["encoding", "out", "oracle-dir", "from", "to", "contexts"],
    defaults: { from: "0", to: "10FFFF", contexts: Object.keys(CONTEXTS).join(",") },
  });
  if (!args.encoding || !args.out) {
    process.stderr.write("usage: codepoints.mjs --encoding NAME --out FILE [--from HEX --to HEX]\n");
    process.exit(2);
  }
  const from = parseInt(args.from, 16);
  const to = Math.min(parseInt(args.to, 16), 0x10ffff);
  const names = args.contexts.split(",");
  for (const n of names) if (!CONTEXTS[n]) throw new Error(`unknown context ${n}`);
  const ctx = names.map((n) => [n, CONTEXTS[n]]);

  const t0 = process.hrtime.bigint();
  const o = new Oracle(args.encoding, args["oracle-dir"]);
  const enc = o.enc;
  const w = new StreamingCaseWriter(args.out);
  let scalars = 0;
  for (let cp = from; cp <= to; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const c = String.fromCodePoint(cp);
    const label = `cp U+${cp.toString(16).toUpperCase().padStart(4, "0")} `;
    for (const [n, f] of ctx) {
      const text = f(c);
      w.add({ case: label + n, op: "encode_ordinary", text, tokens: Array.from(enc.encode_ordinary(text)) });
    }
    scalars++;
  }
  w.close();
  o.free();
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stderr.write(`${args.encoding}: ${scalars} scalar values x ${ctx.length} contexts = ${w.count} cases, ` +
    `${(w.bytes / 1048576).toFixed(0)} MiB, ${secs.toFixed(1)} s\n`);
}

main();

#!/usr/bin/env node
// Seeded random test cases from the reference oracle (see oracle.mjs), in the golden-vector
// format (README.md in this folder).
//
//   node tools/oracle/random_cases.mjs --encoding NAME --count N --seed S --out FILE
//                                      [--oracle-dir DIR] [--max-fragments K]
//
// --count is the number of cases (lines) written. Each random string gives two consecutive
// cases: an encode_ordinary case and an encode case whose allowed/disallowed sets cycle through
// [] / "all" / one special / two specials and "all" / [] / an explicit list, so that strings
// containing special-token text (about 3 % of fragments) give special ids, plain text or
// disallowed-special errors. Strings mix scripts, whitespace runs, punctuation, digits, emoji,
// contractions, combining marks and code fragments (samples.mjs). Every 200th string also
// gives an encode_bytes case: the string, a whitespace run, bytes that are not valid UTF-8 and
// maybe more text (tiktoken's `_encode_bytes` takes back the last piece's tokens and the
// whitespace tokens before it). --out - writes to stdout.
// The same (encoding, count, seed) always gives the same file.

import { Oracle, CaseWriter, Rng, parseArgs, utf8, fromHex, concatBytes } from "./oracle.mjs";
import { SPECIAL_LIKE, randomText } from "./samples.mjs";

// tiktoken@1.0.22 has no encode_bytes in JS: the oracle rebuilds it (oracle.mjs) with
// encode_with_unstable, about 0.25 s a case, so these cases are rarer.
const BYTES_EVERY = 200;
const TAIL_SPACE = ["", " ", "  ", "\n", "\n\n", " \n ", "\t", "\n  \t", "   \n\n   "];
const INVALID = ["ff", "80", "c3", "e282", "f09f98", "c0af", "eda080", "fe80ff"];

function main() {
  const args = parseArgs(process.argv.slice(2), {
    options: ["encoding", "count", "seed", "out", "oracle-dir", "max-fragments"],
    defaults: { count: "10000", seed: "1", "max-fragments": "12" },
  });
  if (!args.encoding || !args.out) {
    process.stderr.write("usage: random_cases.mjs --encoding NAME --count N --seed S --out FILE\n");
    process.exit(2);
  }
  const count = Number(args.count);
  const seed = Number(args.seed);
  const maxFragments = Number(args["max-fragments"]);
  const t0 = process.hrtime.bigint();
  const o = new Oracle(args.encoding, args["oracle-dir"]);
  const rng = new Rng(seed);
  const w = new CaseWriter(args.out);

  const named = o.specialNames.filter((s) => !/^<\|reserved_\d+\|>$/.test(s));
  const isHarmony = named.length !== o.specialNames.length;
  const specials = [...named, ...SPECIAL_LIKE];
  if (isHarmony) {
    for (let i = 0; i < 8; i++) specials.push(`<|reserved_${rng.range(200013, 201087)}|>`);
  }
  const allowedChoices = [[], "all", [named[0]], named.slice(-2)];
  const disallowedChoices = ["all", "all", [], [named[named.length - 1]]];

  let i = 0;
  let errors = 0;
  while (w.count < count) {
    const text = randomText(rng, { maxFragments, specials, specialRate: 0.03 });
    const tag = `random/mixed seed=${seed} #${i}`;
    w.add(o.encodeOrdinaryCase(tag, text));
    if (w.count < count) {
      const allowed = allowedChoices[i % allowedChoices.length];
      const disallowed = disallowedChoices[Math.floor(i / allowedChoices.length) % disallowedChoices.length];
      const c = o.encodeCase(tag, text, allowed, disallowed);
      if (c.error) errors++;
      w.add(c);
    }
    if (i % BYTES_EVERY === 0 && w.count < count) {
      const bytes = concatBytes([utf8(text), utf8(rng.pick(TAIL_SPACE)), fromHex(rng.pick(INVALID)),
        utf8(rng.chance(0.5) ? randomText(rng, { maxFragments: 2, specials, specialRate: 0 }) : "")]);
      w.add(o.encodeBytesCase(tag, bytes));
    }
    i++;
  }
  w.close();
  o.free();
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stderr.write(`${args.encoding}: ${w.count} cases (${i} strings, ${errors} disallowed-special ` +
    `errors), ${(w.bytes / 1024).toFixed(0)} KiB, ${secs.toFixed(2)} s\n`);
}

main();

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
// contractions, combining marks and code fragments (samples.mjs). --out - writes to stdout.
// The same (encoding, count, seed) always gives the same file.

import { Oracle, CaseWriter, Rng, parseArgs } from "./oracle.mjs";
import { SPECIAL_LIKE, randomText } from "./samples.mjs";

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
    i++;
  }
  w.close();
  o.free();
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stderr.write(`${args.encoding}: ${w.count} cases (${i} strings, ${errors} disallowed-special ` +
    `errors), ${(w.bytes / 1024).toFixed(0)} KiB, ${secs.toFixed(2)} s\n`);
}

main();

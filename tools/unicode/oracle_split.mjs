#!/usr/bin/env node
// oracle_split.mjs — how the reference oracle (npm tiktoken@1.0.22, tiktoken's Rust core with
// fancy-regex and Unicode 16.0 tables) cuts a text into pieces under a pattern.
//
//   node tools/unicode/oracle_split.mjs [--oracle-dir DIR] PATTERN TEXT...
//
// Prints, per TEXT, one line: a JSON array of the pieces, non-ASCII escaped. Escapes such as
// \u0085 in PATTERN and TEXT are not interpreted; pass the characters themselves (e.g.
// $'\u0085' in bash).
//
// The oracle only returns token ids, so the pieces are made visible with a vocabulary built for
// the text: every byte, plus every substring of the text of two or more bytes. tiktoken looks
// each piece up whole before merging, and every piece is a substring, so each piece comes back
// as exactly one token, whose bytes are the piece. The oracle is installed by
// tools/oracle/setup.sh (DIR as there: --oracle-dir, $AIRTOK_ORACLE_DIR or <repo>/build/oracle).

import { loadPackage } from '../oracle/oracle.mjs';

function vocabularyFor(textBytes) {
  const seen = new Set();
  const lines = [];
  const add = (bytes) => {
    const key = Buffer.from(bytes).toString('base64');
    if (seen.has(key)) return;
    seen.add(key);
    lines.push(`${key} ${lines.length}`);
  };
  for (let b = 0; b < 256; ++b) add([b]);
  for (let length = 2; length <= textBytes.length; ++length) {
    for (let start = 0; start + length <= textBytes.length; ++start) {
      add(textBytes.subarray(start, start + length));
    }
  }
  return lines.join('\n') + '\n';
}

function split(pkg, pattern, text) {
  const bytes = new TextEncoder().encode(text);
  const encoder = new pkg.Tiktoken(vocabularyFor(bytes), {}, pattern);
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    return [...encoder.encode_ordinary(text)].map((id) =>
      decoder.decode(encoder.decode_single_token_bytes(id)));
  } finally {
    encoder.free();
  }
}

function main(argv) {
  let oracleDir;
  if (argv[0] === '--oracle-dir') {
    oracleDir = argv[1];
    argv = argv.slice(2);
  }
  if (argv.length < 2) {
    console.error('usage: oracle_split.mjs [--oracle-dir DIR] PATTERN TEXT...');
    process.exit(2);
  }
  const pkg = loadPackage(oracleDir);
  const [pattern, ...texts] = argv;
  const escapeNonAscii = (json) =>
    json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  for (const text of texts) console.log(escapeNonAscii(JSON.stringify(split(pkg, pattern, text))));
}

main(process.argv.slice(2));

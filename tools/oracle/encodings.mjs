// The seven built-in encodings as tiktoken 0.14 defines them (see /work/shared/DESIGN.md):
// pattern string, special tokens, explicit n_vocab, and which rank table of the npm package
// `tiktoken@1.0.22` (encoders/<file>.json, field `bpe_ranks`) holds their mergeable ranks.
//
// The patterns are tiktoken 0.14's spellings (possessive quantifiers, `\s++$`, ...), not the
// older spellings that the npm package carries in its encoders/*.json; loadOracle() in
// oracle.mjs checks at start-up that the WebAssembly core accepts them and falls back, with a
// loud warning on stderr, to the package's spelling if it does not. As of tiktoken@1.0.22 the
// WASM accepts all three patterns, and on 15,000 random texts per encoding they give the same
// ids as the package's spellings (gen_golden.mjs --self-test).

// r50k_base, p50k_base, p50k_edit and gpt2 share one pattern.
export const R50K_PAT =
  String.raw`'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s`;

export const CL100K_PAT =
  String.raw`'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s`;

// o200k_base and o200k_harmony: the alternation of these seven, joined by "|".
export const O200K_PAT = [
  String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?`,
  String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?`,
  String.raw`\p{N}{1,3}`,
  String.raw` ?[^\s\p{L}\p{N}]+[\r\n/]*`,
  String.raw`\s*[\r\n]+`,
  String.raw`\s+(?!\S)`,
  String.raw`\s+`,
].join("|");

const ENDOFTEXT = "<|endoftext|>";
const FIM_PREFIX = "<|fim_prefix|>";
const FIM_MIDDLE = "<|fim_middle|>";
const FIM_SUFFIX = "<|fim_suffix|>";
const ENDOFPROMPT = "<|endofprompt|>";

function harmonySpecials() {
  // tiktoken 0.14: {**o200k_base specials, named harmony tokens} | {<|reserved_i|>: i for i in
  // 200013..201087}. Note that 200018 then has two names, <|endofprompt|> (from o200k_base)
  // and <|reserved_200018|>: both encode to 200018; which name decodes is decided by the
  // iteration order of a Rust hash map (see README.md in this folder).
  const s = {
    [ENDOFTEXT]: 199999,
    [ENDOFPROMPT]: 200018,
    "<|startoftext|>": 199998,
    "<|reserved_200000|>": 200000,
    "<|reserved_200001|>": 200001,
    "<|return|>": 200002,
    "<|constrain|>": 200003,
    "<|reserved_200004|>": 200004,
    "<|channel|>": 200005,
    "<|start|>": 200006,
    "<|end|>": 200007,
    "<|message|>": 200008,
    "<|reserved_200009|>": 200009,
    "<|reserved_200010|>": 200010,
    "<|reserved_200011|>": 200011,
    "<|call|>": 200012,
  };
  for (let i = 200013; i <= 201087; i++) s[`<|reserved_${i}|>`] = i;
  return s;
}

// ranksFile: name of the package's encoders/<ranksFile>.json whose bpe_ranks we use.
// n_vocab: tiktoken's explicit_n_vocab where it has one, else max token id + 1.
export const ENCODINGS = {
  gpt2: {
    ranksFile: "gpt2",
    pat: R50K_PAT,
    specials: { [ENDOFTEXT]: 50256 },
    n_vocab: 50257,
  },
  r50k_base: {
    ranksFile: "r50k_base",
    pat: R50K_PAT,
    specials: { [ENDOFTEXT]: 50256 },
    n_vocab: 50257,
  },
  p50k_base: {
    ranksFile: "p50k_base",
    pat: R50K_PAT,
    specials: { [ENDOFTEXT]: 50256 },
    n_vocab: 50281,
  },
  p50k_edit: {
    ranksFile: "p50k_base",
    pat: R50K_PAT,
    specials: { [ENDOFTEXT]: 50256, [FIM_PREFIX]: 50281, [FIM_MIDDLE]: 50282, [FIM_SUFFIX]: 50283 },
    n_vocab: 50284,
  },
  cl100k_base: {
    ranksFile: "cl100k_base",
    pat: CL100K_PAT,
    specials: {
      [ENDOFTEXT]: 100257,
      [FIM_PREFIX]: 100258,
      [FIM_MIDDLE]: 100259,
      [FIM_SUFFIX]: 100260,
      [ENDOFPROMPT]: 100276,
    },
    n_vocab: 100277,
  },
  o200k_base: {
    ranksFile: "o200k_base",
    pat: O200K_PAT,
    specials: { [ENDOFTEXT]: 199999, [ENDOFPROMPT]: 200018 },
    n_vocab: 200019,
  },
  o200k_harmony: {
    ranksFile: "o200k_base",
    pat: O200K_PAT,
    specials: harmonySpecials(),
    n_vocab: 201088,
  },
};

export const ENCODING_NAMES = Object.keys(ENCODINGS);

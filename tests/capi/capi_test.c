/* capi_test.c — the C API exercised from C.
 *
 * Compiled as C (C11 for pthreads' sake; tests/capi/header_c99.c checks the header alone as C99).
 * No token id here is typed by hand: ids are derived through the API itself (round trips,
 * special tokens looked up by their text, a tiny vocabulary this test writes), and the equality
 * of the C API with the C++ API on many inputs is checked by capi_vs_cpp.cpp.
 *
 * Build definitions: AIRTOK_TEST_VERSION (the CMake project version), AIRTOK_TEST_DATA_DIR
 * (data/, for the vendored r50k_base.tiktoken and SHA256SUMS), AIRTOK_TEST_TMP_DIR (a
 * writable directory). Prints `N passed, M failed`; exits non-zero if anything failed.
 */
#include <airtok/airtok.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int g_passed;
static int g_failed;

#define CHECK(cond)                                                                            \
  do {                                                                                         \
    if (cond) {                                                                                \
      ++g_passed;                                                                              \
    } else {                                                                                   \
      ++g_failed;                                                                              \
      fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n", __FILE__, __LINE__, #cond, \
              airtok_last_error());                                                            \
    }                                                                                          \
  } while (0)

/* ---- helpers ------------------------------------------------------------------------------ */

static int contains(const char* haystack, const char* needle) {
  return haystack != NULL && strstr(haystack, needle) != NULL;
}

static int same_ids(const uint32_t* a, const uint32_t* b, size_t n) {
  size_t i;
  for (i = 0; i < n; ++i) {
    if (a[i] != b[i]) return 0;
  }
  return 1;
}

/* Provokes a known error so that a later check can see whether the message changed. */
static void set_marker_error(void) { (void)airtok_get_encoding("marker-encoding-name"); }

/* Encodes with encode_ordinary into a malloc'ed array of `len` ids (always enough). */
static uint32_t* encode_all(const airtok_encoding* enc, const char* text, size_t len,
                            size_t* count) {
  uint32_t* ids = (uint32_t*)malloc((len + 1) * sizeof *ids);
  *count = airtok_encode_ordinary(enc, text, len, ids, len + 1);
  return ids;
}

/* decode_bytes into a malloc'ed buffer; *size gets the length. NULL on error. */
static char* decode_all(const airtok_encoding* enc, const uint32_t* ids, size_t n, size_t* size,
                        int replace) {
  size_t need =
      replace ? airtok_decode(enc, ids, n, NULL, 0) : airtok_decode_bytes(enc, ids, n, NULL, 0);
  char* buf;
  if (need == AIRTOK_ERROR) return NULL;
  buf = (char*)malloc(need + 1);
  *size = replace ? airtok_decode(enc, ids, n, buf, need + 1)
                  : airtok_decode_bytes(enc, ids, n, buf, need + 1);
  return buf;
}

static const char* const kSamples[] = {
    "hello world",
    "Hello, World! How's it going? I'm fine; we'll see.",
    "   leading spaces\n\n\ttabs and\r\nnewlines   ",
    "numbers 1234567 3.14159 and 1e-9",
    ("caf\xc3\xa9 na\xc3\xafve \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x98\x80 "
     "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"),
    "def f(x):\n    return x ** 2  # square\n",
    "<|endoftext|> is ordinary text for encode_ordinary",
    "",
};
#define N_SAMPLES (sizeof kSamples / sizeof kSamples[0])

/* ---- version and names ------------------------------------------------------------------- */

static void test_version(void) {
  char macros[64];
  snprintf(macros, sizeof macros, "%d.%d.%d", AIRTOK_VERSION_MAJOR, AIRTOK_VERSION_MINOR,
           AIRTOK_VERSION_PATCH);
  CHECK(strcmp(airtok_version(), AIRTOK_TEST_VERSION) == 0);
  CHECK(strcmp(macros, AIRTOK_TEST_VERSION) == 0);
}

static void test_encoding_names(void) {
  const char* names[64];
  const char* few[3];
  size_t n = airtok_list_encoding_names(NULL, 0);
  size_t i;
  CHECK(n > 0 && n <= 64);
  CHECK(airtok_list_encoding_names(names, 64) == n);
  for (i = 0; i < n && i < 64; ++i) {
    const airtok_encoding* enc = airtok_get_encoding(names[i]);
    CHECK(enc != NULL);
    CHECK(enc == airtok_get_encoding(names[i])); /* one handle per encoding */
    CHECK(strcmp(airtok_encoding_name(enc), names[i]) == 0);
    CHECK(airtok_n_vocab(enc) == (size_t)airtok_max_token_value(enc) + 1);
    CHECK(airtok_encoding_pattern(enc) != NULL && airtok_encoding_pattern(enc)[0] != '\0');
    CHECK(airtok_is_special_token(enc, airtok_eot_token(enc)) == 1);
  }
  /* cap smaller than the count: only cap entries written */
  few[0] = few[1] = few[2] = "untouched";
  CHECK(airtok_list_encoding_names(few, 2) == n);
  CHECK(n < 2 || strcmp(few[1], names[1]) == 0);
  CHECK(strcmp(few[2], "untouched") == 0);
  CHECK(airtok_list_encoding_names(NULL, 3) == 0);
  CHECK(contains(airtok_last_error(), "airtok_list_encoding_names"));
}

static void test_get_encoding_errors(void) {
  CHECK(airtok_get_encoding("no_such_encoding") == NULL);
  CHECK(contains(airtok_last_error(), "no_such_encoding"));
  CHECK(contains(airtok_last_error(), "cl100k_base")); /* lists the known names */
  CHECK(airtok_get_encoding(NULL) == NULL);
  CHECK(contains(airtok_last_error(), "NULL"));
  CHECK(airtok_get_encoding("") == NULL);
}

static void test_models(void) {
  /* Model table facts from tiktoken's model.py (see DESIGN.md). */
  const char* name = airtok_encoding_name_for_model("gpt-4o");
  CHECK(name != NULL && strcmp(name, "o200k_base") == 0);
  CHECK(airtok_encoding_for_model("gpt-4o") == airtok_get_encoding("o200k_base"));
  name = airtok_encoding_name_for_model("gpt-4");
  CHECK(name != NULL && strcmp(name, "cl100k_base") == 0);
  /* prefix rule */
  name = airtok_encoding_name_for_model("gpt-4o-2024-05-13");
  CHECK(name != NULL && strcmp(name, "o200k_base") == 0);
  CHECK(airtok_encoding_for_model("gpt-4-0613") == airtok_get_encoding("cl100k_base"));

  CHECK(airtok_encoding_name_for_model("no-such-model-xyz") == NULL);
  CHECK(contains(airtok_last_error(), "no-such-model-xyz"));
  set_marker_error();
  CHECK(airtok_encoding_for_model("no-such-model-xyz") == NULL);
  CHECK(contains(airtok_last_error(), "no-such-model-xyz"));
  CHECK(airtok_encoding_for_model(NULL) == NULL);
  CHECK(airtok_encoding_name_for_model(NULL) == NULL);
  CHECK(contains(airtok_last_error(), "airtok_encoding_name_for_model"));
}

/* ---- encoding ---------------------------------------------------------------------------- */

static void test_round_trips(const airtok_encoding* enc) {
  size_t s;
  for (s = 0; s < N_SAMPLES; ++s) {
    const char* text = kSamples[s];
    size_t len = strlen(text), n, n_bytes, size = 0;
    uint32_t* ids = encode_all(enc, text, len, &n);
    uint32_t* via_bytes = (uint32_t*)malloc((len + 1) * sizeof *via_bytes);
    uint32_t* via_encode = (uint32_t*)malloc((len + 1) * sizeof *via_encode);
    char* decoded;
    CHECK(n != AIRTOK_ERROR && n <= len);
    CHECK(airtok_encode_ordinary(enc, text, len, NULL, 0) == n);
    CHECK(airtok_count_ordinary(enc, text, len) == n);
    /* valid UTF-8: encode_bytes == encode_ordinary */
    n_bytes = airtok_encode_bytes(enc, text, len, via_bytes, len + 1);
    CHECK(n_bytes == n && same_ids(ids, via_bytes, n));
    /* no special handling: encode(..., disallowed = none) == encode_ordinary */
    CHECK(airtok_encode(enc, text, len, NULL, &airtok_special_none, via_encode, len + 1) == n);
    CHECK(same_ids(ids, via_encode, n));
    CHECK(airtok_count(enc, text, len, &airtok_special_none, &airtok_special_none) == n);
    decoded = decode_all(enc, ids, n, &size, 1);
    CHECK(decoded != NULL && size == len && memcmp(decoded, text, len) == 0);
    free(decoded);
    decoded = decode_all(enc, ids, n, &size, 0);
    CHECK(decoded != NULL && size == len && memcmp(decoded, text, len) == 0);
    free(decoded);
    free(ids);
    free(via_bytes);
    free(via_encode);
  }
}

static void test_output_capacity(const airtok_encoding* enc) {
  const char* text = kSamples[1];
  size_t len = strlen(text), n, i;
  uint32_t* ids = encode_all(enc, text, len, &n);
  uint32_t partial[64];
  CHECK(n > 3 && n < 60);
  for (i = 0; i < 64; ++i) partial[i] = AIRTOK_INVALID_TOKEN;
  CHECK(airtok_encode_ordinary(enc, text, len, partial, 3) == n);
  CHECK(same_ids(partial, ids, 3));
  CHECK(partial[3] == AIRTOK_INVALID_TOKEN); /* nothing written past cap */
  CHECK(airtok_encode_ordinary(enc, text, len, NULL, 5) == AIRTOK_ERROR);
  CHECK(contains(airtok_last_error(), "out is NULL"));
  CHECK(airtok_encode_bytes(enc, text, len, NULL, 5) == AIRTOK_ERROR);
  CHECK(airtok_encode(enc, text, len, NULL, NULL, NULL, 5) == AIRTOK_ERROR);
  free(ids);
}

static void test_null_text(const airtok_encoding* enc) {
  uint32_t ids[4];
  CHECK(airtok_encode_ordinary(enc, NULL, 0, ids, 4) == 0);
  CHECK(airtok_count_ordinary(enc, NULL, 0) == 0);
  CHECK(airtok_encode_ordinary(enc, NULL, 3, ids, 4) == AIRTOK_ERROR);
  CHECK(contains(airtok_last_error(), "text is NULL"));
  CHECK(airtok_count_ordinary(enc, NULL, 3) == AIRTOK_ERROR);
  CHECK(airtok_encode_bytes(enc, NULL, 1, ids, 4) == AIRTOK_ERROR);
  CHECK(airtok_encode(enc, NULL, 1, NULL, NULL, ids, 4) == AIRTOK_ERROR);
  CHECK(airtok_count(enc, NULL, 1, NULL, NULL) == AIRTOK_ERROR);
  CHECK(airtok_encode_single_token(enc, NULL, 1) == AIRTOK_INVALID_TOKEN);
}

static void test_invalid_utf8(const airtok_encoding* enc) {
  static const char bytes[] = "ok \xff\xfe then \xe6\x97 cut \x80";
  size_t len = sizeof bytes - 1, n, size = 0;
  uint32_t* ids = encode_all(enc, bytes, len, &n);
  uint32_t* via_bytes = (uint32_t*)malloc((len + 1) * sizeof *via_bytes);
  char *raw, *text;
  CHECK(n != AIRTOK_ERROR && n > 0 && n <= len);
  CHECK(airtok_encode_bytes(enc, bytes, len, via_bytes, len + 1) == n);
  CHECK(same_ids(ids, via_bytes, n));
  CHECK(airtok_count_ordinary(enc, bytes, len) == n);
  raw = decode_all(enc, ids, n, &size, 0);
  CHECK(raw != NULL && size == len && memcmp(raw, bytes, len) == 0);
  free(raw);
  text = decode_all(enc, ids, n, &size, 1);
  /* errors="replace": each invalid sequence becomes U+FFFD (EF BF BD) */
  CHECK(text != NULL && contains(text, "ok \xef\xbf\xbd\xef\xbf\xbd then \xef\xbf\xbd cut "));
  free(text);
  free(ids);
  free(via_bytes);
}

static void test_single_tokens(const airtok_encoding* enc) {
  const char* text = "hello world";
  size_t n, i;
  uint32_t* ids = encode_all(enc, text, strlen(text), &n);
  for (i = 0; i < n; ++i) {
    char buf[64];
    size_t size = airtok_decode_single_token_bytes(enc, ids[i], buf, sizeof buf);
    CHECK(size != AIRTOK_ERROR && size < sizeof buf);
    CHECK(airtok_encode_single_token(enc, buf, size) == ids[i]);
    CHECK(airtok_is_special_token(enc, ids[i]) == 0);
  }
  free(ids);
  set_marker_error();
  CHECK(airtok_encode_single_token(enc, "hello world, this is no single token", 36) ==
        AIRTOK_INVALID_TOKEN);
  CHECK(!contains(airtok_last_error(), "marker-encoding-name"));
}

/* ---- special tokens ---------------------------------------------------------------------- */

static void test_specials(const airtok_encoding* enc) {
  static const char eot_text[] = "<|endoftext|>";
  static const char mixed[] = "a<|endoftext|>b";
  const char* only_eot[1];
  const char* other[1];
  airtok_special_set allow_eot, allow_other, disallow_other, broken;
  uint32_t eot = airtok_eot_token(enc), ids[64], a[8], b[8];
  size_t n, na, nb, i;

  only_eot[0] = eot_text;
  other[0] = "<|fim_prefix|>";
  allow_eot.tokens = only_eot;
  allow_eot.count = 1;
  allow_eot.all = 0;
  allow_other.tokens = other;
  allow_other.count = 1;
  allow_other.all = 0;
  disallow_other = allow_other;

  CHECK(eot != AIRTOK_INVALID_TOKEN);
  CHECK(airtok_encode_single_token(enc, eot_text, 13) == eot);
  CHECK(airtok_is_special_token(enc, eot) == 1);
  CHECK(airtok_decode_single_token_bytes(enc, eot, (char*)ids, sizeof ids) == 13);
  CHECK(memcmp(ids, eot_text, 13) == 0);

  /* allowed: the text becomes the special token */
  CHECK(airtok_encode(enc, eot_text, 13, &airtok_special_all, NULL, ids, 64) == 1);
  CHECK(ids[0] == eot);
  CHECK(airtok_encode(enc, eot_text, 13, &allow_eot, NULL, ids, 64) == 1 && ids[0] == eot);
  CHECK(airtok_count(enc, eot_text, 13, &airtok_special_all, NULL) == 1);

  /* segments around a special token are encoded on their own */
  na = airtok_encode_ordinary(enc, "a", 1, a, 8);
  nb = airtok_encode_ordinary(enc, "b", 1, b, 8);
  n = airtok_encode(enc, mixed, sizeof mixed - 1, &allow_eot, NULL, ids, 64);
  CHECK(n == na + 1 + nb);
  CHECK(same_ids(ids, a, na) && ids[na] == eot && same_ids(ids + na + 1, b, nb));

  /* disallowed (the default): an error naming the token, nothing written */
  for (i = 0; i < 64; ++i) ids[i] = AIRTOK_INVALID_TOKEN;
  set_marker_error();
  CHECK(airtok_encode(enc, mixed, sizeof mixed - 1, NULL, NULL, ids, 64) == AIRTOK_ERROR);
  CHECK(contains(airtok_last_error(), eot_text));
  CHECK(ids[0] == AIRTOK_INVALID_TOKEN);
  CHECK(airtok_count(enc, mixed, sizeof mixed - 1, NULL, NULL) == AIRTOK_ERROR);
  /* allowing another token leaves this one disallowed ("all" minus the allowed) */
  CHECK(airtok_encode(enc, mixed, sizeof mixed - 1, &allow_other, NULL, ids, 64) == AIRTOK_ERROR);
  CHECK(airtok_encode(enc, mixed, sizeof mixed - 1, &allow_other, &airtok_special_all, ids, 64) ==
        AIRTOK_ERROR);
  /* disallowing only another token: this one is ordinary text */
  n = airtok_encode(enc, mixed, sizeof mixed - 1, NULL, &disallow_other, ids, 64);
  CHECK(n == airtok_count_ordinary(enc, mixed, sizeof mixed - 1));
  CHECK(n == airtok_count(enc, mixed, sizeof mixed - 1, NULL, &disallow_other));
  /* texts that are not special tokens are ignored, as tiktoken ignores them */
  only_eot[0] = "not a special token";
  CHECK(airtok_encode(enc, "abc", 3, &allow_eot, NULL, ids, 64) ==
        airtok_count_ordinary(enc, "abc", 3));
  only_eot[0] = eot_text;

  /* malformed sets */
  broken.tokens = NULL;
  broken.count = 2;
  broken.all = 0;
  CHECK(airtok_encode(enc, "abc", 3, &broken, NULL, ids, 64) == AIRTOK_ERROR);
  CHECK(contains(airtok_last_error(), "tokens array is NULL"));
  other[0] = NULL;
  CHECK(airtok_count(enc, "abc", 3, NULL, &disallow_other) == AIRTOK_ERROR);
  CHECK(contains(airtok_last_error(), "NULL string"));
}

/* ---- decoding ---------------------------------------------------------------------------- */

static void test_decode_buffers(const airtok_encoding* enc) {
  const char* text = "snprintf-style buffers";
  size_t len = strlen(text), n;
  uint32_t* ids = encode_all(enc, text, len, &n);
  char buf[64];
  uint32_t bad[2];

  CHECK(airtok_decode(enc, ids, n, NULL, 0) == len);
  CHECK(airtok_decode_bytes(enc, ids, n, NULL, 0) == len);
  memset(buf, 'x', sizeof buf);
  CHECK(airtok_decode(enc, ids, n, buf, 5) == len); /* truncated: 4 bytes and a NUL */
  CHECK(memcmp(buf, text, 4) == 0 && buf[4] == '\0' && buf[5] == 'x');
  CHECK(airtok_decode_bytes(enc, ids, n, buf, len) == len); /* one short of the NUL */
  CHECK(memcmp(buf, text, len - 1) == 0 && buf[len - 1] == '\0');
  CHECK(airtok_decode(enc, ids, n, buf, len + 1) == len);
  CHECK(strcmp(buf, text) == 0);
  CHECK(airtok_decode(enc, ids, 0, buf, sizeof buf) == 0 && buf[0] == '\0');
  CHECK(airtok_decode(enc, NULL, 0, buf, sizeof buf) == 0);
  CHECK(airtok_decode_single_token_bytes(enc, ids[0], NULL, 0) > 0);

  /* misuse */
  CHECK(airtok_decode(enc, ids, n, NULL, 4) == AIRTOK_ERROR);
  CHECK(contains(airtok_last_error(), "buf is NULL"));
  CHECK(airtok_decode_bytes(enc, NULL, 3, buf, sizeof buf) == AIRTOK_ERROR);
  CHECK(contains(airtok_last_error(), "tokens is NULL"));
  CHECK(airtok_decode_single_token_bytes(enc, ids[0], NULL, 4) == AIRTOK_ERROR);

  /* invalid token ids (tiktoken's KeyError): n_vocab is one past the largest id */
  bad[0] = ids[0];
  bad[1] = (uint32_t)airtok_n_vocab(enc);
  set_marker_error();
  strcpy(buf, "previous");
  CHECK(airtok_decode(enc, bad, 2, buf, sizeof buf) == AIRTOK_ERROR);
  CHECK(buf[0] == '\0');
  CHECK(!contains(airtok_last_error(), "marker-encoding-name") && airtok_last_error()[0] != 0);
  CHECK(airtok_decode_bytes(enc, bad, 2, buf, sizeof buf) == AIRTOK_ERROR);
  CHECK(airtok_decode_single_token_bytes(enc, bad[1], buf, sizeof buf) == AIRTOK_ERROR);
  CHECK(airtok_decode_single_token_bytes(enc, AIRTOK_INVALID_TOKEN, buf, sizeof buf) ==
        AIRTOK_ERROR);
  CHECK(airtok_is_special_token(enc, bad[1]) == 0);
  free(ids);
}

/* ---- NULL handles ------------------------------------------------------------------------ */

static void test_null_handle(void) {
  uint32_t ids[4] = {0, 0, 0, 0};
  char buf[8];
#define CHECK_NULL_HANDLE(call, error_value)                         \
  do {                                                               \
    set_marker_error();                                              \
    CHECK((call) == (error_value));                                  \
    CHECK(contains(airtok_last_error(), "encoding handle is NULL")); \
  } while (0)
  CHECK_NULL_HANDLE(airtok_encoding_name(NULL), NULL);
  CHECK_NULL_HANDLE(airtok_encoding_pattern(NULL), NULL);
  CHECK_NULL_HANDLE(airtok_n_vocab(NULL), 0);
  CHECK_NULL_HANDLE(airtok_max_token_value(NULL), 0);
  CHECK_NULL_HANDLE(airtok_eot_token(NULL), AIRTOK_INVALID_TOKEN);
  CHECK_NULL_HANDLE(airtok_is_special_token(NULL, 0), 0);
  CHECK_NULL_HANDLE(airtok_encode_ordinary(NULL, "a", 1, ids, 4), AIRTOK_ERROR);
  CHECK_NULL_HANDLE(airtok_encode(NULL, "a", 1, NULL, NULL, ids, 4), AIRTOK_ERROR);
  CHECK_NULL_HANDLE(airtok_encode_bytes(NULL, "a", 1, ids, 4), AIRTOK_ERROR);
  CHECK_NULL_HANDLE(airtok_count_ordinary(NULL, "a", 1), AIRTOK_ERROR);
  CHECK_NULL_HANDLE(airtok_count(NULL, "a", 1, NULL, NULL), AIRTOK_ERROR);
  CHECK_NULL_HANDLE(airtok_encode_single_token(NULL, "a", 1), AIRTOK_INVALID_TOKEN);
  CHECK_NULL_HANDLE(airtok_decode(NULL, ids, 1, buf, sizeof buf), AIRTOK_ERROR);
  CHECK_NULL_HANDLE(airtok_decode_bytes(NULL, ids, 1, buf, sizeof buf), AIRTOK_ERROR);
  CHECK_NULL_HANDLE(airtok_decode_single_token_bytes(NULL, 0, buf, sizeof buf), AIRTOK_ERROR);
#undef CHECK_NULL_HANDLE
  airtok_encoding_free(NULL); /* no-op */
}

/* ---- custom encodings -------------------------------------------------------------------- */

static void base64(const unsigned char* in, size_t len, char* out) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i, o = 0;
  for (i = 0; i < len; i += 3) {
    unsigned long v = (unsigned long)in[i] << 16;
    if (i + 1 < len) v |= (unsigned long)in[i + 1] << 8;
    if (i + 2 < len) v |= in[i + 2];
    out[o++] = kAlphabet[(v >> 18) & 63];
    out[o++] = kAlphabet[(v >> 12) & 63];
    out[o++] = i + 1 < len ? kAlphabet[(v >> 6) & 63] : '=';
    out[o++] = i + 2 < len ? kAlphabet[v & 63] : '=';
  }
  out[o] = '\0';
}

/* A tiny vocabulary: every byte b has rank b, then "ab" 256, "cd" 257, "abcd" 258. */
static int write_tiny_vocab(const char* path, int corrupt) {
  static const char* const kMerged[] = {"ab", "cd", "abcd"};
  FILE* file = fopen(path, "wb");
  char encoded[16];
  int b;
  size_t i;
  if (file == NULL) return 0;
  for (b = 0; b < 256; ++b) {
    unsigned char byte = (unsigned char)b;
    base64(&byte, 1, encoded);
    fprintf(file, "%s %d\n", encoded, b);
  }
  for (i = 0; i < 3; ++i) {
    base64((const unsigned char*)kMerged[i], strlen(kMerged[i]), encoded);
    fprintf(file, "%s %d\n", corrupt && i == 1 ? "!!not-base64!!" : encoded, 256 + (int)i);
  }
  return fclose(file) == 0;
}

/* The SHA-256 listed for `name` in data/SHA256SUMS. */
static int read_sha256(const char* name, char* hex) {
  char line[512], file_name[256];
  FILE* sums = fopen(AIRTOK_TEST_DATA_DIR "/SHA256SUMS", "r");
  int found = 0;
  if (sums == NULL) return 0;
  while (!found && fgets(line, sizeof line, sums) != NULL) {
    found = sscanf(line, "%64s %255s", hex, file_name) == 2 && strcmp(file_name, name) == 0;
  }
  fclose(sums);
  return found;
}

static void test_custom_tiny(void) {
  const char* path = AIRTOK_TEST_TMP_DIR "/capi_tiny.tiktoken";
  const char* bad_path = AIRTOK_TEST_TMP_DIR "/capi_tiny_corrupt.tiktoken";
  const char* pattern = "\\S+|\\s+"; /* not a built-in pattern: the generic (PCRE2) path */
  const char* special_texts[2] = {"<|end|>", "<|pad|>"};
  uint32_t special_ids[2] = {259, 260};
  uint32_t clash_ids[2] = {259, 258};
  airtok_special_set allow_all_specials;
  airtok_encoding* enc;
  uint32_t ids[16];
  char buf[64];
  size_t n;

  CHECK(write_tiny_vocab(path, 0));
  CHECK(write_tiny_vocab(bad_path, 1));
  enc = airtok_encoding_create("tiny", pattern, path, NULL, special_texts, special_ids, 2, 261);
  CHECK(enc != NULL);
  if (enc == NULL) return;
  CHECK(strcmp(airtok_encoding_name(enc), "tiny") == 0);
  CHECK(strcmp(airtok_encoding_pattern(enc), pattern) == 0);
  CHECK(airtok_n_vocab(enc) == 261);
  CHECK(airtok_max_token_value(enc) == 260);
  CHECK(airtok_eot_token(enc) == AIRTOK_INVALID_TOKEN); /* no <|endoftext|> */
  CHECK(airtok_last_error()[0] != '\0');
  CHECK(airtok_is_special_token(enc, 260) == 1 && airtok_is_special_token(enc, 258) == 0);

  /* "abcd" is one token; "abcx" merges only "ab"; " " is its own piece */
  n = airtok_encode_ordinary(enc, "abcd abcx", 9, ids, 16);
  CHECK(n == 5 && ids[0] == 258 && ids[1] == (uint32_t)' ' && ids[2] == 256 &&
        ids[3] == (uint32_t)'c' && ids[4] == (uint32_t)'x');
  allow_all_specials = airtok_special_all;
  n = airtok_encode(enc, "cd<|pad|>", 9, &allow_all_specials, NULL, ids, 16);
  CHECK(n == 2 && ids[0] == 257 && ids[1] == 260);
  CHECK(airtok_encode(enc, "cd<|pad|>", 9, NULL, NULL, ids, 16) == AIRTOK_ERROR);
  CHECK(airtok_encode_single_token(enc, "<|end|>", 7) == 259);
  CHECK(airtok_decode(enc, ids, 2, buf, sizeof buf) == 9 && strcmp(buf, "cd<|pad|>") == 0);
  airtok_encoding_free(enc);

  /* without explicit_n_vocab and specials */
  enc = airtok_encoding_create("tiny2", pattern, path, NULL, NULL, NULL, 0, 0);
  CHECK(enc != NULL && airtok_n_vocab(enc) == 259);
  airtok_encoding_free(enc);

  /* errors: each returns NULL and says why */
  CHECK(airtok_encoding_create("t", pattern, AIRTOK_TEST_TMP_DIR "/no-such-file.tiktoken", NULL,
                               NULL, NULL, 0, 0) == NULL);
  CHECK(contains(airtok_last_error(), "no-such-file.tiktoken"));
  CHECK(airtok_encoding_create("t", pattern, bad_path, NULL, NULL, NULL, 0, 0) == NULL);
  CHECK(contains(airtok_last_error(), "capi_tiny_corrupt.tiktoken"));
  CHECK(airtok_encoding_create("t", pattern, path, NULL, special_texts, clash_ids, 2, 0) ==
        NULL); /* special id 258 is also a rank */
  CHECK(airtok_last_error()[0] != '\0');
  set_marker_error();
  CHECK(airtok_encoding_create("t", pattern, path, NULL, special_texts, special_ids, 2, 999) ==
        NULL); /* n_vocab mismatch */
  CHECK(!contains(airtok_last_error(), "marker-encoding-name"));
  special_texts[1] = special_texts[0];
  CHECK(airtok_encoding_create("t", pattern, path, NULL, special_texts, special_ids, 2, 0) == NULL);
  CHECK(contains(airtok_last_error(), "given twice"));
  CHECK(airtok_encoding_create("t", "(unclosed", path, NULL, NULL, NULL, 0, 0) == NULL);
  CHECK(airtok_encoding_create("t", pattern, path, "0000", NULL, NULL, 0, 0) == NULL);
  CHECK(airtok_encoding_create(NULL, pattern, path, NULL, NULL, NULL, 0, 0) == NULL);
  CHECK(contains(airtok_last_error(), "name is NULL"));
  CHECK(airtok_encoding_create("t", NULL, path, NULL, NULL, NULL, 0, 0) == NULL);
  CHECK(airtok_encoding_create("t", pattern, NULL, NULL, NULL, NULL, 0, 0) == NULL);
  CHECK(airtok_encoding_create("t", pattern, path, NULL, NULL, NULL, 2, 0) == NULL);
  CHECK(contains(airtok_last_error(), "special_tokens or special_ids is NULL"));
  remove(path);
  remove(bad_path);
}

/* A custom encoding built from the vendored r50k_base.tiktoken, with the built-in's pattern and
 * end-of-text id, must encode exactly as the built-in r50k_base. */
static void test_custom_like_builtin(void) {
  const airtok_encoding* builtin = airtok_get_encoding("r50k_base");
  const char* path = AIRTOK_TEST_DATA_DIR "/r50k_base.tiktoken";
  const char* eot_text[1] = {"<|endoftext|>"};
  uint32_t eot_id[1];
  char sha[65], wrong[65];
  airtok_encoding* custom;
  size_t s;

  CHECK(builtin != NULL);
  if (builtin == NULL) return;
  CHECK(read_sha256("r50k_base.tiktoken", sha));
  eot_id[0] = airtok_eot_token(builtin);
  custom = airtok_encoding_create("my_r50k", airtok_encoding_pattern(builtin), path, sha, eot_text,
                                  eot_id, 1, airtok_n_vocab(builtin));
  CHECK(custom != NULL);
  if (custom == NULL) return;
  CHECK(airtok_n_vocab(custom) == airtok_n_vocab(builtin));
  CHECK(airtok_eot_token(custom) == airtok_eot_token(builtin));
  for (s = 0; s < N_SAMPLES; ++s) {
    size_t len = strlen(kSamples[s]), n1, n2;
    uint32_t* a = encode_all(builtin, kSamples[s], len, &n1);
    uint32_t* b = encode_all(custom, kSamples[s], len, &n2);
    CHECK(n1 == n2 && same_ids(a, b, n1));
    free(a);
    free(b);
  }
  airtok_encoding_free(custom);
  airtok_encoding_free(builtin); /* no-op on a built-in handle */
  CHECK(airtok_get_encoding("r50k_base") == builtin && airtok_n_vocab(builtin) > 0);

  memcpy(wrong, sha, sizeof wrong);
  wrong[0] = wrong[0] == '0' ? '1' : '0';
  CHECK(airtok_encoding_create("bad_sha", airtok_encoding_pattern(builtin), path, wrong, NULL, NULL,
                               0, 0) == NULL);
  CHECK(contains(airtok_last_error(), "r50k_base.tiktoken"));
}

/* ---- thread-local errors ----------------------------------------------------------------- */

static int g_thread_saw_its_error;

static void* fail_in_thread(void* arg) {
  (void)arg;
  (void)airtok_get_encoding("other-thread-encoding");
  g_thread_saw_its_error = contains(airtok_last_error(), "other-thread-encoding");
  return NULL;
}

static void test_thread_local_error(void) {
  pthread_t thread;
  set_marker_error();
  CHECK(pthread_create(&thread, NULL, fail_in_thread, NULL) == 0);
  CHECK(pthread_join(thread, NULL) == 0);
  CHECK(g_thread_saw_its_error == 1);
  CHECK(contains(airtok_last_error(), "marker-encoding-name"));
  /* success does not clear the message */
  CHECK(airtok_get_encoding("cl100k_base") != NULL);
  CHECK(contains(airtok_last_error(), "marker-encoding-name"));
}

/* ---- harmony ------------------------------------------------------------------------------ */

/* Render a conversation, parse it back, stream it; ids come from the render itself. */
static void test_harmony(void) {
  static const char kConvo[] =
      "{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"Hi\"}]},"
      " {\"role\": \"assistant\", \"channel\": \"final\","
      " \"content\": [{\"type\": \"text\", \"text\": \"Hello there\"}]}]}";
  const airtok_harmony_encoding* h = airtok_harmony_load("HarmonyGptOss");
  const airtok_encoding* o200k = airtok_get_encoding("o200k_harmony");
  uint32_t ids[256], stops[4], more[256];
  char buf[1024];
  size_t n, i, nstop, m;
  airtok_harmony_parser* p;

  CHECK(h != NULL && h == airtok_harmony_load("HarmonyGptOss"));
  CHECK(airtok_harmony_load("gpt-oss") == NULL && contains(airtok_last_error(), "HarmonyGptOss"));
  CHECK(airtok_harmony_load(NULL) == NULL);

  n = airtok_harmony_render(h, kConvo, strlen(kConvo), AIRTOK_HARMONY_RENDER_CONVERSATION, NULL, 1,
                            ids, 256);
  CHECK(n != AIRTOK_ERROR && n > 4 && n < 256);
  CHECK(airtok_harmony_render(h, kConvo, strlen(kConvo), AIRTOK_HARMONY_RENDER_CONVERSATION, NULL,
                              1, NULL, 0) == n);
  CHECK(airtok_decode(o200k, ids, n, buf, sizeof buf) < sizeof buf);
  CHECK(strcmp(buf,
               "<|start|>user<|message|>Hi<|end|><|start|>assistant<|channel|>final"
               "<|message|>Hello there<|end|>") == 0);

  /* Training ends with <|return|>, a stop token for assistant actions; completion appends
   * <|start|>assistant. */
  m = airtok_harmony_render(h, kConvo, strlen(kConvo), AIRTOK_HARMONY_RENDER_TRAINING, NULL, 1,
                            more, 256);
  CHECK(m == n && more[m - 1] != ids[n - 1]);
  nstop = airtok_harmony_stop_tokens(h, 1, stops, 4);
  CHECK(nstop == 2 && (stops[0] == more[m - 1] || stops[1] == more[m - 1]));
  CHECK(airtok_harmony_stop_tokens(h, 0, stops, 4) == 3);
  for (i = 0; i < 3; ++i) CHECK(airtok_is_special_token(o200k, stops[i]) == 1);
  m = airtok_harmony_render(h, kConvo, strlen(kConvo), AIRTOK_HARMONY_RENDER_COMPLETION,
                            "assistant", 1, more, 256);
  CHECK(m > n && same_ids(more, ids, n));
  CHECK(airtok_harmony_render(h, kConvo, strlen(kConvo), AIRTOK_HARMONY_RENDER_COMPLETION, NULL, 1,
                              more, 256) == AIRTOK_ERROR);
  CHECK(contains(airtok_last_error(), "next_role"));

  /* Parse back: the JSON array holds both messages. */
  m = airtok_harmony_parse(h, ids, n, NULL, 1, buf, sizeof buf);
  CHECK(m != AIRTOK_ERROR && m < sizeof buf);
  CHECK(contains(buf, "\"Hello there\"") && contains(buf, "\"final\"") && buf[0] == '[');
  CHECK(airtok_harmony_parse(h, ids + 1, n - 1, NULL, 1, buf, sizeof buf) == AIRTOK_ERROR);
  CHECK(contains(airtok_last_error(), "expecting start token"));

  /* Stream it: state, deltas, current fields, messages. */
  p = airtok_harmony_parser_new(h, NULL, 1);
  CHECK(p != NULL && airtok_harmony_parser_state(p) == AIRTOK_HARMONY_EXPECT_START);
  for (i = 0; i < n; ++i) {
    CHECK(airtok_harmony_parser_process(p, ids[i]) == 0);
    if (airtok_harmony_parser_state(p) == AIRTOK_HARMONY_CONTENT) {
      CHECK(airtok_harmony_parser_get(p, AIRTOK_HARMONY_FIELD_ROLE, buf, sizeof buf) > 0);
    }
  }
  CHECK(airtok_harmony_parser_state(p) == AIRTOK_HARMONY_EXPECT_START);
  CHECK(airtok_harmony_parser_messages(p, buf, sizeof buf) < sizeof buf && contains(buf, "Hi"));
  CHECK(airtok_harmony_parser_process(p, ids[1]) == -1); /* not <|start|> */
  airtok_harmony_parser_free(p);

  p = airtok_harmony_parser_new(h, "assistant", 1);
  CHECK(p != NULL && airtok_harmony_parser_state(p) == AIRTOK_HARMONY_HEADER);
  CHECK(airtok_harmony_parser_get(p, AIRTOK_HARMONY_FIELD_ROLE, buf, sizeof buf) == 9);
  CHECK(strcmp(buf, "assistant") == 0);
  CHECK(airtok_harmony_parser_process_eos(p) == -1); /* inside a header */
  CHECK(contains(airtok_last_error(), "header"));
  airtok_harmony_parser_free(p);
  CHECK(airtok_harmony_parser_new(h, "wizard", 1) == NULL);
  CHECK(airtok_harmony_parser_state(NULL) == -1);
  airtok_harmony_parser_free(NULL);

  /* Errors name the problem. */
  CHECK(airtok_harmony_render(h, "{", 1, AIRTOK_HARMONY_RENDER_CONVERSATION, NULL, 1, ids, 256) ==
        AIRTOK_ERROR);
  CHECK(contains(airtok_last_error(), "not valid JSON"));
  CHECK(airtok_harmony_render(NULL, kConvo, strlen(kConvo), 0, NULL, 1, ids, 256) == AIRTOK_ERROR);
  CHECK(airtok_harmony_render_message(h, "{\"role\": \"tool\", \"content\": \"x\"}", 32, 0, ids,
                                      256) == AIRTOK_ERROR);
  CHECK(contains(airtok_last_error(), "Tools should have a name"));
}

int main(void) {
  const char* names[64];
  size_t n = airtok_list_encoding_names(names, 64), i;

  CHECK(airtok_last_error() != NULL && airtok_last_error()[0] == '\0');
  test_version();
  test_encoding_names();
  test_get_encoding_errors();
  test_models();
  for (i = 0; i < n && i < 64; ++i) {
    const airtok_encoding* enc = airtok_get_encoding(names[i]);
    if (enc == NULL) continue;
    test_round_trips(enc);
    test_output_capacity(enc);
    test_null_text(enc);
    test_invalid_utf8(enc);
    test_single_tokens(enc);
    test_specials(enc);
    test_decode_buffers(enc);
  }
  test_null_handle();
  test_custom_tiny();
  test_custom_like_builtin();
  test_thread_local_error();
  test_harmony();

  printf("%d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}

/* cache_capi_test.c — the tiktoken cache section of the C API, from C: the key, the directory
 * and its rule, install, verify (JSON), encodings from the cache, openai-harmony's directory
 * (the *_for functions), and the error paths. The last
 * line is "N passed, M failed". */
#include <airtok/airtok.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int passed = 0, failed = 0;

#define CHECK(cond)                                             \
  do {                                                          \
    if (cond) {                                                 \
      ++passed;                                                 \
    } else {                                                    \
      ++failed;                                                 \
      printf("CHECK failed at line %d: %s\n", __LINE__, #cond); \
      printf("  last error: %s\n", airtok_last_error());        \
    }                                                           \
  } while (0)

static int encode_same(const airtok_encoding* a, const airtok_encoding* b, const char* text) {
  uint32_t x[256], y[256];
  size_t n = airtok_encode_ordinary(a, text, strlen(text), x, 256);
  size_t m = airtok_encode_ordinary(b, text, strlen(text), y, 256);
  return n != AIRTOK_ERROR && n == m && memcmp(x, y, n * sizeof x[0]) == 0;
}

int main(void) {
  char buf[4096];
  char dir[] = "/tmp/airtok-capi-XXXXXX";
  const char* cl100k[] = {"cl100k_base"};
  const char* bogus[] = {"cl100k"};
  int rule = -1;
  size_t problems = 99, n;
  airtok_encoding* enc;

  CHECK(mkdtemp(dir) != NULL);

  /* The key. */
  n = airtok_cache_key("https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
                       buf, sizeof buf);
  CHECK(n == 40 && strcmp(buf, "9b5ad71b2ce5302211f9c61530b329a4922fc6a4") == 0);
  CHECK(airtok_cache_key(NULL, buf, sizeof buf) == AIRTOK_ERROR);
  CHECK(airtok_cache_key("x", NULL, 0) == 40); /* size query */

  /* The directory and its rule. */
  CHECK(setenv("TIKTOKEN_CACHE_DIR", dir, 1) == 0);
  n = airtok_cache_dir(buf, sizeof buf, &rule);
  CHECK(n == strlen(dir) && strcmp(buf, dir) == 0 && rule == AIRTOK_CACHE_RULE_TIKTOKEN_CACHE_DIR);
  CHECK(airtok_cache_dir_reason(buf, sizeof buf) != AIRTOK_ERROR &&
        strstr(buf, "TIKTOKEN_CACHE_DIR is set to") != NULL);
  CHECK(setenv("TIKTOKEN_CACHE_DIR", "", 1) == 0);
  CHECK(airtok_cache_dir(buf, sizeof buf, &rule) == 0 && buf[0] == '\0');
  CHECK(setenv("TIKTOKEN_CACHE_DIR", dir, 1) == 0);

  /* A missing file: NULL and the fix in the message. */
  CHECK(airtok_encoding_from_cache("cl100k_base", NULL) == NULL);
  CHECK(strstr(airtok_last_error(), "airtok cache install cl100k_base") != NULL);
  CHECK(strstr(airtok_last_error(), "9b5ad71b2ce5302211f9c61530b329a4922fc6a4") != NULL);

  /* Install, verify. */
  CHECK(airtok_cache_install(NULL, cl100k, 1) == 1);
  CHECK(airtok_cache_install(NULL, bogus, 1) == AIRTOK_ERROR);
  CHECK(strstr(airtok_last_error(), "Unknown encoding cl100k") != NULL);
  CHECK(airtok_cache_install(NULL, NULL, 1) == AIRTOK_ERROR);
  n = airtok_cache_verify(NULL, cl100k, 1, buf, sizeof buf, &problems);
  CHECK(n != AIRTOK_ERROR && n < sizeof buf && problems == 0);
  CHECK(strstr(buf, "\"ok\":true") != NULL);
  n = airtok_cache_verify(NULL, NULL, 0, NULL, 0, &problems); /* all six: five missing */
  CHECK(n != AIRTOK_ERROR && problems == 5);

  /* An encoding from the cache gives what the built-in one gives. */
  enc = airtok_encoding_from_cache("cl100k_base", NULL);
  CHECK(enc != NULL);
  if (enc != NULL) {
    CHECK(encode_same(enc, airtok_get_encoding("cl100k_base"), "hello world, offline"));
    CHECK(airtok_n_vocab(enc) == 100277);
    airtok_encoding_free(enc);
  }
  /* ... and through an explicit directory, by URL. */
  CHECK(unsetenv("TIKTOKEN_CACHE_DIR") == 0);
  {
    const char* texts[] = {"<|endoftext|>"};
    uint32_t ids[] = {100257};
    enc = airtok_encoding_load(
        "mine", airtok_encoding_pattern(airtok_get_encoding("cl100k_base")),
        "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken", NULL, texts,
        ids, 1, 0, dir);
    CHECK(enc != NULL);
    if (enc != NULL) {
      CHECK(encode_same(enc, airtok_get_encoding("cl100k_base"), "Ünïcödé 123 don't"));
      airtok_encoding_free(enc);
    }
  }
  CHECK(airtok_encoding_load("x", "a", "https://example.invalid/none.tiktoken", NULL, NULL, NULL, 0,
                             0, dir) == NULL);
  CHECK(strstr(airtok_last_error(), "airtok cache add FILE --url") != NULL);
  CHECK(airtok_encoding_from_cache(NULL, dir) == NULL);

  /* openai-harmony's directory, files and names. */
  {
    char base[4200], path[4300];
    const char* o200k_harmony[] = {"o200k_harmony"};
    snprintf(base, sizeof base, "%s/encodings-base", dir);
    CHECK(unsetenv("TIKTOKEN_ENCODINGS_BASE") == 0);
    CHECK(setenv("TIKTOKEN_RS_CACHE_DIR", dir, 1) == 0);
    n = airtok_cache_dir_for(AIRTOK_CONSUMER_HARMONY, buf, sizeof buf, &rule);
    CHECK(n == strlen(dir) && strcmp(buf, dir) == 0 &&
          rule == AIRTOK_CACHE_RULE_TIKTOKEN_RS_CACHE_DIR);
    CHECK(setenv("TIKTOKEN_ENCODINGS_BASE", base, 1) == 0); /* wins over TIKTOKEN_RS_CACHE_DIR */
    n = airtok_cache_dir_for(AIRTOK_CONSUMER_HARMONY, buf, sizeof buf, &rule);
    CHECK(strcmp(buf, base) == 0 && rule == AIRTOK_CACHE_RULE_TIKTOKEN_ENCODINGS_BASE);
    n = airtok_cache_verify_for(AIRTOK_CONSUMER_HARMONY, NULL, NULL, 0, buf, sizeof buf, &problems);
    CHECK(n != AIRTOK_ERROR && problems == 1 && strstr(buf, "\"missing\"") != NULL);
    CHECK(airtok_cache_install_for(AIRTOK_CONSUMER_HARMONY, NULL, NULL, 0) == 1);
    snprintf(path, sizeof path, "%s/o200k_base.tiktoken", base);
    CHECK(access(path, R_OK) == 0); /* the plain name, in TIKTOKEN_ENCODINGS_BASE */
    n = airtok_cache_verify_for(AIRTOK_CONSUMER_HARMONY, NULL, o200k_harmony, 1, buf, sizeof buf,
                                &problems);
    CHECK(n != AIRTOK_ERROR && problems == 0 && strstr(buf, "openai-harmony") != NULL);
    CHECK(airtok_cache_install_for(AIRTOK_CONSUMER_HARMONY, NULL, cl100k, 1) == AIRTOK_ERROR);
    CHECK(strstr(airtok_last_error(), "openai-harmony reads only o200k_base.tiktoken") != NULL);
    CHECK(airtok_cache_dir_for(7, buf, sizeof buf, NULL) == AIRTOK_ERROR);
    CHECK(strstr(airtok_last_error(), "AIRTOK_CONSUMER_HARMONY") != NULL);
    /* An explicit directory gets both names. */
    CHECK(airtok_cache_install_for(AIRTOK_CONSUMER_HARMONY, base, NULL, 0) == 2);
    CHECK(airtok_cache_install_for(AIRTOK_CONSUMER_TIKTOKEN, base, cl100k, 1) == 1);
    CHECK(unsetenv("TIKTOKEN_ENCODINGS_BASE") == 0 && unsetenv("TIKTOKEN_RS_CACHE_DIR") == 0);
  }

  {
    char command[256];
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    CHECK(system(command) == 0);
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

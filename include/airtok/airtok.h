/* airtok/airtok.h — the stable C API of airtok.
 *
 * airtok tokenizes text with OpenAI's byte-pair encodings and gives exactly the token ids that
 * tiktoken gives, offline: the official encodings are compiled into the library.
 *
 * Tutorial:
 *
 *   #include <airtok/airtok.h>
 *
 *   const airtok_encoding* enc = airtok_get_encoding("cl100k_base");  // built in, never freed
 *   if (!enc) { fprintf(stderr, "%s\n", airtok_last_error()); return 1; }
 *
 *   const char* text = "hello world";
 *   size_t len = strlen(text);
 *   uint32_t ids[64];  // a count never exceeds len, so len slots always suffice
 *   size_t n = airtok_encode_ordinary(enc, text, len, ids, 64);  // tiktoken's encode_ordinary
 *
 *   char buf[256];
 *   size_t need = airtok_decode(enc, ids, n, buf, sizeof buf);  // snprintf-style
 *   if (need == AIRTOK_ERROR) { ... } else if (need >= sizeof buf) { ... buffer too small ... }
 *
 *   // Special tokens follow tiktoken: by default (NULL, NULL) every special token is
 *   // disallowed and text containing one is an error; allow them explicitly:
 *   size_t m = airtok_encode(enc, "<|endoftext|>", 13, &airtok_special_all, NULL, ids, 64);
 *
 * Conventions used by every function:
 *
 *  - Errors. No C++ exception ever crosses this API. A function that fails returns its error
 *    value (NULL, AIRTOK_ERROR, AIRTOK_INVALID_TOKEN or 0, as documented) and sets the calling
 *    thread's error message, which airtok_last_error() returns. Successful calls do not clear
 *    the message (like errno): test the return value first.
 *  - Counts. Functions that produce token ids or bytes return the full size of the result
 *    (size_t) and write at most `cap` elements into the caller's buffer, so a call with cap 0
 *    (and a NULL buffer) asks for the size. AIRTOK_ERROR ((size_t)-1) is never a valid size: a
 *    token count is at most the input length in bytes, and a decoded size is at most the sum of
 *    the tokens' byte lengths, both far below SIZE_MAX.
 *  - Text is given as (pointer, length) and may contain any bytes, including NUL. Names (of
 *    encodings, models, special tokens, files) are NUL-terminated strings.
 *  - Handles. airtok_encoding is opaque. Built-in handles (airtok_get_encoding,
 *    airtok_encoding_for_model) are valid for the life of the process; the same name always
 *    gives the same pointer. Handles made by airtok_encoding_create belong to the caller, who
 *    releases them with airtok_encoding_free. Passing a NULL handle is an error, never a crash.
 *  - Thread safety. Every function may be called from any number of threads at once, on the
 *    same handle too: encodings are immutable. The only exception is airtok_encoding_free, which
 *    must not race with other uses of the handle it frees.
 *
 * The header is valid C99 and C++.
 */
#ifndef AIRTOK_AIRTOK_H
#define AIRTOK_AIRTOK_H

#include <airtok/export.h>

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Version ------------------------------------------------------------------------------ */

#define AIRTOK_VERSION_MAJOR 0
#define AIRTOK_VERSION_MINOR 1
#define AIRTOK_VERSION_PATCH 0

/* The library's version as "MAJOR.MINOR.PATCH" (a static string). Compare it with the macros
 * above to detect a header / library mismatch. */
AIRTOK_API const char* airtok_version(void);

/* ---- Errors ------------------------------------------------------------------------------- */

/* The error value of functions that return a size. */
#define AIRTOK_ERROR ((size_t)-1)

/* The error value of functions that return a single token id. No encoding has this id:
 * airtok_encoding_create rejects one that would. */
#define AIRTOK_INVALID_TOKEN ((uint32_t)0xFFFFFFFFu)

/* The message of the last failing airtok call on this thread: the C++ library's message (which
 * names the unknown encoding and the known ones, the file and line of a load error, the
 * disallowed special token, the invalid token id, ...) or, for misuse of this API, the function
 * and the argument at fault. The empty string if no call has failed on this thread. The pointer
 * stays valid until the next failing airtok call on the same thread. Never NULL. */
AIRTOK_API const char* airtok_last_error(void);

/* ---- Encodings ---------------------------------------------------------------------------- */

/* An encoding: a vocabulary, a pre-tokenizer pattern and special tokens (tiktoken's Encoding).
 * Opaque; immutable; see "Handles" above. */
typedef struct airtok_encoding airtok_encoding;

/* tiktoken's get_encoding(name): the built-in encoding called `name` ("gpt2", "r50k_base",
 * "p50k_base", "p50k_edit", "cl100k_base", "o200k_base", "o200k_harmony"). Needs no file and no
 * network. Returns a process-lifetime handle, or NULL (with last_error listing the known names)
 * for an unknown name or a NULL `name`. */
AIRTOK_API const airtok_encoding* airtok_get_encoding(const char* name);

/* tiktoken's encoding_name_for_model(model): the name of the encoding a model uses (exact model
 * names first, then prefixes such as "gpt-4o-" or "ft:gpt-4o"). Returns a static string, or
 * NULL (with tiktoken's message in last_error) when the model cannot be mapped. */
AIRTOK_API const char* airtok_encoding_name_for_model(const char* model);

/* tiktoken's encoding_for_model(model): airtok_get_encoding(airtok_encoding_name_for_model(model)).
 * Returns a process-lifetime handle, or NULL. */
AIRTOK_API const airtok_encoding* airtok_encoding_for_model(const char* model);

/* tiktoken's list_encoding_names(): writes up to `cap` pointers to the built-in encodings' names
 * (static strings, in tiktoken's order) into `names` and returns how many there are. `names` may
 * be NULL when `cap` is 0. */
AIRTOK_API size_t airtok_list_encoding_names(const char** names, size_t cap);

/* tiktoken's Encoding(name, pat_str=pattern, mergeable_ranks=load_tiktoken_bpe(path),
 * special_tokens={...}, explicit_n_vocab=...): a custom encoding built from a local `.tiktoken`
 * file (lines of "<base64 token> <rank>").
 *  - `name`, `pattern`, `tiktoken_path` are required. The pattern uses tiktoken's regex syntax;
 *    tiktoken's own patterns get the specialized pre-tokenizers, others go through PCRE2.
 *  - `expected_sha256`: NULL, or the file's lowercase hex SHA-256, which must then match.
 *  - `special_tokens[i]` has id `special_ids[i]`, for i < n_special (both may be NULL when
 *    n_special is 0).
 *  - `explicit_n_vocab`: 0, or the vocabulary size tiktoken's constructor then checks.
 * Reads the file; never touches the network. Returns a handle the caller owns (release it with
 * airtok_encoding_free), or NULL with last_error naming the file, the line and the problem
 * (missing file, bad base64, a duplicate token, a clash between ranks and special ids, a pattern
 * that does not compile, an id equal to AIRTOK_INVALID_TOKEN, ...). */
AIRTOK_API airtok_encoding* airtok_encoding_create(const char* name, const char* pattern,
                                                   const char* tiktoken_path,
                                                   const char* expected_sha256,
                                                   const char* const* special_tokens,
                                                   const uint32_t* special_ids, size_t n_special,
                                                   size_t explicit_n_vocab);

/* Releases a handle from airtok_encoding_create. On a built-in handle or NULL it does nothing.
 * The handle must not be in use by another thread, nor used afterwards. */
AIRTOK_API void airtok_encoding_free(const airtok_encoding* enc);

/* ---- Properties --------------------------------------------------------------------------- */
/* With a NULL handle these return NULL / 0 / AIRTOK_INVALID_TOKEN and set last_error. */

/* The encoding's name (tiktoken's Encoding.name), valid as long as the handle. */
AIRTOK_API const char* airtok_encoding_name(const airtok_encoding* enc);

/* The pre-tokenizer pattern as given (tiktoken's Encoding._pat_str), valid as long as the
 * handle. */
AIRTOK_API const char* airtok_encoding_pattern(const airtok_encoding* enc);

/* tiktoken's Encoding.n_vocab: max_token_value + 1. */
AIRTOK_API size_t airtok_n_vocab(const airtok_encoding* enc);

/* tiktoken's Encoding.max_token_value: the largest ordinary or special token id. */
AIRTOK_API uint32_t airtok_max_token_value(const airtok_encoding* enc);

/* tiktoken's Encoding.eot_token: the id of "<|endoftext|>", or AIRTOK_INVALID_TOKEN (and
 * last_error set) if the encoding has no such token. */
AIRTOK_API uint32_t airtok_eot_token(const airtok_encoding* enc);

/* tiktoken's Encoding.is_special_token(token): 1 if `token` is one of the encoding's special
 * tokens, 0 otherwise (also 0 for a NULL handle, which sets last_error). */
AIRTOK_API int airtok_is_special_token(const airtok_encoding* enc, uint32_t token);

/* ---- Encoding text ------------------------------------------------------------------------ */

/* A set of special tokens, for airtok_encode's `allowed` and `disallowed` arguments: all of the
 * encoding's special tokens (tiktoken's "all") when `all` is non-zero, otherwise the `count`
 * NUL-terminated texts in `tokens` (tiktoken's set of strings; texts that are not special
 * tokens of the encoding are ignored). */
typedef struct airtok_special_set {
  const char* const* tokens;
  size_t count;
  int all;
} airtok_special_set;

/* Ready-made sets: every special token (tiktoken's "all") and none (tiktoken's set()). */
AIRTOK_API extern const airtok_special_set airtok_special_all;
AIRTOK_API extern const airtok_special_set airtok_special_none;

/* tiktoken's encode_ordinary(text): the token ids of `text`, special tokens' texts being
 * ordinary text. Bytes that are not valid UTF-8 are encoded as by airtok_encode_bytes.
 * Writes min(count, cap) ids into `out` and returns the count, which is at most `len` (so a
 * buffer of `len` ids always suffices). `out` may be NULL when `cap` is 0. Never fails on
 * content; returns AIRTOK_ERROR only for a NULL handle or a NULL `text` with `len` > 0. */
AIRTOK_API size_t airtok_encode_ordinary(const airtok_encoding* enc, const char* text, size_t len,
                                         uint32_t* out, size_t cap);

/* tiktoken's encode(text, allowed_special=allowed, disallowed_special=disallowed).
 * NULL `allowed` means none (tiktoken's default set()); NULL `disallowed` means all (tiktoken's
 * default "all", which excludes the allowed ones). The text of an allowed special token becomes
 * that token's id; the text of a disallowed one makes the call fail with AIRTOK_ERROR and
 * tiktoken's message naming the token in last_error; any other text is ordinary text.
 * Output as airtok_encode_ordinary: returns the count (at most `len`), writes min(count, cap)
 * ids; nothing is written on error. Thus airtok_encode(enc, t, n, NULL, &airtok_special_none,
 * ...) equals airtok_encode_ordinary(enc, t, n, ...). */
AIRTOK_API size_t airtok_encode(const airtok_encoding* enc, const char* text, size_t len,
                                const airtok_special_set* allowed,
                                const airtok_special_set* disallowed, uint32_t* out, size_t cap);

/* tiktoken's _encode_bytes(bytes): any bytes; a valid UTF-8 prefix is encoded normally, the
 * rest as tiktoken does. Output as airtok_encode_ordinary; AIRTOK_ERROR only for misuse. */
AIRTOK_API size_t airtok_encode_bytes(const airtok_encoding* enc, const char* bytes, size_t len,
                                      uint32_t* out, size_t cap);

/* The number of tokens airtok_encode_ordinary would return, without storing them (as
 * len(enc.encode_ordinary(text))). AIRTOK_ERROR only for misuse. */
AIRTOK_API size_t airtok_count_ordinary(const airtok_encoding* enc, const char* text, size_t len);

/* The number of tokens airtok_encode would return with the same arguments, or AIRTOK_ERROR
 * (last_error set) when it would fail. */
AIRTOK_API size_t airtok_count(const airtok_encoding* enc, const char* text, size_t len,
                               const airtok_special_set* allowed,
                               const airtok_special_set* disallowed);

/* tiktoken's encode_single_token(bytes): the id of the token (ordinary or special) whose bytes
 * are exactly `bytes`, or AIRTOK_INVALID_TOKEN with last_error set if there is none. */
AIRTOK_API uint32_t airtok_encode_single_token(const airtok_encoding* enc, const char* bytes,
                                               size_t len);

/* ---- Decoding ids ------------------------------------------------------------------------- */
/* Output is snprintf-style: the functions return the full size L of the result in bytes (not
 * counting a terminator) and, if cap > 0, write min(L, cap - 1) bytes followed by a NUL. So the
 * result is complete exactly when the return value is < cap, and a call with cap 0 (buf may be
 * NULL) asks for L. The result may itself contain NUL bytes; use the returned length. A token
 * id that is neither an ordinary nor a special token of the encoding makes the call fail with
 * AIRTOK_ERROR (tiktoken raises KeyError); on error `buf` is left as an empty string if
 * cap > 0. */

/* tiktoken's decode(tokens): the tokens' bytes, with invalid UTF-8 replaced by U+FFFD exactly as
 * Python's bytes.decode("utf-8", errors="replace") does. */
AIRTOK_API size_t airtok_decode(const airtok_encoding* enc, const uint32_t* tokens, size_t n,
                                char* buf, size_t cap);

/* tiktoken's decode_bytes(tokens): the tokens' bytes, concatenated, unchanged. */
AIRTOK_API size_t airtok_decode_bytes(const airtok_encoding* enc, const uint32_t* tokens, size_t n,
                                      char* buf, size_t cap);

/* tiktoken's decode_single_token_bytes(token): the bytes of one token. */
AIRTOK_API size_t airtok_decode_single_token_bytes(const airtok_encoding* enc, uint32_t token,
                                                   char* buf, size_t cap);

/* ---- The tiktoken cache (see airtok/cache.hpp) ---------------------------------------------
 * Python tiktoken keeps the files it downloads in a cache directory, under the SHA-1 of each
 * file's URL. These functions find that directory as tiktoken 0.14 does ($TIKTOKEN_CACHE_DIR,
 * else $DATA_GYM_CACHE_DIR, else Python's tempfile.gettempdir() + "/data-gym-cache"; a variable
 * set to "" disables the cache), fill it from the copies compiled into airtok, check it, and load
 * file-based encodings from it. None of them ever opens a network connection. A `dir` argument
 * that is NULL or "" means tiktoken's directory; any other value is used as it is. Failures
 * return the documented error value and set airtok_last_error() to a message that names the
 * file, its name in the cache, the directory, why that directory, and the command that fixes it.
 * They read the environment: do not modify it while they run. */

/* Which rule chose the directory (airtok_cache_dir's `rule`). */
#define AIRTOK_CACHE_RULE_EXPLICIT 0                /* given as `dir` */
#define AIRTOK_CACHE_RULE_TIKTOKEN_CACHE_DIR 1      /* $TIKTOKEN_CACHE_DIR */
#define AIRTOK_CACHE_RULE_DATA_GYM_CACHE_DIR 2      /* $DATA_GYM_CACHE_DIR */
#define AIRTOK_CACHE_RULE_DEFAULT 3                 /* <temp dir>/data-gym-cache */
#define AIRTOK_CACHE_RULE_TIKTOKEN_ENCODINGS_BASE 4 /* openai-harmony: $TIKTOKEN_ENCODINGS_BASE */
#define AIRTOK_CACHE_RULE_TIKTOKEN_RS_CACHE_DIR 5   /* openai-harmony: $TIKTOKEN_RS_CACHE_DIR */
#define AIRTOK_CACHE_RULE_RUST_DEFAULT 6 /* openai-harmony: <$TMPDIR or /tmp>/tiktoken-rs-cache */

/* Who reads the directory (the `consumer` of the *_for functions; see airtok::Consumer).
 * openai-harmony reads only o200k_base.tiktoken: under its plain name in
 * $TIKTOKEN_ENCODINGS_BASE (never downloading), else under the SHA-1 of its URL in
 * $TIKTOKEN_RS_CACHE_DIR, else in <$TMPDIR or /tmp>/tiktoken-rs-cache. An explicit `dir` gets
 * both names. */
#define AIRTOK_CONSUMER_TIKTOKEN 0
#define AIRTOK_CONSUMER_HARMONY 1

/* The directory tiktoken would use in this process's environment, snprintf-style into `buf` (see
 * "Decoding ids" for the convention). The empty string (size 0) when the cache is disabled. If
 * `rule` is not NULL it receives an AIRTOK_CACHE_RULE_ value. AIRTOK_ERROR only for misuse. */
AIRTOK_API size_t airtok_cache_dir(char* buf, size_t cap, int* rule);

/* One sentence saying why that directory (e.g. "TIKTOKEN_CACHE_DIR is set to \"/srv/t\""),
 * snprintf-style. */
AIRTOK_API size_t airtok_cache_dir_reason(char* buf, size_t cap);

/* tiktoken's cache key of `url`: the SHA-1 hex digest of its bytes (40 characters),
 * snprintf-style, so a buffer of 41 bytes always suffices. AIRTOK_ERROR for a NULL url. */
AIRTOK_API size_t airtok_cache_key(const char* url, char* buf, size_t cap);

/* Writes the official files of the `n` built-in encodings named in `encodings` (all six files
 * when n is 0; gpt2 gives both data-gym files) into `dir` under their tiktoken names, creating
 * it, atomically and SHA-256 checked, so that unmodified Python tiktoken works offline. Files
 * already there with the right content are kept. Returns how many files are now in place, or
 * AIRTOK_ERROR (unknown encoding, unwritable directory, disk full, ...; no partial file is
 * left behind). */
AIRTOK_API size_t airtok_cache_install(const char* dir, const char* const* encodings, size_t n);

/* Checks `dir` as `airtok cache verify` does (the official files of `encodings`, all when n is
 * 0) and writes the report as JSON, snprintf-style. If `problems` is not NULL it receives the
 * number of missing, corrupt, misnamed or unreadable files (0: tiktoken can use the directory
 * offline). Returns the JSON's size, or AIRTOK_ERROR when the directory cannot be listed. */
AIRTOK_API size_t airtok_cache_verify(const char* dir, const char* const* encodings, size_t n,
                                      char* buf, size_t cap, size_t* problems);

/* airtok_cache_dir, airtok_cache_install and airtok_cache_verify for `consumer` (an
 * AIRTOK_CONSUMER_ value): its directory, its files and its names for them. AIRTOK_ERROR (misuse)
 * for another consumer value; airtok_cache_install_for and airtok_cache_verify_for fail for
 * openai-harmony when `encodings` names neither o200k_base nor o200k_harmony. */
AIRTOK_API size_t airtok_cache_dir_for(int consumer, char* buf, size_t cap, int* rule);
AIRTOK_API size_t airtok_cache_install_for(int consumer, const char* dir,
                                           const char* const* encodings, size_t n);
AIRTOK_API size_t airtok_cache_verify_for(int consumer, const char* dir,
                                          const char* const* encodings, size_t n, char* buf,
                                          size_t cap, size_t* problems);

/* The built-in encoding `name` built as tiktoken builds it: from its definition, with the ranks
 * read from the cache (the official URL's file, SHA-256 checked), never from the network and
 * not from airtok's embedded tables. It gives the same ids as airtok_get_encoding(name). Returns
 * a handle the caller owns (airtok_encoding_free), or NULL. */
AIRTOK_API airtok_encoding* airtok_encoding_from_cache(const char* name, const char* dir);

/* As airtok_encoding_create, but `url_or_path` may also be a URL, read from the cache directory
 * `dir` under its tiktoken name (or its last path segment), as tiktoken's load_tiktoken_bpe
 * would read it, without the network. `expected_sha256` may be NULL (an official URL's file is
 * checked against its official hash anyway). Returns a handle the caller owns, or NULL. */
AIRTOK_API airtok_encoding* airtok_encoding_load(const char* name, const char* pattern,
                                                 const char* url_or_path,
                                                 const char* expected_sha256,
                                                 const char* const* special_tokens,
                                                 const uint32_t* special_ids, size_t n_special,
                                                 size_t explicit_n_vocab, const char* dir);

/* ---- harmony: gpt-oss's chat format --------------------------------------------------------
 *
 * A thin layer over airtok/harmony.hpp (openai-harmony's HarmonyEncoding and StreamableParser).
 * Conversations and messages cross this API in openai-harmony's JSON form
 * (airtok/harmony_json.hpp: {"messages": [{"role", "name", "content": [...], "channel",
 * "recipient", "content_type"}]}); token ids as uint32_t arrays. Functions that produce ids or
 * text are count-returning (see "Counts" above): each call renders or serialises anew, so a
 * size query followed by a fill does the work twice. Errors (malformed JSON, an unknown role, a
 * completion that does not parse) return AIRTOK_ERROR, NULL or -1 with the library's message in
 * airtok_last_error(). */

/* The harmony encoding (immutable, process lifetime, thread-safe). */
typedef struct airtok_harmony_encoding airtok_harmony_encoding;

/* openai-harmony's load_harmony_encoding(name): "HarmonyGptOss" is the only name. Returns a
 * process-lifetime handle, or NULL (with last_error) for any other name or NULL. */
AIRTOK_API const airtok_harmony_encoding* airtok_harmony_load(const char* name);

#define AIRTOK_HARMONY_RENDER_CONVERSATION 0 /* render_conversation */
#define AIRTOK_HARMONY_RENDER_COMPLETION 1   /* render_conversation_for_completion */
#define AIRTOK_HARMONY_RENDER_TRAINING 2     /* render_conversation_for_training */

/* Renders the conversation given as JSON text (`json`, `len` bytes) in `mode`. `next_role`
 * ("assistant", "user", ...) is required for AIRTOK_HARMONY_RENDER_COMPLETION and ignored
 * otherwise. `auto_drop_analysis` non-zero drops earlier analysis messages when the last
 * assistant message is final (openai-harmony's default). Returns the number of ids. */
AIRTOK_API size_t airtok_harmony_render(const airtok_harmony_encoding* enc, const char* json,
                                        size_t len, int mode, const char* next_role,
                                        int auto_drop_analysis, uint32_t* out, size_t cap);

/* Renders one message given as JSON text (openai-harmony's render(message)); a non-zero
 * `conversation_has_function_tools` adds the functions line to a system message. */
AIRTOK_API size_t airtok_harmony_render_message(const airtok_harmony_encoding* enc,
                                                const char* json, size_t len,
                                                int conversation_has_function_tools, uint32_t* out,
                                                size_t cap);

/* parse_messages_from_completion_tokens(tokens, role): `role` NULL when the tokens begin with
 * <|start|>; `strict` zero for lenient mode. Writes the messages as a JSON array into `buf`
 * (snprintf-style) and returns its length, or AIRTOK_ERROR. */
AIRTOK_API size_t airtok_harmony_parse(const airtok_harmony_encoding* enc, const uint32_t* tokens,
                                       size_t n, const char* role, int strict, char* buf,
                                       size_t cap);

/* stop_tokens() (<|return|>, <|end|>, <|call|>) or, for a non-zero `for_assistant_actions`,
 * stop_tokens_for_assistant_actions() (<|return|>, <|call|>), ascending. */
AIRTOK_API size_t airtok_harmony_stop_tokens(const airtok_harmony_encoding* enc,
                                             int for_assistant_actions, uint32_t* out, size_t cap);

/* A StreamableParser: one stream's state, owned by the caller (airtok_harmony_parser_free);
 * one thread at a time. */
typedef struct airtok_harmony_parser airtok_harmony_parser;

/* A parser starting with `role` (NULL: the tokens begin with <|start|>), strict unless `strict`
 * is zero. NULL with last_error on a NULL handle or an unknown role. */
AIRTOK_API airtok_harmony_parser* airtok_harmony_parser_new(const airtok_harmony_encoding* enc,
                                                            const char* role, int strict);
AIRTOK_API void airtok_harmony_parser_free(airtok_harmony_parser* parser);

/* process(token) / process_eos(): 0, or -1 with last_error when the token cannot come next. */
AIRTOK_API int airtok_harmony_parser_process(airtok_harmony_parser* parser, uint32_t token);
AIRTOK_API int airtok_harmony_parser_process_eos(airtok_harmony_parser* parser);

#define AIRTOK_HARMONY_EXPECT_START 0
#define AIRTOK_HARMONY_HEADER 1
#define AIRTOK_HARMONY_CONTENT 2
/* The parser's state (AIRTOK_HARMONY_EXPECT_START, _HEADER or _CONTENT), -1 for NULL. */
AIRTOK_API int airtok_harmony_parser_state(const airtok_harmony_parser* parser);

#define AIRTOK_HARMONY_FIELD_ROLE 0
#define AIRTOK_HARMONY_FIELD_CHANNEL 1
#define AIRTOK_HARMONY_FIELD_RECIPIENT 2
#define AIRTOK_HARMONY_FIELD_CONTENT_TYPE 3
#define AIRTOK_HARMONY_FIELD_CONTENT 4    /* current_content */
#define AIRTOK_HARMONY_FIELD_LAST_DELTA 5 /* last_content_delta */
/* One of the current message's fields as text (snprintf-style). An absent field is the empty
 * string (a present last delta is never empty). */
AIRTOK_API size_t airtok_harmony_parser_get(const airtok_harmony_parser* parser, int field,
                                            char* buf, size_t cap);

/* The finished messages so far as a JSON array (snprintf-style). */
AIRTOK_API size_t airtok_harmony_parser_messages(const airtok_harmony_parser* parser, char* buf,
                                                 size_t cap);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* AIRTOK_AIRTOK_H */

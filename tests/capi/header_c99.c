/* header_c99.c — airtok.h must compile as strict C99 on its own (built as part of the tests). */
#include <airtok/airtok.h>

/* Use each kind of declaration so that a C99 compiler sees them all. */
size_t airtok_header_c99_probe(void);
size_t airtok_header_c99_probe(void) {
  airtok_special_set set = {NULL, 0, 1};
  const airtok_encoding* enc = NULL;
  (void)enc;
  return set.count + (size_t)AIRTOK_VERSION_MAJOR + (AIRTOK_ERROR == (size_t)-1 ? 0u : 1u) +
         (AIRTOK_INVALID_TOKEN == 0xFFFFFFFFu ? 0u : 1u);
}

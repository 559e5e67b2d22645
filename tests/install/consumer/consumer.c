/* consumer.c — a C program built against an installed airtok (see tests/install/run.sh). */
#include <airtok/airtok.h>

#include <stdio.h>
#include <string.h>

int main(void) {
  static const char text[] = "Hello from an installed airtok!";
  const airtok_encoding* enc = airtok_get_encoding("cl100k_base");
  uint32_t ids[sizeof text];
  char decoded[sizeof text + 16];
  char header_version[32];
  size_t n, size;

  snprintf(header_version, sizeof header_version, "%d.%d.%d", AIRTOK_VERSION_MAJOR,
           AIRTOK_VERSION_MINOR, AIRTOK_VERSION_PATCH);
  if (strcmp(header_version, airtok_version()) != 0) {
    fprintf(stderr, "header %s but library %s\n", header_version, airtok_version());
    return 1;
  }
  if (enc == NULL) {
    fprintf(stderr, "airtok_get_encoding: %s\n", airtok_last_error());
    return 1;
  }
  n = airtok_encode_ordinary(enc, text, sizeof text - 1, ids, sizeof text);
  size = airtok_decode(enc, ids, n, decoded, sizeof decoded);
  if (n == AIRTOK_ERROR || n == 0 || n != airtok_count_ordinary(enc, text, sizeof text - 1) ||
      size != sizeof text - 1 || strcmp(decoded, text) != 0) {
    fprintf(stderr, "round trip failed: %s\n", airtok_last_error());
    return 1;
  }
  printf("C consumer: airtok %s, %zu tokens, round trip ok\n", airtok_version(), n);
  return 0;
}

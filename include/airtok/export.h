/* airtok/export.h — AIRTOK_API, the mark of what the shared library exports.
 *
 * libairtok.so is built with hidden visibility (-fvisibility=hidden -fvisibility-inlines-hidden)
 * and a linker version script (src/airtok.map): it exports the C API (airtok_*) and the C++ API
 * declared in these headers, and nothing of airtok::detail, of src/, or of the libraries it uses.
 * Every public function, class and exception type carries AIRTOK_API; a declaration without it
 * is not part of the shared library's interface. Exception types are exported whole (their
 * typeinfo and vtables), so a program catches them by type from the shared library.
 *
 * AIRTOK_INTERNAL marks a member of an exported class that is not part of the interface (a
 * private constructor from internals, say): it stays out of the shared library's symbols.
 *
 * Define AIRTOK_API and AIRTOK_INTERNAL before including any airtok header to override them
 * (for a toolchain other than GCC or Clang, say). The header is valid C99 and C++.
 */
#ifndef AIRTOK_EXPORT_H
#define AIRTOK_EXPORT_H

#ifndef AIRTOK_API
#if defined(__GNUC__) || defined(__clang__)
#define AIRTOK_API __attribute__((visibility("default")))
#else
#define AIRTOK_API
#endif
#endif

#ifndef AIRTOK_INTERNAL
#if defined(__GNUC__) || defined(__clang__)
#define AIRTOK_INTERNAL __attribute__((visibility("hidden")))
#else
#define AIRTOK_INTERNAL
#endif
#endif

#endif /* AIRTOK_EXPORT_H */

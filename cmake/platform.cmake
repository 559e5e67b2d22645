# platform.cmake — the platforms airtok supports, stated and checked.
#
# Supported (built and tested): Linux on x86_64 and aarch64, with glibc, GCC >= 12 or
# Clang >= 14, CMake >= 3.25. What the code needs beyond ISO C++20, each checked below with a
# message naming what is missing:
#   - an ELF target whose assembler takes `.incbin`, `.hidden` and `.section .rodata`
#     (src/encodings/embedded_vocab.cpp.in links the vocabulary tables in that way);
#   - POSIX: open/fstat/read, rename, pthread_atfork (src/cache, src/core/parallel.cpp), and
#     memrchr, a GNU extension that glibc and musl provide (src/core/split.cpp);
#   - a little-endian byte order (the embedded tables are written and read as little-endian).
# Other Unix-like ELF systems (musl, the BSDs, other 64-bit CPUs) may work but are not tested;
# AIRTOK_ALLOW_UNSUPPORTED=ON turns the platform and compiler checks below into warnings.
include(CheckCXXSourceCompiles)
include(CheckCXXSymbolExists)

option(AIRTOK_ALLOW_UNSUPPORTED "Warn instead of failing on an untested platform or compiler" OFF)

function(airtok_unsupported message)
  if(AIRTOK_ALLOW_UNSUPPORTED)
    message(WARNING "airtok: ${message} (continuing: AIRTOK_ALLOW_UNSUPPORTED=ON)")
  else()
    message(FATAL_ERROR "airtok: ${message}. Supported: Linux x86_64/aarch64 with glibc, GCC >= 12 "
                        "or Clang >= 14. To try anyway, configure with "
                        "-DAIRTOK_ALLOW_UNSUPPORTED=ON.")
  endif()
endfunction()

if(NOT CMAKE_SYSTEM_NAME STREQUAL "Linux")
  airtok_unsupported("${CMAKE_SYSTEM_NAME} is not a supported system")
endif()
if(NOT CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64|aarch64|arm64)$")
  airtok_unsupported("the ${CMAKE_SYSTEM_PROCESSOR} processor is not a tested one")
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  if(CMAKE_CXX_COMPILER_VERSION VERSION_LESS 12)
    airtok_unsupported("GCC ${CMAKE_CXX_COMPILER_VERSION} is older than GCC 12")
  endif()
elseif(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  if(CMAKE_CXX_COMPILER_VERSION VERSION_LESS 14)
    airtok_unsupported("Clang ${CMAKE_CXX_COMPILER_VERSION} is older than Clang 14")
  endif()
else()
  airtok_unsupported("the ${CMAKE_CXX_COMPILER_ID} compiler is not a tested one")
endif()

# Hard requirements: without them the code does not build or is wrong, whatever the override.
if(CMAKE_CXX_BYTE_ORDER STREQUAL "BIG_ENDIAN")
  message(FATAL_ERROR "airtok: a big-endian target is not supported: the embedded vocabulary "
                      "tables are little-endian.")
endif()

set(airtok_incbin_file "${CMAKE_BINARY_DIR}/airtok_incbin_check.bin")
file(WRITE "${airtok_incbin_file}" "airtok")
set(CMAKE_REQUIRED_QUIET ON)
set(airtok_incbin_source [=[
__asm__(".section .rodata\n.balign 64\n.globl airtok_check\n.hidden airtok_check\n"
        "airtok_check:\n.incbin \"@airtok_incbin_file@\"\n.previous\n");
extern "C" const unsigned char airtok_check[];
int main() { return airtok_check[0] == 'a' ? 0 : 1; }
]=])
string(CONFIGURE "${airtok_incbin_source}" airtok_incbin_source @ONLY)
file(WRITE "${CMAKE_BINARY_DIR}/airtok_incbin_check.cpp" "${airtok_incbin_source}")
if(NOT DEFINED CACHE{AIRTOK_HAVE_INCBIN})
  try_compile(airtok_incbin_ok "${CMAKE_BINARY_DIR}/airtok_incbin_check"
              "${CMAKE_BINARY_DIR}/airtok_incbin_check.cpp")
  set(AIRTOK_HAVE_INCBIN ${airtok_incbin_ok} CACHE INTERNAL "The assembler takes .incbin")
endif()
if(NOT AIRTOK_HAVE_INCBIN)
  message(FATAL_ERROR "airtok: the assembler does not accept `.incbin` in an ELF `.rodata` "
                      "section, which links the embedded vocabularies into the library "
                      "(src/encodings/embedded_vocab.cpp.in). Use GCC or Clang with GNU as or "
                      "LLVM's integrated assembler on an ELF target (Linux).")
endif()

# memrchr is overloaded in C++ (const and non-const), so it is called, not taken by address.
check_cxx_source_compiles([=[
#include <string.h>
int main() { static const char s[] = "ab"; return memrchr(s, 'a', 2) == s ? 0 : 1; }
]=] AIRTOK_HAVE_MEMRCHR)
if(NOT AIRTOK_HAVE_MEMRCHR)
  message(FATAL_ERROR "airtok: the C library has no memrchr (a GNU extension glibc and musl "
                      "provide), which src/core/split.cpp uses. Build with glibc.")
endif()
check_cxx_symbol_exists(pthread_atfork "pthread.h" AIRTOK_HAVE_PTHREAD_ATFORK)
if(NOT AIRTOK_HAVE_PTHREAD_ATFORK)
  message(FATAL_ERROR "airtok: the C library has no pthread_atfork (POSIX), which the thread "
                      "pool uses to stay usable in a forked child (src/core/parallel.cpp).")
endif()
unset(CMAKE_REQUIRED_QUIET)

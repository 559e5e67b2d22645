// convert.hpp — moving arguments and results between Python objects and the C++ API.
//
// Everything here runs with the GIL held. Text is read in place (no copy) through CPython's
// cached UTF-8 form of a str, and kept alive by a reference, so the C++ work that follows can
// run with the GIL released.
#pragma once

#include <airtok/encoding.hpp>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace airtok::python {

namespace py = pybind11;

/// A str argument as UTF-8, without a copy. A str holding lone surrogates (which have no UTF-8
/// form) is first rewritten as tiktoken does:
/// `text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")`, which joins surrogate
/// pairs and turns every other surrogate into U+FFFD. Throws TypeError for anything but a str.
class Text {
 public:
  Text(py::handle text, const char* argument);
  std::string_view view() const noexcept { return view_; }

 private:
  py::object owner_;
  std::string_view view_;
};

/// A `str | bytes` argument as bytes: a str is encoded as UTF-8 (strictly, like tiktoken's
/// `text_or_bytes.encode("utf-8")`), bytes-like objects are read as they are.
std::string bytes_of(py::handle text_or_bytes, const char* argument);

/// A token id: any object with __index__ (int, numpy integers). Throws OverflowError outside
/// 0..2**32-1, TypeError for a non-integer.
Rank rank_of(py::handle token);

/// A sequence of token ids: a list or tuple of integers, a 1-D buffer of integers (numpy array,
/// array.array, memoryview), or any other iterable of integers.
std::vector<Rank> ranks_of(py::handle tokens);

/// `allowed_special` / `disallowed_special` as tiktoken takes them: the string "all", or a
/// collection of str (set, frozenset, list, tuple, dict keys...). For `disallowed_special` any
/// other str is a collection of its characters, as `frozenset(text)` makes it in tiktoken; for
/// `allowed_special` it is a TypeError, as in tiktoken.
SpecialSet special_set_of(py::handle arg, bool allowed);

/// Number of threads for a batch call; tiktoken's ThreadPoolExecutor refuses 0 and below.
unsigned threads_of(int num_threads);

/// A Python list of ints. `cache` holds an int object per id of the encoding (see IntCache).
class IntCache;
py::list list_of(const std::vector<Rank>& ranks, IntCache& cache);

/// The int objects of an encoding's ids, created once: building a list then costs an increment
/// per token instead of an allocation (ids above 256 are not cached by CPython). Created on first
/// use, with the GIL held, so no lock is needed.
///
/// Only ids below `kLimit` are cached, so the table is at most 16 MiB (a pointer per id) whatever
/// the ids: a custom encoding may give a special token any 32-bit id (tiktoken accepts them),
/// and a table sized by the largest id would then take up to 32 GiB. Every built-in id (the
/// largest is o200k_harmony's 201087) is below it; larger ids get a new int each time.
class IntCache {
 public:
  static constexpr std::size_t kLimit = std::size_t{1} << 21;
  /// A cache for the ids 0..n_vocab-1 (of which those below kLimit are kept).
  explicit IntCache(std::size_t n_vocab) : size_(std::min(n_vocab, kLimit)) {}
  /// A new reference to the int `r`.
  PyObject* get(Rank r);

 private:
  std::size_t size_;
  std::vector<py::object> ints_;
};

/// bytes from a C++ string.
py::bytes bytes_from(std::string_view s);

/// `data.decode("utf-8", errors)`: Python's own decoder, so every error handler behaves exactly
/// as in tiktoken (which decodes with Python too).
py::str str_from_utf8(std::string_view data, const char* errors);

}  // namespace airtok::python

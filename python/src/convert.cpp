// convert.cpp — argument and result conversions (see convert.hpp).
#include "convert.hpp"

#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

namespace airtok::python {

namespace {

[[noreturn]] void raise(PyObject* type, const std::string& message) {
  PyErr_SetString(type, message.c_str());
  throw py::error_already_set();
}

std::string type_name(py::handle obj) { return Py_TYPE(obj.ptr())->tp_name; }

/// UTF-8 of a str, strictly (UnicodeEncodeError for lone surrogates).
std::string_view utf8_of(py::handle str) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(str.ptr(), &size);
  if (data == nullptr) throw py::error_already_set();
  return {data, static_cast<std::size_t>(size)};
}

Rank checked_rank(unsigned long long value) {
  if (value > std::numeric_limits<Rank>::max()) {
    raise(PyExc_OverflowError, "token id " + std::to_string(value) + " is out of range (0.." +
                                   std::to_string(std::numeric_limits<Rank>::max()) + ")");
  }
  return static_cast<Rank>(value);
}

template <typename T>
void append_from_buffer(const Py_buffer& view, std::vector<Rank>& out) {
  const auto n = static_cast<std::size_t>(view.shape[0]);
  const Py_ssize_t stride = view.strides != nullptr ? view.strides[0] : view.itemsize;
  const char* p = static_cast<const char*>(view.buf);
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i, p += stride) {
    T value;
    std::memcpy(&value, p, sizeof value);
    if constexpr (std::is_signed_v<T>) {
      if (value < 0) raise(PyExc_OverflowError, "can't convert negative int to unsigned");
    }
    out.push_back(checked_rank(static_cast<unsigned long long>(value)));
  }
}

/// Reads a 1-D buffer of native integers into `out`. Returns false (nothing read) for any other
/// buffer, which is then read element by element.
bool ranks_from_buffer(py::handle tokens, std::vector<Rank>& out) {
  Py_buffer view;
  if (PyObject_GetBuffer(tokens.ptr(), &view, PyBUF_FORMAT | PyBUF_STRIDES) != 0) {
    PyErr_Clear();
    return false;
  }
  struct Release {
    Py_buffer* view;
    ~Release() { PyBuffer_Release(view); }
  } release{&view};
  if (view.ndim != 1 || view.format == nullptr) return false;
  std::string_view format = view.format;
  constexpr char kNativeOrder = std::endian::native == std::endian::little ? '<' : '>';
  if (!format.empty() && (format[0] == '@' || format[0] == '=' || format[0] == kNativeOrder)) {
    format.remove_prefix(1);  // native byte order; any other is read element by element
  }
  if (format.size() != 1 ||
      std::string_view("bBhHiIlLqQnN").find(format[0]) == std::string_view::npos)
    return false;
  // The item size decides the width ('l' is 8 bytes natively but 4 with '<' or '=').
  const bool is_signed = format[0] >= 'a' && format[0] <= 'z';
  switch (view.itemsize) {
    case 1:
      is_signed ? append_from_buffer<std::int8_t>(view, out)
                : append_from_buffer<std::uint8_t>(view, out);
      return true;
    case 2:
      is_signed ? append_from_buffer<std::int16_t>(view, out)
                : append_from_buffer<std::uint16_t>(view, out);
      return true;
    case 4:
      is_signed ? append_from_buffer<std::int32_t>(view, out)
                : append_from_buffer<std::uint32_t>(view, out);
      return true;
    case 8:
      is_signed ? append_from_buffer<std::int64_t>(view, out)
                : append_from_buffer<std::uint64_t>(view, out);
      return true;
    default:
      return false;
  }
}

}  // namespace

Text::Text(py::handle text, const char* argument) {
  if (!PyUnicode_Check(text.ptr())) {
    raise(PyExc_TypeError, std::string(argument) + " must be str, not " + type_name(text));
  }
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(text.ptr(), &size);
  if (data != nullptr) {
    owner_ = py::reinterpret_borrow<py::object>(text);
  } else {
    if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) throw py::error_already_set();
    PyErr_Clear();
    // tiktoken's fix-up for strings that hold surrogates (see the class comment).
    owner_ = text.attr("encode")("utf-16", "surrogatepass").attr("decode")("utf-16", "replace");
    data = PyUnicode_AsUTF8AndSize(owner_.ptr(), &size);
    if (data == nullptr) throw py::error_already_set();
  }
  view_ = {data, static_cast<std::size_t>(size)};
}

std::string bytes_of(py::handle text_or_bytes, const char* argument) {
  PyObject* obj = text_or_bytes.ptr();
  if (PyUnicode_Check(obj)) return std::string(utf8_of(text_or_bytes));
  if (PyBytes_Check(obj)) {
    return std::string(PyBytes_AS_STRING(obj), static_cast<std::size_t>(PyBytes_GET_SIZE(obj)));
  }
  if (PyObject_CheckBuffer(obj)) {
    Py_buffer view;
    if (PyObject_GetBuffer(obj, &view, PyBUF_SIMPLE) != 0) throw py::error_already_set();
    std::string out(static_cast<const char*>(view.buf), static_cast<std::size_t>(view.len));
    PyBuffer_Release(&view);
    return out;
  }
  raise(PyExc_TypeError,
        std::string(argument) + " must be str or bytes, not " + type_name(text_or_bytes));
}

Rank rank_of(py::handle token) {
  py::object index;
  PyObject* obj = token.ptr();
  if (!PyLong_Check(obj)) {
    PyObject* converted = PyNumber_Index(obj);
    if (converted == nullptr) throw py::error_already_set();
    index = py::reinterpret_steal<py::object>(converted);
    obj = converted;
  }
  const unsigned long long value = PyLong_AsUnsignedLongLong(obj);
  if (value == static_cast<unsigned long long>(-1) && PyErr_Occurred()) {
    throw py::error_already_set();
  }
  return checked_rank(value);
}

std::vector<Rank> ranks_of(py::handle tokens) {
  std::vector<Rank> out;
  PyObject* obj = tokens.ptr();
  if (PyList_Check(obj) || PyTuple_Check(obj)) {
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(obj);
    PyObject** items = PySequence_Fast_ITEMS(obj);
    out.reserve(static_cast<std::size_t>(n));
    for (Py_ssize_t i = 0; i < n; ++i) out.push_back(rank_of(items[i]));
    return out;
  }
  if (PyUnicode_Check(obj)) {
    raise(PyExc_TypeError, "tokens must be a sequence of int, not str");
  }
  if (PyObject_CheckBuffer(obj) && ranks_from_buffer(tokens, out)) return out;
  out.clear();
  for (py::handle item : py::iter(tokens)) out.push_back(rank_of(item));
  return out;
}

SpecialSet special_set_of(py::handle arg, bool allowed) {
  PyObject* obj = arg.ptr();
  const char* name = allowed ? "allowed_special" : "disallowed_special";
  if (obj == Py_None) return {};
  if (PyUnicode_Check(obj)) {
    if (PyUnicode_CompareWithASCIIString(obj, "all") == 0) return SpecialSet::all();
    if (allowed) {
      raise(PyExc_TypeError, std::string(name) + " must be \"all\" or a set of str, not the str " +
                                 py::repr(arg).cast<std::string>());
    }
  } else if ((PyAnySet_Check(obj) || PyList_Check(obj) || PyTuple_Check(obj) ||
              PyDict_Check(obj)) &&
             PyObject_Length(obj) == 0) {
    return {};
  }
  std::vector<std::string> tokens;
  for (py::handle item : py::iter(arg)) {
    if (!PyUnicode_Check(item.ptr())) {
      raise(PyExc_TypeError, std::string(name) + " must hold str, not " + type_name(item));
    }
    tokens.emplace_back(utf8_of(item));
  }
  return SpecialSet(std::move(tokens));
}

unsigned threads_of(int num_threads) {
  if (num_threads <= 0) raise(PyExc_ValueError, "max_workers must be greater than 0");
  return static_cast<unsigned>(num_threads);
}

PyObject* IntCache::get(Rank r) {
  if (r >= size_) {
    PyObject* value = PyLong_FromUnsignedLong(r);
    if (value == nullptr) throw py::error_already_set();
    return value;
  }
  if (ints_.empty()) ints_.resize(size_);
  py::object& slot = ints_[r];
  if (!slot) {
    PyObject* value = PyLong_FromUnsignedLong(r);
    if (value == nullptr) throw py::error_already_set();
    slot = py::reinterpret_steal<py::object>(value);
  }
  return slot.inc_ref().ptr();
}

py::list list_of(const std::vector<Rank>& ranks, IntCache& cache) {
  PyObject* list = PyList_New(static_cast<Py_ssize_t>(ranks.size()));
  if (list == nullptr) throw py::error_already_set();
  py::list result = py::reinterpret_steal<py::list>(list);  // owns it even if get() throws
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    PyList_SET_ITEM(list, static_cast<Py_ssize_t>(i), cache.get(ranks[i]));
  }
  return result;
}

py::bytes bytes_from(std::string_view s) { return py::bytes(s.data(), s.size()); }

py::str str_from_utf8(std::string_view data, const char* errors) {
  PyObject* str = PyUnicode_DecodeUTF8(data.data(), static_cast<Py_ssize_t>(data.size()), errors);
  if (str == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(str);
}

}  // namespace airtok::python

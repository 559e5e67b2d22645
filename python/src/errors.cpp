// errors.cpp — the exception translator (see errors.hpp).
#include "errors.hpp"

#include "core/disallowed_message.hpp"

#include <airtok/cache.hpp>
#include <airtok/error.hpp>

#include <exception>
#include <string>

namespace airtok::python {

namespace py = pybind11;

namespace {

PyObject* load_error = nullptr;
PyObject* cache_error = nullptr;

PyObject* new_exception(py::module_& module, const char* name, PyObject* bases, const char* doc) {
  const std::string qualified = std::string(PyModule_GetName(module.ptr())) + "." + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases, nullptr);
  if (type == nullptr) throw py::error_already_set();
  module.add_object(name, py::handle(type));  // the module keeps the type alive
  return type;
}

/// tiktoken's message, with the token shown by Python's own repr() (the C++ message escapes only
/// what special tokens usually hold; a custom disallowed string may hold anything).
std::string disallowed_message(const std::string& token) {
  return detail::tiktoken_disallowed_message(py::repr(py::str(token)).cast<std::string>());
}

void translate(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const DisallowedSpecialError& e) {
    PyErr_SetString(PyExc_ValueError, disallowed_message(e.token()).c_str());
  } catch (const InvalidTokenError& e) {
    PyErr_SetString(PyExc_KeyError, e.what());
  } catch (const LoadError& e) {
    PyErr_SetString(load_error, e.what());
  } catch (const CacheError& e) {
    PyErr_SetString(cache_error, e.what());
  } catch (const ResourceError& e) {
    // A limit, not a bad argument (tiktoken panics in these cases).
    PyErr_SetString(PyExc_RuntimeError, e.what());
  } catch (const Error& e) {
    PyErr_SetString(PyExc_ValueError, e.what());
  }
}

}  // namespace

void register_errors(py::module_& module) {
  py::tuple load_bases = py::make_tuple(py::handle(PyExc_ValueError), py::handle(PyExc_OSError));
  load_error = new_exception(
      module, "LoadError", load_bases.ptr(),
      "A vocabulary file is missing, unreadable, malformed or has the wrong SHA-256. The message "
      "names the file, the line, the cache directory and the command that fixes it. Both a "
      "ValueError (what tiktoken raises for a bad file or hash) and an OSError (what tiktoken "
      "raises when it cannot download).");
  cache_error =
      new_exception(module, "CacheError", PyExc_OSError, "Writing to a cache directory failed.");
  py::register_exception_translator(translate);
}

}  // namespace airtok::python

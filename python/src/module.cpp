// module.cpp — the `airtok._airtok` extension: a thin binding of airtok's C++ API. The Python
// package around it (airtok/*.py) gives it tiktoken's module layout.
#include "module.hpp"
#include "errors.hpp"

PYBIND11_MODULE(_airtok, module) {
  module.doc() = "airtok's C++ core (use the airtok package, not this module).";
  module.attr("MAX_THREADS") = airtok::python::default_threads();
  airtok::python::register_errors(module);
  airtok::python::bind_encoding(module);
  airtok::python::bind_registry(module);
  airtok::python::bind_load(module);
  airtok::python::bind_harmony(module);
}

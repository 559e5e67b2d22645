// module.hpp — the parts of the `airtok._airtok` extension module.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace airtok::python {

/// tiktoken's default thread count for batch calls: min(os.cpu_count() or 8, 32).
unsigned default_threads();

/// `EncodingBase` (encoding.cpp).
void bind_encoding(pybind11::module_& module);
/// Built-in encodings and the model table (registry.cpp).
void bind_registry(pybind11::module_& module);
/// Vocabulary files and tiktoken's cache directory (load.cpp).
void bind_load(pybind11::module_& module);
/// The harmony format: HarmonyError, the encoding and the streaming parser (harmony.cpp).
void bind_harmony(pybind11::module_& module);

}  // namespace airtok::python

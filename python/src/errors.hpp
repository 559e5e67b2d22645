// errors.hpp — airtok's C++ exceptions as the Python exceptions tiktoken raises.
//
//   DisallowedSpecialError  -> ValueError (tiktoken's message, word for word)
//   InvalidTokenError       -> KeyError
//   UnknownEncodingError    -> ValueError (get_encoding; encoding_for_model raises KeyError)
//   InvalidEncodingError    -> ValueError
//   LoadError               -> airtok.LoadError, a ValueError and an OSError: tiktoken raises
//                              ValueError for a bad file or hash, and an OSError (no file, no
//                              network) where airtok finds no file
//   CacheError              -> airtok.CacheError, an OSError
//   any other airtok::Error -> ValueError
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace airtok::python {

/// Creates LoadError and CacheError in `module` and registers the translator.
void register_errors(pybind11::module_& module);

}  // namespace airtok::python

// registry.cpp — the built-in encodings' names and tiktoken's model table, from the C++ registry.
#include "module.hpp"

#include <airtok/registry.hpp>

namespace airtok::python {

namespace py = pybind11;

namespace {

py::dict dict_of(const std::vector<std::pair<std::string, std::string>>& table) {
  py::dict out;
  for (const auto& [key, value] : table) out[py::str(key)] = py::str(value);
  return out;
}

}  // namespace

void bind_registry(py::module_& module) {
  module.def("list_encoding_names", &list_encoding_names,
             "The built-in encodings' names, in tiktoken's order.");
  module.def(
      "encoding_name_for_model",
      [](const std::string& model) {
        try {
          return encoding_name_for_model(model);
        } catch (const UnknownEncodingError&) {
          // tiktoken's KeyError, word for word.
          PyErr_SetObject(PyExc_KeyError,
                          py::str("Could not automatically map " + model +
                                  " to a tokeniser. Please use `tiktoken.get_encoding` to "
                                  "explicitly get the tokeniser you expect.")
                              .ptr());
          throw py::error_already_set();
        }
      },
      py::arg("model_name"),
      "The encoding name of a model: exact names first, then known prefixes (tiktoken's "
      "table). KeyError with tiktoken's message when the model is unknown.");
  module.def(
      "model_to_encoding", [] { return dict_of(model_to_encoding()); },
      "tiktoken's MODEL_TO_ENCODING, as a new dict.");
  module.def(
      "model_prefix_to_encoding", [] { return dict_of(model_prefix_to_encoding()); },
      "tiktoken's MODEL_PREFIX_TO_ENCODING, in the order prefixes are tried, as a new dict.");
}

}  // namespace airtok::python

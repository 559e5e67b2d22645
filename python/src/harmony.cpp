// harmony.cpp — the native side of `airtok.harmony` (openai-harmony's Python API).
//
// As openai-harmony's PyO3 module does, conversations and messages cross this boundary as
// openai-harmony's JSON form (airtok/harmony_json.hpp reads and writes it); the pydantic models
// live in airtok/harmony.py. What is bound here:
//
//   HarmonyError                 a RuntimeError, as upstream's (create_exception! over
//                                PyRuntimeError); every harmony::HarmonyError becomes one
//   HarmonyEncodingBase          render / parse / decode / encode / stop tokens of the encoding
//   HarmonyStreamableParserBase  the streaming parser, fed one token at a time
//   load_harmony_encoding(name)  ValueError for an unknown name (upstream's type)
//   harmony_tool_namespace_json  the built-in browser / python namespaces as JSON
//
// The C++ work runs with the GIL released where it can take long (render, parse, encode).
#include "convert.hpp"
#include "module.hpp"

#include <airtok/harmony.hpp>
#include <airtok/harmony_json.hpp>
#include <airtok/registry.hpp>

#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace airtok::python {

namespace py = pybind11;
using namespace airtok::harmony;

namespace {

PyObject* harmony_error = nullptr;

// harmony's own special-token table: 199998..=201088 (see airtok/harmony.hpp, "Token table").
constexpr Rank kFirstSpecial = 199998;
constexpr Rank kLastSpecial = 201088;

Role role_of(const std::string& name) {
  const std::optional<Role> role = role_from_name(name);
  if (!role) {
    // upstream: PyValueError "unknown role: {r}".
    throw py::value_error("unknown role: " + name +
                          " (roles are user, assistant, system, developer, tool)");
  }
  return *role;
}

std::optional<Role> optional_role(const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  return role_of(*name);
}

/// The text of every harmony special token, in id order.
std::vector<std::string> special_token_texts(const HarmonyEncoding& enc) {
  std::vector<std::string> out;
  out.reserve(kLastSpecial - kFirstSpecial + 1);
  for (Rank id = kFirstSpecial; id <= kLastSpecial; ++id) {
    const Rank one[] = {id};
    out.push_back(enc.decode_bytes(one));
  }
  return out;
}

/// The tokenizer with harmony's special-token table instead of tiktoken's o200k_harmony one
/// (they differ in <|reserved_200018|> and <|reserved_201088|>, which only this one has).
/// Built on first use, from o200k_harmony's own ranks; only `encode` of text holding one of
/// those two tokens, allowed, needs it.
const Encoding& harmony_table_encoding(const HarmonyEncoding& enc) {
  static std::once_flag once;
  static std::unique_ptr<Encoding> built;
  std::call_once(once, [&] {
    const Encoding& base = enc.tokenizer();
    MergeableRanks ranks;
    ranks.reserve(base.mergeable_count());
    for (Rank r = 0; r < base.mergeable_count(); ++r) {
      ranks.emplace_back(base.decode_single_token_bytes(r), r);
    }
    SpecialTokens specials;
    const std::vector<std::string> texts = special_token_texts(enc);
    for (std::size_t i = 0; i < texts.size(); ++i) {
      specials.emplace(texts[i], kFirstSpecial + static_cast<Rank>(i));
    }
    built = std::make_unique<Encoding>(Encoding::create(
        "o200k_harmony (harmony's table)", base.pattern(), std::move(ranks), std::move(specials)));
  });
  return *built;
}

/// openai-harmony's `encode(text, allowed_special)`: the Python layer has already raised for
/// disallowed special tokens, so here every special-token text that is not allowed is text.
std::vector<Rank> harmony_encode(const HarmonyEncoding& enc, std::string_view text,
                                 const std::vector<std::string>& allowed) {
  std::vector<std::string> kept;
  bool needs_harmony_table = false;
  for (const std::string& token : allowed) {
    // <|endofprompt|> is special in tiktoken's o200k_harmony, never in harmony's table.
    if (token == "<|endofprompt|>") continue;
    if ((token == "<|reserved_200018|>" || token == "<|reserved_201088|>") &&
        text.find(token) != std::string_view::npos) {
      needs_harmony_table = true;
    }
    kept.push_back(token);
  }
  const Encoding& tokenizer = needs_harmony_table ? harmony_table_encoding(enc) : enc.tokenizer();
  return tokenizer.encode(text, SpecialSet(std::move(kept)), SpecialSet::none());
}

const char* state_name(StreamState state) {
  switch (state) {
    case StreamState::kExpectStart:
      return "ExpectStart";
    case StreamState::kHeader:
      return "Header";
    case StreamState::kContent:
      return "Content";
  }
  return "ExpectStart";
}

py::object optional_str(const std::optional<std::string>& s) {
  if (!s) return py::none();
  return py::str(*s);
}

/// upstream's `state_json()`, as a dict: {"state": "ExpectStart"}, {"state": "Header",
/// "header_tokens": [...]} or {"state": "Content", "header": {...}, "content_tokens": [...]}.
/// Upstream keeps the content as re-encoded tokens of its text; here they are the ordinary
/// encoding of the same text.
py::dict state_data(const StreamableParser& p, const HarmonyEncoding& enc) {
  py::dict out;
  out["state"] = state_name(p.state());
  if (p.state() == StreamState::kHeader) {
    out["header_tokens"] = py::cast(p.header_tokens());
  } else if (p.state() == StreamState::kContent) {
    py::dict author;
    const std::optional<Role> role = p.current_role();
    author["role"] = role ? py::object(py::str(std::string(role_name(*role)))) : py::none();
    py::dict header;
    header["author"] = author;
    header["recipient"] = optional_str(p.current_recipient());
    header["channel"] = optional_str(p.current_channel());
    header["content_type"] = optional_str(p.current_content_type());
    out["header"] = header;
    out["content_tokens"] = py::cast(enc.tokenizer().encode_ordinary(p.current_content()));
  }
  return out;
}

void translate(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const HarmonyError& e) {
    PyErr_SetString(harmony_error, e.what());
  }
}

/// The native encoding: a reference to the process-lifetime HarmonyEncoding.
struct PyEncoding {
  const HarmonyEncoding* enc;
};

/// One stream's parser; keeps the Python encoding object alive while it lives.
struct PyParser {
  PyParser(const PyEncoding& e, std::optional<Role> role, bool strict)
      : enc(e.enc), parser(*e.enc, role, ParseOptions{strict}) {}
  const HarmonyEncoding* enc;
  StreamableParser parser;
};

RenderConversationConfig config_of(bool auto_drop_analysis) {
  RenderConversationConfig config;
  config.auto_drop_analysis = auto_drop_analysis;
  return config;
}

void bind_encoding_class(py::module_& module) {
  using Tokens = std::vector<Rank>;
  py::class_<PyEncoding>(module, "HarmonyEncodingBase",
                         "openai-harmony's PyHarmonyEncoding (use airtok.harmony).")
      .def_property_readonly("name", [](const PyEncoding& e) { return e.enc->name(); })
      .def(
          "render_conversation_for_completion",
          [](const PyEncoding& e, const std::string& conversation_json,
             const std::string& next_turn_role, bool auto_drop_analysis) {
            const Role role = role_of(next_turn_role);
            py::gil_scoped_release release;
            return e.enc->render_conversation_for_completion(
                conversation_from_json(conversation_json), role, config_of(auto_drop_analysis));
          },
          py::arg("conversation_json"), py::arg("next_turn_role"),
          py::arg("auto_drop_analysis") = true)
      .def(
          "render_conversation",
          [](const PyEncoding& e, const std::string& conversation_json, bool auto_drop_analysis) {
            py::gil_scoped_release release;
            return e.enc->render_conversation(conversation_from_json(conversation_json),
                                              config_of(auto_drop_analysis));
          },
          py::arg("conversation_json"), py::arg("auto_drop_analysis") = true)
      .def(
          "render_conversation_for_training",
          [](const PyEncoding& e, const std::string& conversation_json, bool auto_drop_analysis) {
            py::gil_scoped_release release;
            return e.enc->render_conversation_for_training(
                conversation_from_json(conversation_json), config_of(auto_drop_analysis));
          },
          py::arg("conversation_json"), py::arg("auto_drop_analysis") = true)
      .def(
          "render",
          [](const PyEncoding& e, const std::string& message_json,
             bool conversation_has_function_tools) {
            py::gil_scoped_release release;
            return e.enc->render(message_from_json(message_json),
                                 RenderOptions{conversation_has_function_tools});
          },
          py::arg("message_json"), py::arg("conversation_has_function_tools") = false)
      .def(
          "parse_messages_from_completion_tokens",
          [](const PyEncoding& e, const Tokens& tokens, const std::optional<std::string>& role,
             bool strict) {
            const std::optional<Role> r = optional_role(role);
            py::gil_scoped_release release;
            return messages_to_json(
                e.enc->parse_messages_from_completion_tokens(tokens, r, ParseOptions{strict}));
          },
          py::arg("tokens"), py::arg("role") = py::none(), py::arg("strict") = true,
          "The messages as a JSON array (openai-harmony's form).")
      .def(
          "decode_utf8",
          [](const PyEncoding& e, const Tokens& tokens) { return e.enc->decode_utf8(tokens); },
          py::arg("tokens"))
      .def(
          "decode_bytes",
          [](const PyEncoding& e, const Tokens& tokens) {
            return py::bytes(e.enc->decode_bytes(tokens));
          },
          py::arg("tokens"))
      .def(
          "encode",
          [](const PyEncoding& e, py::handle text, const std::vector<std::string>& allowed) {
            const Text t(text, "text");
            py::gil_scoped_release release;
            return harmony_encode(*e.enc, t.view(), allowed);
          },
          py::arg("text"), py::arg("allowed_special") = std::vector<std::string>{},
          "Encodes text; allowed special tokens become their ids, all other text is ordinary "
          "(the caller checks for disallowed special tokens).")
      .def("special_tokens", [](const PyEncoding& e) { return special_token_texts(*e.enc); })
      .def(
          "is_special_token",
          [](const PyEncoding& e, Rank token) { return e.enc->is_special_token(token); },
          py::arg("token"))
      .def("stop_tokens", [](const PyEncoding& e) { return e.enc->stop_tokens(); })
      .def("stop_tokens_for_assistant_actions",
           [](const PyEncoding& e) { return e.enc->stop_tokens_for_assistant_actions(); });
}

void bind_parser_class(py::module_& module) {
  py::class_<PyParser>(module, "HarmonyStreamableParserBase",
                       "openai-harmony's PyStreamableParser (use airtok.harmony).")
      .def(py::init([](const PyEncoding& e, const std::optional<std::string>& role, bool strict) {
             return std::make_unique<PyParser>(e, optional_role(role), strict);
           }),
           py::arg("encoding"), py::arg("role"), py::arg("strict") = true, py::keep_alive<1, 2>())
      .def(
          "process", [](PyParser& p, Rank token) { p.parser.process(token); }, py::arg("token"))
      .def("process_eos", [](PyParser& p) { p.parser.process_eos(); })
      .def_property_readonly("current_content",
                             [](const PyParser& p) { return p.parser.current_content(); })
      .def_property_readonly("current_role",
                             [](const PyParser& p) -> std::optional<std::string> {
                               const std::optional<Role> r = p.parser.current_role();
                               if (!r) return std::nullopt;
                               return std::string(role_name(*r));
                             })
      .def_property_readonly("current_channel",
                             [](const PyParser& p) { return p.parser.current_channel(); })
      .def_property_readonly("current_recipient",
                             [](const PyParser& p) { return p.parser.current_recipient(); })
      .def_property_readonly("current_content_type",
                             [](const PyParser& p) { return p.parser.current_content_type(); })
      .def_property_readonly("last_content_delta",
                             [](const PyParser& p) { return p.parser.last_content_delta(); })
      .def_property_readonly(
          "messages", [](const PyParser& p) { return messages_to_json(p.parser.messages()); },
          "The finished messages as a JSON array (openai-harmony's form).")
      .def_property_readonly("tokens", [](const PyParser& p) { return p.parser.tokens(); })
      .def_property_readonly("state_name",
                             [](const PyParser& p) { return state_name(p.parser.state()); })
      .def("state_data", [](const PyParser& p) { return state_data(p.parser, *p.enc); });
}

}  // namespace

void bind_harmony(py::module_& module) {
  const std::string qualified = std::string(PyModule_GetName(module.ptr())) + ".HarmonyError";
  harmony_error = PyErr_NewExceptionWithDoc(
      qualified.c_str(),
      "openai-harmony's HarmonyError (a RuntimeError): a message that cannot be rendered, a "
      "completion that does not parse, a token id that is not a token, invalid UTF-8 where "
      "text is required. The message names the token, header or field at fault.",
      PyExc_RuntimeError, nullptr);
  if (harmony_error == nullptr) throw py::error_already_set();
  module.add_object("HarmonyError", py::handle(harmony_error));
  py::register_exception_translator(translate);

  bind_encoding_class(module);
  bind_parser_class(module);
  module.def(
      "load_harmony_encoding",
      [](const std::string& name) {
        try {
          return PyEncoding{&load_harmony_encoding(name)};
        } catch (const HarmonyError& e) {
          throw py::value_error(e.what());  // upstream: ValueError for an unknown name
        }
      },
      py::arg("name"), "openai-harmony's load_harmony_encoding: \"HarmonyGptOss\" only.");
  module.def(
      "harmony_tool_namespace_json",
      [](const std::string& name) {
        ToolNamespaceConfig ns;
        if (name == "browser") {
          ns = ToolNamespaceConfig::browser();
        } else if (name == "python") {
          ns = ToolNamespaceConfig::python();
        } else {
          throw py::value_error("Unknown tool namespace: " + name + " (browser or python)");
        }
        // The namespace travels inside a developer message, the JSON form's only carrier.
        DeveloperContent dev;
        dev.with_tools(std::move(ns));
        return to_json(Message::from_role_and_content(Role::Developer, dev));
      },
      py::arg("name"),
      "A developer message holding the built-in namespace `name` (browser or python), as JSON.");
}

}  // namespace airtok::python

// registry.cpp — get_encoding: each built-in encoding is built once, on first use, from its
// embedded tables (no parsing, no file), and shared for the life of the process.
#include "core/encoding_impl.hpp"
#include "encodings/builtin.hpp"

#include <airtok/registry.hpp>

#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace airtok {

namespace {

struct Slot {
  std::once_flag once;
  std::optional<Encoding> encoding;
};

Encoding build(const detail::BuiltinEncoding& def) {
  detail::Vocab vocab = detail::Vocab::view(detail::embedded_vocab(def.vocab));
  return detail::EncodingAccess::make(std::make_shared<const detail::EncodingImpl>(
      std::string(def.name), std::string(def.pattern), std::move(vocab),
      detail::special_tokens_of(def), def.explicit_n_vocab));
}

}  // namespace

const Encoding& get_encoding(std::string_view name) {
  const auto defs = detail::builtin_encodings();
  // One slot per row of the table, counted from the table itself, so a new row has its slot.
  static const std::unique_ptr<Slot[]> slots = std::make_unique<Slot[]>(defs.size());
  for (std::size_t i = 0; i < defs.size(); ++i) {
    if (defs[i].name != name) continue;
    Slot& slot = slots[i];
    std::call_once(slot.once, [&] { slot.encoding.emplace(build(defs[i])); });
    return *slot.encoding;
  }
  std::string known;
  for (const auto& def : defs) known += (known.empty() ? "" : ", ") + std::string(def.name);
  throw UnknownEncodingError("Unknown encoding " + std::string(name) +
                             ". Plugins found: airtok built-ins. Known encodings: " + known);
}

std::vector<std::string> list_encoding_names() {
  std::vector<std::string> names;
  for (const auto& def : detail::builtin_encodings()) names.emplace_back(def.name);
  return names;
}

}  // namespace airtok

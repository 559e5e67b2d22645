// schema_typescript.hpp — JSON Schema to the TypeScript-like types harmony shows the model.
#pragma once

#include <string>
#include <string_view>

namespace airtok::harmony::detail {

/// The type openai-harmony renders for a function's parameters (its
/// json_schema_to_typescript with no indent). `schema_json` is JSON text; throws HarmonyError
/// naming `tool_name` when it does not parse.
std::string schema_to_typescript(std::string_view schema_json, std::string_view tool_name);

}  // namespace airtok::harmony::detail

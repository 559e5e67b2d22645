// schema_typescript.cpp — JSON Schema to TypeScript-like types, as openai-harmony renders them.
//
// The format is the model's training format, so every quirk of openai-harmony's
// json_schema_to_typescript (src/encoding.rs) is kept: object descriptions go above the `{`,
// `oneOf` variants are listed one per line with ` | `, nested objects indent by four spaces
// but `oneOf` variants by three, string defaults are quoted unless the schema is an enum, and
// properties keep their order in the schema text (serde_json's preserve_order; hence
// nlohmann's ordered_json here).
#include "harmony/schema_typescript.hpp"

#include "harmony/harmony_internal.hpp"

#include <airtok/harmony.hpp>

#include <nlohmann/json.hpp>

#include <set>
#include <vector>

namespace airtok::harmony::detail {

namespace {

using Json = nlohmann::ordered_json;

// `v[key]` if `v` is an object holding `key` (serde_json's Value::get), else null.
const Json* field(const Json& v, const char* key) {
  if (!v.is_object()) return nullptr;
  const auto it = v.find(key);
  return it == v.end() ? nullptr : &*it;
}

const std::string* string_field(const Json& v, const char* key) {
  const Json* f = field(v, key);
  return f != nullptr && f->is_string() ? f->get_ptr<const std::string*>() : nullptr;
}

// "\"s\"" without escaping, as upstream's format! does. (Built by append: GCC 12 reports a
// false -Wrestrict on `"\"" + s + "\""`.)
std::string quoted(const std::string& s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.append(1, '"').append(s).append(1, '"');
  return out;
}

bool is_enum(const Json& schema) {
  const Json* e = field(schema, "enum");
  return e != nullptr && e->is_array() && !e->empty();
}

bool is_nullable(const Json& schema) {
  const Json* n = field(schema, "nullable");
  return n != nullptr && n->is_boolean() && n->get<bool>();
}

// "default: ..." where a string default is quoted unless the schema is an enum; other values
// are shown as compact JSON.
std::string default_comment(const Json& value, bool enum_schema) {
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    return "default: " + (enum_schema ? s : quoted(s));
  }
  return "default: " + value.dump();
}

// The top-level oneOf's variants show a string enum default as JSON (quoted and escaped).
std::string variant_default_comment(const Json& value, bool enum_schema) {
  if (value.is_string() && !enum_schema) return default_comment(value, false);
  return "default: " + value.dump();
}

std::string with_null(std::string type, const Json& schema) {
  if (is_nullable(schema) && type.find("null") == std::string::npos) type += " | null";
  return type;
}

std::string to_ts(const Json& schema, const std::string& indent);

std::string top_level_one_of(const Json& variants, const std::string& indent) {
  std::string out;
  for (const Json& variant : variants) {
    out += "\n" + indent + " | ";
    out += with_null(to_ts(variant, indent + "   "), variant);
    std::vector<std::string> trailing;
    if (const std::string* d = string_field(variant, "description")) trailing.push_back(*d);
    if (const Json* d = field(variant, "default")) {
      trailing.push_back(variant_default_comment(*d, is_enum(variant)));
    }
    if (!trailing.empty()) out += " // " + join(trailing, " ");
  }
  return out;
}

// A property whose schema is a oneOf: comments above, then one ` | variant` line each.
void property_one_of(const std::string& key, const Json& val, const Json& variants, bool required,
                     const std::string& indent, std::string& out) {
  const std::string* property_desc = string_field(val, "description");
  bool skip_desc = false;
  if (property_desc != nullptr && !variants.empty()) {
    const std::string* first = string_field(variants.front(), "description");
    skip_desc = first != nullptr && *first == *property_desc;
  }
  const bool desc_above = property_desc != nullptr && !skip_desc;
  if (desc_above) out += indent + "// " + *property_desc + "\n";
  if (const Json* d = field(val, "default")) {
    out += indent + "// " + default_comment(*d, is_enum(val)) + "\n";
  }
  out += indent + key + (required ? "" : "?") + ":\n";
  for (std::size_t i = 0; i < variants.size(); ++i) {
    const Json& variant = variants[i];
    out += indent + " | " + with_null(to_ts(variant, indent + "   "), variant);
    std::vector<std::string> trailing;
    const std::string* d = string_field(variant, "description");
    if (!(i == 0 && desc_above) && d != nullptr &&
        (property_desc == nullptr || *d != *property_desc)) {
      trailing.push_back(*d);
    }
    if (const Json* def = field(variant, "default")) {
      trailing.push_back(default_comment(*def, is_enum(variant)));
    }
    if (!trailing.empty()) out += " // " + join(trailing, " ");
    out += "\n";
  }
  out += indent + ",\n";
}

// Comments above a property: title, description (unless a oneOf shows its own), examples.
void property_comments(const Json& val, const std::string& indent, std::string& out) {
  if (const std::string* title = string_field(val, "title")) {
    out += indent + "// " + *title + "\n" + indent + "//\n";
  }
  if (field(val, "oneOf") == nullptr) {
    if (const std::string* d = string_field(val, "description")) {
      out += indent + "// " + *d + "\n";
    }
  }
  const Json* examples = field(val, "examples");
  if (examples != nullptr && examples->is_array() && !examples->empty()) {
    out += indent + "// Examples:\n";
    for (const Json& ex : *examples) {
      if (ex.is_string()) out += indent + "// - " + quoted(ex.get<std::string>()) + "\n";
    }
  }
}

std::string object_type(const Json& schema, const std::string& indent) {
  std::string out;
  if (const std::string* d = string_field(schema, "description")) {
    out += indent + "// " + *d + "\n";
  }
  out += "{\n";
  const Json* props = field(schema, "properties");
  if (props != nullptr && props->is_object()) {
    std::set<std::string> required;
    if (const Json* req = field(schema, "required"); req != nullptr && req->is_array()) {
      for (const Json& r : *req) {
        if (r.is_string()) required.insert(r.get<std::string>());
      }
    }
    for (const auto& [key, val] : props->items()) {
      const bool is_required = required.count(key) != 0;
      property_comments(val, indent, out);
      const Json* one_of = field(val, "oneOf");
      if (one_of != nullptr && one_of->is_array()) {
        property_one_of(key, val, *one_of, is_required, indent, out);
        continue;
      }
      out += indent + key + (is_required ? "" : "?") + ": ";
      out += with_null(to_ts(val, indent + "    "), val) + ",";
      if (one_of == nullptr) {
        if (const Json* d = field(val, "default"))
          out += " // " + default_comment(*d, is_enum(val));
      }
      out += "\n";
    }
  }
  out += indent + "}";
  return out;
}

std::string string_type(const Json& schema) {
  const Json* e = field(schema, "enum");
  if (e != nullptr && e->is_array()) {
    std::vector<std::string> values;
    for (const Json& v : *e) {
      if (v.is_string()) values.push_back(quoted(v.get<std::string>()));
    }
    if (!values.empty()) return join(values, " | ");
  }
  return "string";
}

std::string named_type(const std::string& type, const Json& schema, const std::string& indent) {
  if (type == "object") return object_type(schema, indent);
  if (type == "string") return string_type(schema);
  if (type == "number" || type == "integer") return "number";
  if (type == "boolean") return "boolean";
  if (type == "array") {
    const Json* items = field(schema, "items");
    return items != nullptr ? to_ts(*items, indent) + "[]" : "Array<any>";
  }
  return "any";
}

std::string to_ts(const Json& schema, const std::string& indent) {
  if (const Json* one_of = field(schema, "oneOf"); one_of != nullptr && one_of->is_array()) {
    return top_level_one_of(*one_of, indent);
  }
  const Json* type = field(schema, "type");
  if (type != nullptr && type->is_array()) {
    std::vector<std::string> names;
    for (const Json& t : *type) {
      if (t.is_string()) names.push_back(t == "integer" ? "number" : t.get<std::string>());
    }
    if (!names.empty()) return join(names, " | ");
  }
  if (type != nullptr && type->is_string()) {
    return named_type(type->get<std::string>(), schema, indent);
  }
  return "any";
}

}  // namespace

std::string schema_to_typescript(std::string_view schema_json, std::string_view tool_name) {
  Json schema;
  try {
    schema = Json::parse(schema_json.begin(), schema_json.end());
  } catch (const Json::parse_error& e) {
    throw HarmonyError("the parameters of tool '" + std::string(tool_name) +
                       "' are not valid JSON (" + e.what() +
                       "); ToolDescription::parameters takes the JSON Schema as JSON text");
  }
  return to_ts(schema, "");
}

}  // namespace airtok::harmony::detail

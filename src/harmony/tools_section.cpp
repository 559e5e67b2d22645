// tools_section.cpp — the "# Tools" section of system and developer messages.
//
// Layout (openai-harmony's template_tools_section): "# Tools", then per namespace "## name",
// its description, and for a namespace with tools a `namespace name { ... }` block with one
// commented `type` per tool, all joined by blank lines exactly where the upstream joins put
// them.
#include "harmony/harmony_internal.hpp"
#include "harmony/schema_typescript.hpp"

namespace airtok::harmony::detail {

namespace {

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    out += lines[i];
  }
  return out;
}

std::string namespace_section(const ToolNamespaceConfig& ns) {
  std::vector<std::string> lines{"## " + ns.name + "\n"};
  const bool has_tools = !ns.tools.empty();
  if (ns.description) {
    for (std::string_view line : rust_lines(*ns.description)) {
      lines.push_back(has_tools ? "// " + std::string(line) : std::string(line));
    }
  }
  if (has_tools) {
    lines.push_back("namespace " + ns.name + " {\n");
    for (const ToolDescription& tool : ns.tools) {
      for (std::string_view line : rust_lines(tool.description)) {
        lines.push_back("// " + std::string(line));
      }
      if (tool.parameters) {
        lines.push_back("type " + tool.name + " = (_: " +
                        schema_to_typescript(*tool.parameters, tool.name) + ") => any;\n");
      } else {
        lines.push_back("type " + tool.name + " = () => any;\n");
      }
    }
    lines.push_back("} // namespace " + ns.name);
  }
  return join_lines(lines);
}

}  // namespace

std::vector<std::string_view> rust_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    const std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (end < text.size() && !line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = next;
  }
  return lines;
}

std::string tools_section(const ToolNamespaces& tools) {
  std::string out = "# Tools";
  for (const auto& [key, ns] : tools) out += "\n\n" + namespace_section(ns);
  return out;
}

}  // namespace airtok::harmony::detail

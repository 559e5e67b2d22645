// builtin_tools.cpp — the browser and python tool namespaces gpt-oss was trained with.
//
// The same descriptions and JSON Schemas as openai-harmony's ToolNamespaceConfig::browser()
// and ::python() (src/chat.rs there). The golden tests check the section they render against
// the text of its docs/format.md ("Built-in tools").
#include <airtok/harmony.hpp>

namespace airtok::harmony {

namespace {

constexpr const char* kBrowserDescription =
    "Tool for browsing.\n"
    "The `cursor` appears in brackets before each browsing display: `[{cursor}]`.\n"
    "Cite information from the tool using the following format:\n"
    "`\u3010{cursor}\u2020L{line_start}(-L{line_end})?\u3011`, for example: "
    "`\u30106\u2020L9-L11\u3011` or `\u30108\u2020L3\u3011`.\n"
    "Do not quote more than 10 words directly from the tool output.\n"
    "sources=web (default: web)";

constexpr const char* kSearchDescription =
    "Searches for information related to `query` and displays `topn` results.";
constexpr const char* kSearchSchema =
    R"({"type":"object","properties":{"query":{"type":"string"},)"
    R"("topn":{"type":"number","default":10},"source":{"type":"string"}},"required":["query"]})";

constexpr const char* kOpenDescription =
    "Opens the link `id` from the page indicated by `cursor` starting at line number `loc`, "
    "showing `num_lines` lines.\n"
    "Valid link ids are displayed with the formatting: `\u3010{id}\u2020.*\u3011`.\n"
    "If `cursor` is not provided, the most recent page is implied.\n"
    "If `id` is a string, it is treated as a fully qualified URL associated with `source`.\n"
    "If `loc` is not provided, the viewport will be positioned at the beginning of the document "
    "or centered on the most relevant passage, if available.\n"
    "Use this function without `id` to scroll to a new location of an opened page.";
constexpr const char* kOpenSchema =
    R"({"type":"object","properties":{"id":{"type":["number","string"],"default":-1},)"
    R"("cursor":{"type":"number","default":-1},"loc":{"type":"number","default":-1},)"
    R"("num_lines":{"type":"number","default":-1},)"
    R"("view_source":{"type":"boolean","default":false},"source":{"type":"string"}}})";

constexpr const char* kFindDescription =
    "Finds exact matches of `pattern` in the current page, or the page given by `cursor`.";
constexpr const char* kFindSchema =
    R"({"type":"object","properties":{"pattern":{"type":"string"},)"
    R"("cursor":{"type":"number","default":-1}},"required":["pattern"]})";

constexpr const char* kPythonDescription =
    "Use this tool to execute Python code in your chain of thought. The code will not be shown "
    "to the user. This tool should be used for internal reasoning, but not for code that is "
    "intended to be visible to the user (e.g. when creating plots, tables, or files).\n\n"
    "When you send a message containing Python code to python, it will be executed in a "
    "stateful Jupyter notebook environment. python will respond with the output of the "
    "execution or time out after 120.0 seconds. The drive at '/mnt/data' can be used to save "
    "and persist user files. Internet access for this session is UNKNOWN. Depends on the "
    "cluster.";

}  // namespace

ToolNamespaceConfig ToolNamespaceConfig::browser() {
  return ToolNamespaceConfig{"browser",
                             std::string(kBrowserDescription),
                             {
                                 {"search", kSearchDescription, std::string(kSearchSchema)},
                                 {"open", kOpenDescription, std::string(kOpenSchema)},
                                 {"find", kFindDescription, std::string(kFindSchema)},
                             }};
}

ToolNamespaceConfig ToolNamespaceConfig::python() {
  return ToolNamespaceConfig{"python", std::string(kPythonDescription), {}};
}

}  // namespace airtok::harmony

// make_harmony_seeds — writes fuzz_harmony_parse's seed corpus (tests/fuzz/corpus/harmony_parse/)
// from the golden renders (tests/golden/harmony.jsonl, ids from the reference tokenizer), in the
// input form harmony_fuzz_input.hpp reads.
//
// Usage: make_harmony_seeds GOLDEN_JSONL OUT_DIR
//
// Each golden case gives a seed `<case>` (the whole render, no start role; strict and lenient
// alternate from case to case) and, when the render has an assistant message, `<case>.assistant`
// (what follows its last <|start|>assistant that has something after it, parsed with the assistant
// role, as a sampled completion is). The harmony.fuzz_seeds_current test rebuilds the corpus and
// compares.
#include "harmony_fuzz_input.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

void write(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: make_harmony_seeds GOLDEN_JSONL OUT_DIR\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "make_harmony_seeds: cannot read " << argv[1] << "\n";
    return 1;
  }
  const std::filesystem::path dir(argv[2]);
  std::filesystem::create_directories(dir);
  constexpr airtok::Rank kStart = 200006, kAssistant = 173781;
  std::size_t index = 0, written = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const nlohmann::json c = nlohmann::json::parse(line);
    const std::string name = c.at("case");
    const std::vector<airtok::Rank> tokens = c.at("tokens");
    const std::uint8_t mode = index++ % 2 == 1 ? harmony_fuzz::kLenient : 0;
    write(dir / name, harmony_fuzz::input_of(tokens, mode));
    ++written;
    for (std::size_t i = tokens.size(); i-- > 1;) {
      if (tokens[i - 1] != kStart || tokens[i] != kAssistant) continue;
      const std::vector<airtok::Rank> completion(tokens.begin() + static_cast<long>(i) + 1,
                                                 tokens.end());
      if (completion.empty()) continue;  // a render for completion ends <|start|>assistant
      write(dir / (name + ".assistant"),
            harmony_fuzz::input_of(completion, mode | harmony_fuzz::kRoleAssistant));
      ++written;
      break;
    }
  }
  std::cout << "make_harmony_seeds: " << written << " seeds in " << dir.string() << "\n";
  return written == 0 ? 1 : 0;
}

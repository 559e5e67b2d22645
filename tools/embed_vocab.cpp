// embed_vocab.cpp — build-time generator of the embedded rank tables.
//
// Run by CMake (src/CMakeLists.txt), never at run time:
//   airtok_embed --tiktoken data/cl100k_base.tiktoken --sha256sums data/SHA256SUMS --out X.bin
//     loads the file (checking its SHA-256 against SHA256SUMS), builds the tables of
//     core/vocab.hpp, checks them, and writes them as one blob.
//   airtok_embed --data-gym data/vocab.bpe data/encoder.json --same-as data/r50k_base.tiktoken
//                --sha256sums data/SHA256SUMS --stamp X.checked
//     checks that GPT-2's data-gym files give exactly the ranks of the .tiktoken file, so the
//     two encodings can share one blob.
#include "core/bpe.hpp"
#include "core/vocab.hpp"

#include <airtok/load.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::map<std::string, std::string> read_sums(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw airtok::Error("cannot read " + path);
  std::map<std::string, std::string> sums;
  std::string hash, name;
  while (in >> hash >> name) sums[name] = hash;
  return sums;
}

std::string expected_hash(const std::map<std::string, std::string>& sums, const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  const auto it = sums.find(name);
  if (it == sums.end()) throw airtok::Error(name + " is not listed in SHA256SUMS");
  return it->second;
}

void write_file(const std::string& path, const std::string& contents) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    if (!out) throw airtok::Error("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, path);
}

/// Checks the invariants the library relies on; returns how many tokens the merge rule alone
/// (without whole-piece lookup) does not rebuild, which is informative only.
std::size_t check(const airtok::detail::Vocab& vocab, const airtok::MergeableRanks& ranks) {
  for (unsigned b = 0; b < 256; ++b) {
    if (vocab.byte_rank(static_cast<unsigned char>(b)) == airtok::detail::kNoRank) {
      throw airtok::Error("byte " + std::to_string(b) + " has no single-byte token");
    }
  }
  std::size_t unreachable = 0;
  std::vector<airtok::Rank> out;
  for (const auto& [bytes, rank] : ranks) {
    if (vocab.find(bytes) != rank || vocab.token(rank) != bytes) {
      throw airtok::Error("table lookup of rank " + std::to_string(rank) + " is wrong");
    }
    out.clear();
    airtok::detail::bpe_merge_heap(vocab, bytes, out);
    if (out.size() != 1 || out[0] != rank) ++unreachable;
  }
  return unreachable;
}

int run(const std::vector<std::string>& args) {
  std::string tiktoken, vocab_bpe, encoder_json, same_as, sums_path, out, stamp;
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw airtok::Error(args[i] + " needs a value");
      return args[++i];
    };
    if (args[i] == "--tiktoken")
      tiktoken = value();
    else if (args[i] == "--data-gym") {
      vocab_bpe = value();
      encoder_json = value();
    } else if (args[i] == "--same-as")
      same_as = value();
    else if (args[i] == "--sha256sums")
      sums_path = value();
    else if (args[i] == "--out")
      out = value();
    else if (args[i] == "--stamp")
      stamp = value();
    else
      throw airtok::Error("unknown argument " + args[i]);
  }
  const auto sums = read_sums(sums_path);
  if (!tiktoken.empty()) {
    const airtok::MergeableRanks ranks =
        airtok::load_tiktoken_bpe_file(tiktoken, expected_hash(sums, tiktoken));
    const airtok::detail::Vocab vocab = airtok::detail::Vocab::build(ranks);
    const std::size_t unreachable = check(vocab, ranks);
    const std::string blob = vocab.serialize();
    write_file(out, blob);
    std::cout << "airtok_embed: " << tiktoken << ": " << ranks.size() << " tokens, " << blob.size()
              << " bytes of tables, " << unreachable << " tokens not rebuilt by merges alone\n";
    return 0;
  }
  airtok::MergeableRanks gym = airtok::load_data_gym_files(
      vocab_bpe, encoder_json, expected_hash(sums, vocab_bpe), expected_hash(sums, encoder_json));
  airtok::MergeableRanks ref =
      airtok::load_tiktoken_bpe_file(same_as, expected_hash(sums, same_as));
  std::sort(gym.begin(), gym.end());
  std::sort(ref.begin(), ref.end());
  if (gym != ref) {
    throw airtok::Error("the data-gym files do not give the ranks of " + same_as +
                        ", so gpt2 cannot share its tables");
  }
  write_file(stamp, "ok\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& e) {
    std::cerr << "airtok_embed: error: " << e.what() << "\n";
    return 1;
  }
}

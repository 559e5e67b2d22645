// load_files.cpp — the file-reading entry points of airtok/load.hpp: read, check the hash,
// parse. Messages name the path as given.
#include "core/load/read_file.hpp"
#include "core/load/sha256.hpp"

#include <airtok/load.hpp>

namespace airtok {

MergeableRanks load_tiktoken_bpe_file(const std::string& path, std::string_view expected_sha256) {
  const std::string contents = detail::read_file(path);
  if (!expected_sha256.empty()) detail::check_sha256(contents, expected_sha256, path);
  return parse_tiktoken_bpe(contents, path);
}

MergeableRanks load_data_gym_files(const std::string& vocab_bpe_path,
                                   const std::string& encoder_json_path,
                                   std::string_view vocab_bpe_sha256,
                                   std::string_view encoder_json_sha256) {
  const std::string vocab_bpe = detail::read_file(vocab_bpe_path);
  if (!vocab_bpe_sha256.empty()) detail::check_sha256(vocab_bpe, vocab_bpe_sha256, vocab_bpe_path);
  const std::string encoder_json = detail::read_file(encoder_json_path);
  if (!encoder_json_sha256.empty()) {
    detail::check_sha256(encoder_json, encoder_json_sha256, encoder_json_path);
  }
  return parse_data_gym(vocab_bpe, encoder_json, vocab_bpe_path, encoder_json_path);
}

}  // namespace airtok

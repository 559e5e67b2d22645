// load_test_util.hpp — helpers shared by the loader tests.
#pragma once

#include <airtok/error.hpp>
#include <airtok/load.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>

namespace airtok::test {

inline std::string data_path(std::string_view name) {
  return std::string(AIRTOK_DATA_DIR) + "/" + std::string(name);
}

/// Runs `f`, which must throw LoadError; returns it (or a LoadError with an empty message after
/// recording a failure).
inline LoadError catch_load_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const LoadError& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected LoadError, got another exception: " << e.what();
    return LoadError("", "", 0);
  }
  ADD_FAILURE() << "expected LoadError, nothing was thrown";
  return LoadError("", "", 0);
}

inline bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

/// Ranks sorted by rank, for comparisons that must not depend on order.
inline MergeableRanks sorted_by_rank(MergeableRanks ranks) {
  std::sort(ranks.begin(), ranks.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  return ranks;
}

}  // namespace airtok::test

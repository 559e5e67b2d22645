# Fuzz targets of the vocabulary loaders (src/core/load/), included by tests/fuzz/CMakeLists.txt.
# Like fuzz_encode they link airtok_static, which the AIRTOK_FUZZ build compiles with
# -fsanitize=fuzzer-no-link,address,undefined (root CMakeLists.txt); they include internal
# headers (core/load/*.hpp) from src/. Seeds: tests/fuzz/corpus/load_tiktoken and load_data_gym.
foreach(airtok_fuzz_target IN ITEMS fuzz_load_tiktoken fuzz_load_data_gym)
  add_executable(${airtok_fuzz_target} ${CMAKE_CURRENT_LIST_DIR}/${airtok_fuzz_target}.cpp)
  target_include_directories(${airtok_fuzz_target} PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${airtok_fuzz_target} PRIVATE airtok_static pcre2-8 xxhash OpenSSL::Crypto
                                                      Threads::Threads)
  target_link_options(${airtok_fuzz_target} PRIVATE -fsanitize=fuzzer)
endforeach()

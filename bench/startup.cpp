// startup — time of the first get_encoding(NAME) in a fresh process, and the process's RSS
// after it. Run it several times and take the median (bench/startup.sh does).
#include <airtok/registry.hpp>

#include <chrono>
#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  const std::string name = argc > 1 ? argv[1] : "o200k_base";
  const auto t0 = std::chrono::steady_clock::now();
  const airtok::Encoding& enc = airtok::get_encoding(name);
  const auto t1 = std::chrono::steady_clock::now();
  const auto ids = enc.encode_ordinary("hello world");
  const auto t2 = std::chrono::steady_clock::now();
  std::ifstream status("/proc/self/status");
  std::string line, rss;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) rss = line.substr(6);
  }
  std::cout << name << " first_get_encoding_us="
            << std::chrono::duration<double, std::micro>(t1 - t0).count()
            << " first_encode_us=" << std::chrono::duration<double, std::micro>(t2 - t1).count()
            << " rss=" << rss.substr(rss.find_first_not_of(" \t")) << " tokens=" << ids.size()
            << "\n";
}

// show_test.cpp — `airtok show`: one escaped token per line in a pipe (checked by unescaping
// back to the library's token bytes), colours on a pseudo-terminal (run under `script`), and the
// HTML page: its spans against the library and the pipe view, escaping, no external resource,
// and what headless Chromium makes of it (the DOM it parses, the styles it computes, a
// screenshot).
#include "cli_run.hpp"

#include <airtok/registry.hpp>

#include <gtest/gtest.h>

#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string_view>

namespace {

using namespace cli_test;

// Undoes show's escapes: \n \t \r \\ \xNN.
std::string unescape(const std::string& text) {
  std::string bytes;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      bytes += text[i];
      continue;
    }
    const char e = text[++i];
    if (e == 'x') {
      bytes += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      bytes += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
    }
  }
  return bytes;
}

std::string strip_escapes(const std::string& text) {
  std::string plain;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b') {
      i = text.find('m', i);
    } else if (text[i] != '\r') {
      plain += text[i];
    }
  }
  return plain;
}

const std::string kText =
    "Hello, w\xc3\xb6rld!\tTabs\\slashes \xf0\x9f\xa6\x9c emoji\r\nline two \xff bad\n";

TEST(CliShow, OneEscapedTokenPerLineInAPipe) {
  for (const std::string name : {"cl100k_base", "o200k_base"}) {
    const airtok::Encoding& enc = airtok::get_encoding(name);
    const std::vector<Rank> ids = enc.encode_ordinary(kText);
    const Result r = run({"show", "--ids", "-e", name}, kText);
    ASSERT_EQ(r.status, 0) << r.err;
    std::istringstream lines(r.out);
    std::size_t i = 0;
    for (std::string line; std::getline(lines, line); ++i) {
      ASSERT_LT(i, ids.size());
      const std::size_t tab = line.find('\t');
      EXPECT_EQ(line.substr(0, tab), std::to_string(ids[i]));
      EXPECT_EQ(unescape(line.substr(tab + 1)), enc.decode_single_token_bytes(ids[i]));
    }
    EXPECT_EQ(i, ids.size());
    // Without --ids, and the text as an argument.
    const Result plain = run({"show", "-e", name, "Hi there"});
    std::string expected;
    for (Rank id : enc.encode_ordinary("Hi there")) {
      expected += enc.decode_single_token_bytes(id) + "\n";
    }
    EXPECT_EQ(plain.out, expected);
  }
}

TEST(CliShow, ColoursOnATerminal) {
  // A backslash before an 'n' is text, not a line break.
  const std::string text = "Hello world again \xf0\x9f\xa6\x9c done \\n printf";
  const airtok::Encoding& enc = airtok::get_encoding("cl100k_base");
  const std::string out = tmp_path("show.tty");
  std::string command = "script -qec ";
  command.append(shell_quote(shell_quote(AIRTOK_CLI_PATH) + " show " + shell_quote(text)));
  command.append(" /dev/null > ").append(shell_quote(out));
  ASSERT_EQ(std::system(command.c_str()), 0);
  const std::string drawn = read_file(out);
  std::size_t starts = 0;
  for (std::size_t at = 0; (at = drawn.find("\x1b[30;48;5;", at)) != std::string::npos; ++at) {
    ++starts;
  }
  const std::size_t n = enc.count_ordinary(text);
  EXPECT_EQ(starts, n) << "one background per token";
  const std::string plain = strip_escapes(drawn);
  std::string summary = "\n";  // (append: GCC 12's -Wrestrict misfires on "literal" + string)
  summary.append(std::to_string(n)).append(" tokens (cl100k_base)\n");
  ASSERT_TRUE(plain.ends_with(summary)) << plain;
  EXPECT_EQ(unescape(plain.substr(0, plain.size() - summary.size())), text);
}

// ---- show --html ----

std::string html_unescape(const std::string& text) {
  static const std::pair<std::string, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
  std::string plain;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto entity =
        std::find_if(std::begin(kEntities), std::end(kEntities),
                     [&](const auto& e) { return text.compare(i, e.first.size(), e.first) == 0; });
    if (entity == std::end(kEntities)) {
      plain += text[i];
    } else {
      plain += entity->second;
      i += entity->first.size() - 1;
    }
  }
  return plain;
}

// The content of <div id="tokens"> in a page (as airtok writes it or as Chromium dumps it).
std::string tokens_div(const std::string& page) {
  const std::size_t open = page.find("<div id=\"tokens\"");
  if (open == std::string::npos) return "";
  const std::size_t start = page.find('>', open) + 1;
  return page.substr(start, page.find("</div>", start) - start);
}

struct Span {
  std::string id;     // data-id
  std::string title;  // the title attribute (what hovering shows)
  std::string text;   // HTML-unescaped, line breaks included
};

// The token spans of a #tokens div, as airtok writes them (and Chromium serializes them); the
// text between the spans goes to `between`. A span not in that form ends the list.
std::vector<Span> spans(std::string_view tokens, std::string& between) {
  constexpr std::string_view kOpen = "<span class=\"t\" data-id=\"", kTitle = "\" title=\"",
                             kStartEnd = "\">", kClose = "</span>";
  std::vector<Span> found;
  for (std::size_t pos = 0;;) {
    const std::size_t open = tokens.find(kOpen, pos);
    between.append(tokens.substr(pos, open - pos));
    if (open == std::string::npos) return found;
    const std::size_t id = open + kOpen.size(), title = tokens.find(kTitle, id);
    const std::size_t text = tokens.find(kStartEnd, title), close = tokens.find(kClose, text);
    if (close == std::string::npos) {
      ADD_FAILURE() << "not a token span: " << tokens.substr(open);
      return found;
    }
    found.push_back(
        {std::string(tokens.substr(id, title - id)),
         std::string(tokens.substr(title + kTitle.size(), text - title - kTitle.size())),
         html_unescape(std::string(
             tokens.substr(text + kStartEnd.size(), close - text - kStartEnd.size())))});
    pos = close + kClose.size();
  }
}

std::string without_newlines(std::string text) {
  std::erase(text, '\n');
  return text;
}

// The pipe view (`show --ids`): one "id<TAB>visible text" line per token.
std::vector<std::pair<std::string, std::string>> pipe_view(const std::string& name,
                                                           const std::string& text) {
  const Result r = run({"show", "--ids", "-e", name}, text);
  EXPECT_EQ(r.status, 0) << r.err;
  std::vector<std::pair<std::string, std::string>> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    const std::size_t tab = line.find('\t');
    lines.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  return lines;
}

// Each span is one token of the library's encode_ordinary, in order, its id in data-id and
// title, its text the pipe view's (visible()) with the text's own line breaks added; outside
// the spans there are only line breaks, and all the text's line breaks are there.
void expect_spans_are_tokens(const std::string& tokens, const std::string& name,
                             const std::string& text) {
  const airtok::Encoding& enc = airtok::get_encoding(name);
  const std::vector<Rank> ids = enc.encode_ordinary(text);
  const std::vector<std::pair<std::string, std::string>> piped = pipe_view(name, text);
  std::string between;
  const std::vector<Span> found = spans(tokens, between);
  ASSERT_EQ(found.size(), ids.size()) << name;
  ASSERT_EQ(piped.size(), ids.size()) << name;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(found[i].id, std::to_string(ids[i])) << name << " token " << i;
    EXPECT_EQ(found[i].title, found[i].id);
    EXPECT_EQ(without_newlines(found[i].text), piped[i].second) << name << " token " << i;
    EXPECT_EQ(unescape(without_newlines(found[i].text)), enc.decode_single_token_bytes(ids[i]));
  }
  EXPECT_EQ(without_newlines(between), "") << "only line breaks between the spans";
  const auto line_breaks = [](const std::string& s) { return std::ranges::count(s, '\n'); };
  EXPECT_EQ(line_breaks(tokens), line_breaks(text)) << "the text's line breaks";
}

TEST(CliShowHtml, OneSpanPerTokenWithItsId) {
  for (const std::string name : {"cl100k_base", "o200k_base"}) {
    const std::string path = tmp_path(name + ".html");
    const Result r = run({"show", "--html", path, "-e", name}, kText);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "") << "the page goes to the file only";
    EXPECT_EQ(r.err, "");
    const std::string page = read_file(path);
    expect_spans_are_tokens(tokens_div(page), name, kText);
    const std::string summary =
        std::to_string(airtok::get_encoding(name).count_ordinary(kText)) + " tokens (" + name + ")";
    EXPECT_NE(page.find("<title>" + summary), std::string::npos) << page;
    EXPECT_NE(page.find("<h1>" + summary), std::string::npos) << page;
    EXPECT_EQ(page.rfind("<!DOCTYPE html>\n", 0), 0u);
    EXPECT_NE(page.find("<meta charset=\"utf-8\">"), std::string::npos);
    EXPECT_NE(page.find("white-space:pre-wrap"), std::string::npos);
    EXPECT_EQ(page.find("class=\"ids\""), std::string::npos) << "ids on hover only";
    // '-' writes the same page to standard output; --ids marks the tokens to show their ids.
    EXPECT_EQ(run({"show", "--html", "-", "-e", name}, kText).out, page);
    const std::string with_ids = run({"show", "--ids", "--html", "-", "-e", name}, kText).out;
    EXPECT_NE(with_ids.find("<div id=\"tokens\" class=\"ids\">"), std::string::npos);
    EXPECT_EQ(tokens_div(with_ids), tokens_div(page));
  }
}

const std::string kMarkup = "<script>alert(1)</script> & \"quotes\" it's <b>bold</b>\n";

TEST(CliShowHtml, SelfContainedAndEscaped) {
  const Result r = run({"show", "--html", "-", "--ids"}, kMarkup);
  ASSERT_EQ(r.status, 0) << r.err;
  std::string page = r.out;
  std::transform(page.begin(), page.end(), page.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (const std::string external : {"http:", "https:", "//", "<link", "src=", "url(", "@import",
                                     "<script", "<iframe", "<img"}) {
    EXPECT_EQ(page.find(external), std::string::npos) << external;
  }
  EXPECT_EQ(page.find("<b>"), std::string::npos);
  EXPECT_EQ(page.find("\"quotes\""), std::string::npos);
  expect_spans_are_tokens(tokens_div(r.out), "cl100k_base", kMarkup);
}

TEST(CliShowHtml, UnwritableFileIsAnError) {
  const std::string missing = tmp_path("no-such-dir") + "/page.html";
  expect_error(run({"show", "--html", missing, "hi"}),
               "cannot write " + missing + ": No such file or directory");
  expect_error(run({"show", "--html", AIRTOK_CLI_TMP_DIR, "hi"}),
               std::string("cannot write ") + AIRTOK_CLI_TMP_DIR + ": Is a directory");
  expect_error(run({"show", "--html", "/dev/full", "hi"}),
               "cannot write /dev/full: No space left on device");
}

// ---- the page in a browser ----

constexpr const char* kChromium = "/usr/bin/chromium";

// Runs headless Chromium in a fresh profile on `page` with `action` (--dump-dom, or
// --screenshot=...), never for more than a minute; returns its standard output.
std::string chromium(const std::string& action, const std::string& page) {
  std::string profile = std::string(AIRTOK_CLI_TMP_DIR) + "/chromium-XXXXXX";
  if (mkdtemp(profile.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp " << profile;
    return "";
  }
  const Result r =
      shell(std::string("timeout 60 ") + kChromium +
            " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
            " --disable-background-networking --disable-component-update"
            " --disable-sync --hide-scrollbars --window-size=1000,700 --user-data-dir=" +
            shell_quote(profile) + " " + action + " " + shell_quote("file://" + page));
  std::filesystem::remove_all(profile);
  EXPECT_EQ(r.status, 0) << r.err;
  return r.out;
}

// What the browser computes, written into the page (dumped with the DOM): the white-space of
// the tokens' container, then for each token its id, its background and its ::after content.
const std::string kProbe = R"(<script>
const lines = [getComputedStyle(document.getElementById('tokens')).whiteSpace];
for (const t of document.querySelectorAll('#tokens .t')) {
  lines.push([t.dataset.id, getComputedStyle(t).backgroundColor,
              getComputedStyle(t, '::after').content].join('|'));
}
const probe = document.createElement('pre');
probe.id = 'probe';
probe.textContent = lines.join('\n');
document.body.append(probe);
</script>
)";

std::vector<std::string> probe_lines(const std::string& dom) {
  const std::size_t start = dom.find("<pre id=\"probe\">");
  if (start == std::string::npos) return {};
  const std::size_t text = start + std::string("<pre id=\"probe\">").size();
  std::istringstream in(html_unescape(dom.substr(text, dom.find("</pre>", text) - text)));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The PNG's width and height (its IHDR chunk, right after the 8-byte signature).
std::pair<unsigned, unsigned> png_size(const std::string& png) {
  auto word = [&](std::size_t at) {
    unsigned value = 0;
    for (std::size_t i = at; i < at + 4; ++i)
      value = value << 8 | static_cast<unsigned char>(png[i]);
    return value;
  };
  return {word(16), word(20)};
}

TEST(CliShowHtml, ChromiumParsesAndDrawsThePage) {
  ASSERT_TRUE(std::filesystem::exists(kChromium))
      << kChromium << " is missing: run tools/bootstrap.sh (it installs Debian's chromium)";
  const std::string page = tmp_path("page.html");
  ASSERT_EQ(run({"show", "--ids", "--html", page, "-e", "o200k_base"}, kText + kMarkup).status, 0);

  // The DOM the browser built holds the same spans: nothing was read as markup.
  const std::string dom = chromium("--dump-dom", page);
  expect_spans_are_tokens(tokens_div(dom), "o200k_base", kText + kMarkup);
  EXPECT_EQ(dom.find("<script"), std::string::npos);

  // Its styles: lines kept, backgrounds alternate (five colours), each id drawn after its token.
  const std::string probed = tmp_path("probed.html");
  std::string with_probe = read_file(page);
  with_probe.insert(with_probe.rfind("</body>"), kProbe);
  write_file(probed, with_probe);
  const std::vector<std::string> lines = probe_lines(chromium("--dump-dom", probed));
  ASSERT_EQ(lines.size(), airtok::get_encoding("o200k_base").count_ordinary(kText + kMarkup) + 1);
  EXPECT_EQ(lines[0], "pre-wrap");
  std::vector<std::string> backgrounds;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::size_t bar = lines[i].find('|'), bar2 = lines[i].rfind('|');
    const std::string id = lines[i].substr(0, bar);
    backgrounds.push_back(lines[i].substr(bar + 1, bar2 - bar - 1));
    EXPECT_EQ(lines[i].substr(bar2 + 1), "\"" + id + "\"") << lines[i];
    EXPECT_NE(backgrounds.back(), "rgba(0, 0, 0, 0)") << lines[i];
  }
  for (std::size_t i = 1; i < backgrounds.size(); ++i) {
    EXPECT_NE(backgrounds[i], backgrounds[i - 1]) << "token " << i;
    if (i >= 5) {
      EXPECT_EQ(backgrounds[i], backgrounds[i - 5]) << "token " << i;
    }
  }

  // A screenshot: a PNG of the window's size, well above what a blank page compresses to.
  const std::string blank = tmp_path("blank.html"), shot = tmp_path("page.png"),
                    blank_shot = tmp_path("blank.png");
  write_file(blank, "<!DOCTYPE html><meta charset=\"utf-8\"><title>blank</title>");
  chromium("--screenshot=" + shell_quote(shot), page);
  chromium("--screenshot=" + shell_quote(blank_shot), blank);
  const std::string png = read_file(shot), blank_png = read_file(blank_shot);
  ASSERT_GT(png.size(), 24u) << shot;
  EXPECT_EQ(png.substr(0, 8), "\x89PNG\r\n\x1a\n");
  EXPECT_EQ(png_size(png), std::make_pair(1000u, 700u));
  EXPECT_GT(png.size(), 3 * blank_png.size()) << shot << " against " << blank_shot;
}

}  // namespace

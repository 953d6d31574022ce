// The README is one page that links into docs/: every relative link there and in docs/ must name
// a file that exists, or a reader following it from a fresh clone finds nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#ifndef P15_SOURCE_DIR
#error "P15_SOURCE_DIR must name the source tree"
#endif

namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Markdown links `[text](target)` whose target is a path in the repository (not a URL, not a
// bare #anchor), with any #anchor dropped.
std::vector<std::string> relative_links(const std::string& text) {
  static const std::regex link(R"(\]\(([^)\s]+)\))");
  std::vector<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), link), end; it != end; ++it) {
    std::string target = (*it)[1];
    if (target.rfind("http", 0) == 0 || target.rfind("mailto:", 0) == 0 || target[0] == '#') {
      continue;
    }
    out.push_back(target.substr(0, target.find('#')));
  }
  return out;
}

std::vector<fs::path> documents() {
  const fs::path root(P15_SOURCE_DIR);
  std::vector<fs::path> docs{root / "README.md", root / "bench" / "README.md"};
  for (const auto& e : fs::directory_iterator(root / "docs")) {
    if (e.path().extension() == ".md") docs.push_back(e.path());
  }
  return docs;
}

TEST(DocsLinks, FindsLinksAndIgnoresUrlsAndAnchors) {
  const auto links =
      relative_links("see [a](docs/a.md), [b](https://x.test/b.md), [c](#here), [d](../d.md#part)");
  EXPECT_EQ(links, (std::vector<std::string>{"docs/a.md", "../d.md"}));
}

TEST(DocsLinks, EveryRelativeLinkNamesAFileThatExists) {
  int checked = 0;
  for (const fs::path& doc : documents()) {
    for (const std::string& target : relative_links(read(doc))) {
      ++checked;
      EXPECT_TRUE(fs::exists(doc.parent_path() / target))
          << doc.filename() << " links to " << target << ", which does not exist";
    }
  }
  EXPECT_GT(checked, 20) << "the README links into docs/";
}

TEST(DocsLinks, TheReadmeStaysOnePage) {
  const std::string text = read(fs::path(P15_SOURCE_DIR) / "README.md");
  const auto lines = std::count(text.begin(), text.end(), '\n');
  EXPECT_LE(lines, 230) << "long material goes to docs/, linked from the README";
}

}  // namespace

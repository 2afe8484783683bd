// corio-ejs TEMPLATE.ejs [-f DATA.json] [-o OUT] [--views DIR]... [--rm-whitespace]
//           [-m DELIM] [--open O] [--close C]
// Renders TEMPLATE with corio's EJS engine, like the `ejs` npm CLI.
#include <corio/view/engine.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

int usage() {
  std::cerr << "usage: corio-ejs TEMPLATE.ejs [-f DATA.json] [-o OUT] [--views DIR]...\n"
               "                 [--rm-whitespace] [-m DELIM] [--open O] [--close C]\n";
  return 2;
}

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buf;
  buf << in.rdbuf();
  out = buf.str();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string tpl, data_file, out_file;
  corio::view::EngineOptions opts;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    bool has_value = i + 1 < argc;
    if ((a == "-f" || a == "--data-file") && has_value) data_file = argv[++i];
    else if ((a == "-o" || a == "--output-file") && has_value) out_file = argv[++i];
    else if (a == "--views" && has_value) opts.views.emplace_back(argv[++i]);
    else if ((a == "-m" || a == "--delimiter") && has_value) opts.delimiter = argv[++i];
    else if ((a == "-p" || a == "--open-delimiter" || a == "--open") && has_value) opts.open_delimiter = argv[++i];
    else if ((a == "-c" || a == "--close-delimiter" || a == "--close") && has_value) opts.close_delimiter = argv[++i];
    else if (a == "-w" || a == "--rm-whitespace") opts.rm_whitespace = true;
    else if (!a.empty() && a[0] != '-' && tpl.empty()) tpl = a;
    else return usage();
  }
  if (tpl.empty()) return usage();
  corio::json data = corio::json::object();
  if (!data_file.empty()) {
    std::string text;
    if (!read_file(data_file, text)) {
      std::cerr << "corio-ejs: cannot read " << data_file << "\n";
      return 1;
    }
    try {
      data = corio::json::parse(text);
    } catch (const std::exception& e) {
      std::cerr << "corio-ejs: " << data_file << ": " << e.what() << "\n";
      return 1;
    }
  }
  try {
    corio::view::Engine engine(opts);
    // The template path is taken as given (an absolute path bypasses the views folders).
    std::string html = engine.render_file(std::filesystem::absolute(tpl).string(), data);
    if (out_file.empty()) {
      std::cout << html;
    } else {
      std::ofstream out(out_file, std::ios::binary);
      out << html;
      if (!out) {
        std::cerr << "corio-ejs: cannot write " << out_file << "\n";
        return 1;
      }
    }
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}

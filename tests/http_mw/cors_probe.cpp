// corio_cors_probe <cors_cases.json>: serves the CORS option sets on 127.0.0.1, prints the port
// on stdout, and stops when stdin closes (its parent, cors_compare.js, went away) or after a
// hard bound of two minutes.
#include <unistd.h>

#include <corio/app/app.hpp>
#include <cstdio>
#include <exception>
#include <iostream>

#include "http_mw/cors_cases.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: corio_cors_probe <cors_cases.json>\n";
    return 2;
  }
  alarm(120);  // never outlive a wedged test run
  try {
    corio::App app;
    corio::test::mount_cors_cases(app, corio::test::read_json_file(argv[1]));
    corio::net::ListenOptions listen;
    listen.host = "127.0.0.1";
    std::cout << app.start(listen) << std::endl;
    char sink[256];
    while (::read(STDIN_FILENO, sink, sizeof sink) > 0) {
    }
    app.stop();
  } catch (const std::exception& e) {
    std::cerr << "corio_cors_probe: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

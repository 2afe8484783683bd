#pragma once
// Runs a Node script of the test tree with the project's node_modules, bounded in time, and
// collects its output (for the interop tests with the npm clients).

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace corio::test {

/// What a Node script printed, and how it ended.
struct NodeRun {
  int exit_code = -1;  ///< the script's exit code (-1 when it did not exit normally)
  std::string output;  ///< stdout and stderr together
};

/// True when `node` is on the PATH.
inline bool have_node() { return std::system("node --version > /dev/null 2>&1") == 0; }

/// `arg` quoted for /bin/sh.
inline std::string shell_quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

/// Runs tests/<script> (relative to the source tree) with `args`; killed after `seconds`.
inline NodeRun run_node_script(const std::string& script, const std::vector<std::string>& args,
                               int seconds = 60) {
  const std::string src = CORIO_SOURCE_DIR;
  std::string command = "NODE_PATH=" + src + "/tests/node/node_modules timeout -k 5 " +
                        std::to_string(seconds) + " node " + src + "/tests/" + script;
  for (const std::string& arg : args) command += " " + shell_quote(arg);
  command += " 2>&1";
  NodeRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) run.output += buffer;
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace corio::test

#pragma once
// Child processes for the ecosystem tests: tools run to completion (promtool, node, linters) and
// servers kept running beside the test (prometheus). A missing tool is a failure, never a skip.
#include <map>
#include <string>
#include <vector>

namespace p15::test {

struct RunResult {
  int exit_code = -1;  // 128+signal when killed; 127 when the program could not be started
  std::string output;  // stdout and stderr, interleaved
};

// The absolute path of `program` found in PATH; throws std::runtime_error naming the Debian or npm
// package to install when it is not there.
std::string require_tool(const std::string& program, const std::string& install_hint);

// Runs argv[0] (looked up in PATH) with `stdin_text` on its standard input; kills it after
// `timeout_s` (exit_code then 128+SIGKILL and the output says so).
RunResult run_tool(const std::vector<std::string>& argv, const std::string& stdin_text = "",
                   int timeout_s = 120, const std::map<std::string, std::string>& env = {});

// A server started in the background with its output in a file; SIGTERM, then SIGKILL, on
// destruction.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv, const std::string& log_path,
                    const std::map<std::string, std::string>& env = {});
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  bool running();
  std::string log() const;
  // SIGTERM, then SIGKILL after 5 s; the exit code (128+signal when killed), -1 if already reaped.
  int stop();
  // SIGKILL at once, as a crash would end it; waits and returns like stop().
  int kill_now();
  int pid() const { return pid_; }

 private:
  int pid_ = -1;
  std::string log_path_;
};

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "p15-eco");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // Writes `text` to path()/name and returns the file's path.
  std::string write(const std::string& name, const std::string& text) const;

 private:
  std::string path_;
};

std::string read_text_file(const std::string& path);

}  // namespace p15::test

#include "tests/support/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace p15::test {

namespace fs = std::filesystem;

namespace {

// fork + exec with stdin and stdout/stderr redirected to files; the child never returns.
int spawn(const std::vector<std::string>& argv, const std::string& stdin_path,
          const std::string& out_path, const std::map<std::string, std::string>& env) {
  if (argv.empty()) throw std::invalid_argument("spawn: empty argv");
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid != 0) {
    setpgid(pid, pid);  // also here: the parent may signal the group before the child ran
    return pid;
  }
  setpgid(0, 0);  // its own group, so a timeout kills the tool's children too
  int in = open(stdin_path.empty() ? "/dev/null" : stdin_path.c_str(), O_RDONLY);
  int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dup2(in, 0);
  dup2(out, 1);
  dup2(out, 2);
  for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execvp(args[0], args.data());
  _exit(127);
}

int exit_code(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string require_tool(const std::string& program, const std::string& install_hint) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    fs::path candidate = fs::path(dir.empty() ? "." : dir) / program;
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  throw std::runtime_error(program + " not found in PATH: " + install_hint +
                           " (scripts/install-deps.sh installs it)");
}

RunResult run_tool(const std::vector<std::string>& argv, const std::string& stdin_text,
                   int timeout_s, const std::map<std::string, std::string>& env) {
  TempDir dir("p15-run");
  std::string in = stdin_text.empty() ? "" : dir.write("stdin", stdin_text);
  std::string out = dir.path() + "/output";
  pid_t pid = spawn(argv, in, out, env);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  int status = 0;
  bool timed_out = false;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  RunResult r{exit_code(status), read_text_file(out)};
  if (timed_out) r.output += "\n[killed after " + std::to_string(timeout_s) + " s]\n";
  return r;
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv,
                                     const std::string& log_path,
                                     const std::map<std::string, std::string>& env)
    : pid_(spawn(argv, "", log_path, env)), log_path_(log_path) {}

BackgroundProcess::~BackgroundProcess() { stop(); }

int BackgroundProcess::stop() {
  if (pid_ < 0) return -1;
  const int pid = pid_;
  pid_ = -1;
  kill(-pid, SIGTERM);
  int status = 0;
  for (int i = 0; i < 100; ++i) {
    if (waitpid(pid, &status, WNOHANG) == pid) return exit_code(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(-pid, SIGKILL);
  waitpid(pid, &status, 0);
  return exit_code(status);
}

int BackgroundProcess::kill_now() {
  if (pid_ < 0) return -1;
  const int pid = pid_;
  pid_ = -1;
  kill(-pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  return exit_code(status);
}

bool BackgroundProcess::running() {
  if (pid_ < 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

std::string BackgroundProcess::log() const { return read_text_file(log_path_); }

TempDir::TempDir(const std::string& prefix) {
  std::string tmpl = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed for " + tmpl);
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& text) const {
  std::string p = path_ + "/" + name;
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

}  // namespace p15::test

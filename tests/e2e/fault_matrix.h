#pragma once
// The fault matrix: each fault test asserts what the service did (the exact Tesla requests, what
// it recorded) and what the user saw (HTTP answer, /healthcheck, a metric, a log line), then
// records those same expectations as one Markdown row in <build>/artifacts/fault-matrix/.
// scripts/fault-matrix.sh joins the rows into docs/fault-matrix.md's table, so the table says only
// what a passing test checked.
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#ifndef P15_FAULT_MATRIX_DIR
#error "P15_FAULT_MATRIX_DIR must name the directory the matrix rows go to"
#endif

namespace p15::test {

struct MatrixRow {
  std::string fault;
  std::string did;  // what the service did, commands to the car included
  std::string saw;  // what the user saw
};

// Markdown inline code, safe inside a table cell.
inline std::string code(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return "`" + out + "`";
}

// "`POST set_charging_amps 200`, `POST charge_start 200`", or "none".
inline std::string calls_text(const std::vector<std::string>& calls) {
  if (calls.empty()) return "none";
  std::string out;
  for (const auto& c : calls) out += (out.empty() ? "" : ", ") + code(c);
  return out;
}

// Writes the row only when the running test has passed so far: a failing test leaves no row.
// `key` orders the table (e.g. "2-collector-03-stale_vehicle_row").
inline void record_matrix_row(const std::string& key, const MatrixRow& row) {
  if (::testing::Test::HasFailure()) return;
  std::filesystem::create_directories(P15_FAULT_MATRIX_DIR);
  std::ofstream(std::string(P15_FAULT_MATRIX_DIR) + "/" + key + ".md")
      << "| " << row.fault << " | " << row.did << " | " << row.saw << " |\n";
}

// The value of one series ("name" or "name{label=\"x\"}") in Prometheus text; NaN when absent.
inline double metric_value(const std::string& text, const std::string& series) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  }
  return std::nan("");
}

// The first line of `log` holding `needle` (empty when none), for failure messages.
inline std::string log_line(const std::string& log, const std::string& needle) {
  std::istringstream in(log);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find(needle) != std::string::npos) return line;
  }
  return "";
}

// Polls `done` every 50 ms until it holds or `timeout` passes; returns its last answer.
inline bool eventually(const std::function<bool()>& done,
                       std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace p15::test

// A deliberate data race between two pieces of project code (namespace p15): scripts/sanitize.sh
// builds and runs it before the suite to prove that tsan_triage.py fails on such a report.
#include <thread>

namespace p15 {
int counter = 0;
__attribute__((noinline)) void bump() { counter = counter + 1; }
}  // namespace p15

int main() {
  std::thread a(p15::bump);
  std::thread b(p15::bump);
  a.join();
  b.join();
  return 0;
}

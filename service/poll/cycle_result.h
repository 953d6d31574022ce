#pragma once
// How one poll-loop pass ended. Its text is the label of p15_poll_cycles_total and
// /status-poll's last_result.
#include <string>

#include "service/core/result.h"

namespace p15 {

enum class CycleResult {
  Ok,             // decided, recorded and every command sent
  Stale,          // a row too old to trust
  Invalid,        // a malformed row
  NoData,         // no rows yet
  DbError,        // the database did not answer
  CommandFailed,  // decided and recorded, but a command to the car did not go through
  Error,          // the pass threw
};

std::string to_string(CycleResult r);

// The result of a pass refused for `error`, from its kind.
CycleResult result_of(const Error& error);

}  // namespace p15

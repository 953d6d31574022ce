#pragma once
// Where the steward's state (service/core/site_steward.h) outlives the process: p15_site_steward
// on MariaDB, or memory for tests. One row per energy site.
#include <optional>
#include <string>

#include "service/core/result.h"
#include "service/core/site_steward.h"
#include "service/core/types.h"

namespace p15 {

class StewardBook {
 public:
  virtual ~StewardBook() = default;
  // nullopt: never saved. Invalid: a row that does not parse (the message names the field).
  virtual Result<std::optional<StewardState>> load_steward() = 0;
  virtual Status save_steward(const StewardState& state, TimePoint at) = 0;
};

class MariaDbConnection;

class MariaDbStewardBook final : public StewardBook {
 public:
  MariaDbStewardBook(MariaDbConnection& connection, std::string site = "default")
      : connection_(connection), site_(std::move(site)) {}
  Result<std::optional<StewardState>> load_steward() override;
  Status save_steward(const StewardState& state, TimePoint at) override;

 private:
  MariaDbConnection& connection_;
  std::string site_;
};

class MemoryStewardBook final : public StewardBook {
 public:
  Result<std::optional<StewardState>> load_steward() override { return saved; }
  Status save_steward(const StewardState& state, TimePoint) override {
    saved = state;
    ++saves;
    return ok_status();
  }
  std::optional<StewardState> saved;
  int saves = 0;
};

// The row's JSON, both ways.
std::string steward_json(const StewardState& s);
Result<StewardState> steward_from_json(const std::string& text);

}  // namespace p15

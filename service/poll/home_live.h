#pragma once
// The owner's page's live view, assembled from what the service has: the newest rows (shown
// even when too old to act on, marked stale), the Cycle's last decision and the stored charge
// mode. Reads only; decides and sends nothing.
#include <string>

#include "service/clock/clock.h"
#include "service/core/home_view.h"
#include "service/poll/cycle.h"
#include "service/store/store.h"

namespace p15 {

struct HomeLiveSettings {
  SmartSettings smart;  // the rules the view's figures share with the policy
  ChargeModeSetting default_mode;
  std::string vin;           // vehicle.vin; empty: the newest vehicle row's
  Seconds stale_after{120};  // poll.stale_after_s
};

class HomeLive {
 public:
  HomeLive(Store& store, const Cycle& cycle, Clock& clock, HomeLiveSettings settings);
  // Never fails: a row that cannot be read is left out of the view (and it says stale).
  HomeView view();

 private:
  Store& store_;
  const Cycle& cycle_;
  Clock& clock_;
  HomeLiveSettings settings_;
};

}  // namespace p15

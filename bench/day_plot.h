#pragma once
// One representative day per policy as a hand-written SVG: solar and load (kW, left axis),
// Powerwall state of charge (%) and the car's current (A) on the right axes; one panel a policy.
#include <string>
#include <utility>
#include <vector>

#include "bench/replay.h"

namespace p15::bench {

struct DayPlot {
  std::string title;  // e.g. "opsd / tou-nbt / commute, 2016-06-18 (Sat)"
  std::vector<std::pair<std::string, DayTrace>> panels;  // policy name, its trace
};

std::string day_plot_svg(const DayPlot& plot);

}  // namespace p15::bench

#include "sim/household_data.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include "service/config/time_zones.h"
#include "sim/sim_time.h"

namespace p15::sim {

namespace chr = std::chrono;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  if (!cells.empty() && !cells.back().empty() && cells.back().back() == '\r') {
    cells.back().pop_back();
  }
  return cells;
}

std::optional<double> parse_number(const std::string& cell) {
  if (cell.empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    const double v = std::stod(cell, &used);
    if (used != cell.size() || !std::isfinite(v)) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

int find_column(const std::vector<std::string>& header, const std::string& suffix) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string& h = header[i];
    if (h.size() >= suffix.size() &&
        h.compare(h.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

// --- OPSD -----------------------------------------------------------------------------------

// The OPSD counters we use, in this order.
enum OpsdColumn { kImport, kExport, kPv, kEv, kOpsdColumns };
constexpr const char* kOpsdSuffixes[kOpsdColumns] = {"_grid_import", "_grid_export", "_pv", "_ev"};

struct CounterPoint {
  TimePoint end;  // the instant the reading belongs to (end of the labelled hour)
  double kwh;
};

struct OpsdRows {
  std::vector<CounterPoint> points[kOpsdColumns];
  int dropped = 0;
};

Result<OpsdRows> read_opsd_rows(std::istream& in, const LocalZone& zone) {
  std::string line;
  if (!std::getline(in, line)) return Error{"OPSD: empty input"};
  const auto header = split_csv(line);
  int cols[kOpsdColumns];
  for (int c = 0; c < kOpsdColumns; ++c) {
    cols[c] = find_column(header, kOpsdSuffixes[c]);
    if (cols[c] < 0) return Error{std::string("OPSD: no column ending in ") + kOpsdSuffixes[c]};
  }
  OpsdRows rows;
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    const auto cells = split_csv(line);
    const auto label = parse_wall_time(cells.empty() ? "" : cells[0]);
    if (!label) return Error{"OPSD: bad timestamp in line: " + line};
    // The label is Berlin wall clock. A label DST skipped holds no real hour; a repeated one
    // (DST end) holds both real hours and ends at the later one.
    const LocalToUtc start = to_utc(zone, *label);
    if (start.matches == 0) {
      ++rows.dropped;
      continue;
    }
    const TimePoint end = start.later + chr::hours{1};
    for (int c = 0; c < kOpsdColumns; ++c) {
      if (cols[c] >= static_cast<int>(cells.size())) continue;
      if (const auto v = parse_number(cells[cols[c]])) rows.points[c].push_back({end, *v});
    }
  }
  return rows;
}

// Hourly energy of one counter on an hour grid starting at `base`; NaN where unknown.
std::vector<double> hourly_energy(const std::vector<CounterPoint>& pts, TimePoint base,
                                  std::size_t hours, int max_gap_h, int& spread) {
  std::vector<double> kwh(hours, kNaN);
  for (std::size_t i = 1; i < pts.size(); ++i) {
    const auto gap_h = chr::duration_cast<chr::hours>(pts[i].end - pts[i - 1].end).count();
    if (gap_h <= 0 || gap_h > max_gap_h) continue;
    const double share = (pts[i].kwh - pts[i - 1].kwh) / static_cast<double>(gap_h);
    const auto first = chr::duration_cast<chr::hours>(pts[i - 1].end - base).count();
    for (long long h = first; h < first + gap_h; ++h) {
      if (h >= 0 && h < static_cast<long long>(hours)) kwh[h] = share;
    }
    if (gap_h > 1) spread += static_cast<int>(gap_h);
  }
  return kwh;
}

bool known(double v) { return !std::isnan(v); }

}  // namespace

Result<HouseholdSeries> parse_opsd_csv(std::istream& in, const LoadOptions& options) {
  HouseholdSeries s;
  s.name = "opsd_residential4";
  auto zone = zone_named("europe-berlin");
  if (!zone) return Error{"OPSD: " + zone.error().message};
  s.zone = *zone;
  s.step = chr::hours{1};
  auto rows = read_opsd_rows(in, s.zone);
  if (!rows) return rows.error();
  s.dropped_rows = rows->dropped;
  const auto& grid = rows->points[kImport];
  if (grid.size() < 2) return Error{"OPSD: fewer than two grid import readings"};
  const TimePoint base = grid.front().end;
  const auto hours =
      static_cast<std::size_t>(chr::duration_cast<chr::hours>(grid.back().end - base).count());
  std::vector<double> e[kOpsdColumns];
  for (int c = 0; c < kOpsdColumns; ++c) {
    int spread = 0;
    e[c] = hourly_energy(rows->points[c], base, hours, options.max_spread_gap_h, spread);
    if (c == kImport) s.spread_intervals = spread;
  }
  auto complete = [&](std::size_t h) {
    return known(e[kImport][h]) && known(e[kExport][h]) && known(e[kPv][h]);
  };
  std::size_t first = 0, last = hours;
  while (first < hours && !complete(first)) ++first;
  while (last > first && !complete(last - 1)) --last;
  if (first == last) return Error{"OPSD: no hour with import, export and PV"};
  for (std::size_t h = first; h < last; ++h) {
    HouseholdSample x;
    x.utc = base + chr::hours{h};
    if (!complete(h)) {
      x.missing = true;
      ++s.missing_intervals;
      s.samples.push_back(x);
      continue;
    }
    // Their EV is replaced by ours; where the EV counter is unknown, assume it did not charge.
    const double ev = known(e[kEv][h]) ? e[kEv][h] : 0.0;
    double load_kwh = e[kImport][h] + e[kPv][h] - e[kExport][h] - ev;
    if (load_kwh < 0) {
      load_kwh = 0;  // meter timing: flows that net out within the hour
      ++s.clamped_negative;
    }
    x.solar_w = e[kPv][h] * 1000.0 * options.pv_scale;
    x.load_w = load_kwh * 1000.0 * options.load_scale;
    s.samples.push_back(x);
  }
  return s;
}

Result<HouseholdSeries> parse_ausgrid_csv(std::istream& in, const LoadOptions& options) {
  HouseholdSeries s;
  s.name = "ausgrid_customer12";
  auto zone = zone_named("australia-sydney");
  if (!zone) return Error{"Ausgrid: " + zone.error().message};
  s.zone = *zone;
  s.step = chr::minutes{30};
  std::string line;
  if (!std::getline(in, line)) return Error{"Ausgrid: empty input"};
  const auto header = split_csv(line);
  const int gc = find_column(header, "GC"), gg = find_column(header, "GG");
  if (gc < 0 || gg < 0) return Error{"Ausgrid: header needs GC and GG columns"};
  auto round3 = [](double v) { return std::round(v * 1000.0) / 1000.0; };
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    const auto cells = split_csv(line);
    const auto label = parse_wall_time(cells.empty() ? "" : cells[0]);
    const int need = std::max(gc, gg);
    if (!label || need >= static_cast<int>(cells.size())) {
      return Error{"Ausgrid: bad line: " + line};
    }
    const auto load_kw = parse_number(cells[gc]), pv_kw = parse_number(cells[gg]);
    if (!load_kw || !pv_kw) return Error{"Ausgrid: bad value in line: " + line};
    // Every day has 48 labels, DST days too: a skipped label is dropped, a repeated one taken
    // as its first occurrence, so the second occurrence's real slots end up missing.
    const LocalToUtc at = to_utc(s.zone, *label);
    const bool in_order = s.samples.empty() || at.earlier > s.samples.back().utc;
    if (at.matches == 0 || !in_order) {
      ++s.dropped_rows;
      continue;
    }
    while (!s.samples.empty() && s.samples.back().utc + s.step < at.earlier) {
      HouseholdSample gap{s.samples.back().utc + s.step, 0, 0, true};
      s.samples.push_back(gap);
      ++s.missing_intervals;
    }
    s.samples.push_back({at.earlier, round3(*pv_kw) * 1000.0 * options.pv_scale,
                         round3(*load_kw) * 1000.0 * options.load_scale, false});
  }
  if (s.samples.empty()) return Error{"Ausgrid: no rows"};
  return s;
}

LoadOptions default_load_options(Dataset dataset) {
  LoadOptions o;
  if (dataset == Dataset::Ausgrid) o.pv_scale = kCaliforniaRoofKwp / kAusgridPvKwp;
  return o;
}

std::string dataset_file(Dataset dataset) {
  return dataset == Dataset::Opsd ? "opsd_residential4_60min.csv"
                                  : "ausgrid_customer12_2011-2012.csv";
}

Result<HouseholdSeries> load_household(Dataset dataset, const std::string& data_dir,
                                       const LoadOptions& options) {
  const std::string path = data_dir + "/" + dataset_file(dataset);
  std::ifstream in(path);
  if (!in) return Error{"cannot open " + path, ErrorKind::NotFound};
  auto series =
      dataset == Dataset::Opsd ? parse_opsd_csv(in, options) : parse_ausgrid_csv(in, options);
  if (!series) return Error{path + ": " + series.error().message, series.error().kind};
  return series;
}

void fill_missing_from_previous_day(HouseholdSeries& s) {
  const auto per_day = static_cast<std::size_t>(chr::days{1} / s.step);
  const std::size_t n = s.samples.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (!s.samples[i].missing) continue;
    // Earlier days were filled already in this forward pass; at the start, look ahead.
    std::optional<std::size_t> from;
    if (i >= per_day) {
      from = i - per_day;
    } else {
      for (std::size_t j = i + per_day; j < n && !from; j += per_day) {
        if (!s.samples[j].missing) from = j;
      }
    }
    if (!from) continue;
    s.samples[i].solar_w = s.samples[*from].solar_w;
    s.samples[i].load_w = s.samples[*from].load_w;
  }
}

const HouseholdSample& sample_at(const HouseholdSeries& s, TimePoint utc) {
  const auto n = static_cast<long long>(s.samples.size());
  const long long step = s.step.count();
  const long long offset = (utc - s.samples.front().utc).count();
  long long index = offset >= 0 ? offset / step : -((-offset + step - 1) / step);
  index %= n;
  if (index < 0) index += n;
  return s.samples[static_cast<std::size_t>(index)];
}

TimePoint dataset_time(const HouseholdSeries& s, LocalSeconds wall) {
  // A skipped wall time reads with the offset before the gap (to_utc's `earlier` then).
  return to_utc(s.zone, wall).earlier;
}

EnergyTotals totals(const HouseholdSeries& s, LocalSeconds from, LocalSeconds to) {
  EnergyTotals t;
  const double hours_per_step = chr::duration<double>(s.step).count() / 3600.0;
  for (const HouseholdSample& x : s.samples) {
    const LocalSeconds local = to_local(s.zone, x.utc);
    if (x.missing || local < from || local >= to) continue;
    t.solar_kwh += x.solar_w * hours_per_step / 1000.0;
    t.load_kwh += x.load_w * hours_per_step / 1000.0;
    ++t.intervals;
  }
  return t;
}

}  // namespace p15::sim

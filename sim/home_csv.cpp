#include "sim/home_csv.h"

// The parser copies file names with strncpy into fixed buffers, which GCC flags when inlined.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#include <libfccp/csv.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "service/config/time_zones.h"
#include "service/core/time_text.h"

namespace p15::sim {

namespace chr = std::chrono;

namespace {

// Three named columns, the rest ignored; quoted cells as spreadsheets write them; blank lines
// skipped (the line numbers still count them).
using Reader = io::CSVReader<3, io::trim_chars<' ', '\t'>, io::double_quote_escape<',', '"'>,
                             io::throw_on_overflow, io::empty_line_comment>;

// One data row, its values still in the file's unit; nullopt: an empty cell.
struct RawRow {
  unsigned line = 0;
  std::string time_text;
  TimePoint utc{};
  std::optional<double> solar, load;
};

std::string where(const std::string& file, unsigned line) {
  return file + " line " + std::to_string(line);
}

Error cell_error(const std::string& file, unsigned line, const std::string& column,
                 const std::string& what) {
  return Error{where(file, line) + ", column '" + column + "': " + what};
}

std::string format_offset(Seconds offset) {
  const long long m = std::llabs(offset.count()) / 60;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%c%02lld:%02lld", offset.count() < 0 ? '-' : '+', m / 60, m % 60);
  return buf;
}

// The header's cells for a message naming what is there; the reader itself parses the header.
std::string header_listing(std::string_view text) {
  const std::string_view first = text.substr(0, text.find('\n'));
  std::string out, cell;
  std::istringstream in{std::string(first)};
  while (std::getline(in, cell, ',')) {
    const auto b = cell.find_first_not_of(" \t\"\r"), e = cell.find_last_not_of(" \t\"\r");
    out += (out.empty() ? "'" : ", '") + (b == std::string::npos ? "" : cell.substr(b, e - b + 1)) +
           "'";
  }
  return out;
}

Result<std::optional<double>> parse_value(const std::string& cell) {
  if (cell.empty()) return std::optional<double>{};
  double v = 0;
  const char* end = cell.data() + cell.size();
  const auto [ptr, ec] = std::from_chars(cell.data(), end, v);
  if (ec != std::errc{} || ptr != end || !std::isfinite(v)) return Error{"not a number"};
  return std::optional<double>{v};
}

// A timestamp without an offset is the home's wall time; of a time repeated when DST ends, the
// occurrence after the previous row is taken, so a day's rows stay in order.
Result<TimePoint> row_utc(const CsvTime& t, const LocalZone& zone, const RawRow* previous) {
  if (t.offset) {
    const TimePoint utc = TimePoint{t.wall.time_since_epoch()} - *t.offset;
    if (utc_offset(zone, utc) != *t.offset) {
      return Error{"its offset " + format_offset(*t.offset) + " is not " + zone.name + "'s (" +
                   format_offset(utc_offset(zone, utc)) +
                   ") at that instant: name the home's zone (--csv-zone)"};
    }
    return utc;
  }
  const LocalToUtc m = to_utc(zone, t.wall);
  if (m.matches == 0) {
    return Error{"no such time in " + zone.name + " (skipped when daylight-saving time starts)"};
  }
  if (m.matches == 2 && previous != nullptr && previous->utc >= m.earlier) return m.later;
  return m.earlier;
}

Status check_order(const std::string& file, const HomeCsvOptions& o, const RawRow& row,
                   const RawRow& previous) {
  if (row.utc > previous.utc) return ok_status();
  const std::string what =
      row.utc == previous.utc ? "repeats the time of line " : "is before line ";
  return cell_error(file, row.line, o.time_column,
                    "'" + row.time_text + "' " + what + std::to_string(previous.line) + " ('" +
                        previous.time_text + "'): the rows must go forward in time");
}

Result<RawRow> read_row(const std::string& file, const HomeCsvOptions& o, const LocalZone& zone,
                        unsigned line, const std::string (&cells)[3], const RawRow* previous) {
  RawRow row;
  row.line = line;
  row.time_text = cells[0];
  const auto t = parse_csv_time(cells[0]);
  if (!t) {
    return cell_error(file, line, o.time_column,
                      "'" + cells[0] + "' is not a time (YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])");
  }
  auto utc = row_utc(*t, zone, previous);
  if (!utc)
    return cell_error(file, line, o.time_column, "'" + cells[0] + "': " + utc.error().message);
  row.utc = *utc;
  const std::string* names[2] = {&o.solar_column, &o.load_column};
  std::optional<double>* values[2] = {&row.solar, &row.load};
  for (int i = 0; i < 2; ++i) {
    auto v = parse_value(cells[i + 1]);
    if (!v) return cell_error(file, line, *names[i], "'" + cells[i + 1] + "' is not a number");
    *values[i] = *v;
  }
  return row;
}

// The reader's own refusals (a short or long row, an open quote), in this module's words.
Error reader_error(const std::string& file, const io::error::base& e, unsigned line) {
  std::string what = e.what();
  if (dynamic_cast<const io::error::too_few_columns*>(&e)) what = "fewer cells than the header";
  if (dynamic_cast<const io::error::too_many_columns*>(&e)) what = "more cells than the header";
  if (dynamic_cast<const io::error::escaped_string_not_closed*>(&e)) {
    what = "a quoted cell is not closed";
  }
  return Error{where(file, line) + ": " + what};
}

Status read_header(Reader& in, std::string_view text, const std::string& file,
                   const HomeCsvOptions& o) {
  try {
    in.read_header(io::ignore_extra_column, o.time_column, o.solar_column, o.load_column);
  } catch (const io::error::missing_column_in_header& e) {
    return Error{file + " line 1: no column '" + std::string(e.column_name) + "'; the header has " +
                 header_listing(text)};
  } catch (const io::error::duplicated_column_in_header& e) {
    return Error{file + " line 1: column '" + std::string(e.column_name) + "' appears twice"};
  } catch (const io::error::header_missing&) {
    return Error{file + ": empty, no header line"};
  } catch (const io::error::base& e) {
    return Error{file + " line 1: " + e.what()};
  }
  return ok_status();
}

Result<std::vector<RawRow>> read_rows(std::string_view text, const std::string& file,
                                      const HomeCsvOptions& o, const LocalZone& zone) {
  Reader in(file, text.data(), text.data() + text.size());
  if (auto st = read_header(in, text, file, o); !st) return st.error();
  std::vector<RawRow> rows;
  std::string cells[3];
  try {
    while (in.read_row(cells[0], cells[1], cells[2])) {
      auto row =
          read_row(file, o, zone, in.get_file_line(), cells, rows.empty() ? nullptr : &rows.back());
      if (!row) return row.error();
      if (!rows.empty()) {
        if (auto st = check_order(file, o, *row, rows.back()); !st) return st.error();
      }
      rows.push_back(std::move(row).value());
    }
  } catch (const io::error::base& e) {
    return reader_error(file, e, in.get_file_line());
  }
  if (rows.empty()) return Error{file + ": no rows after the header"};
  return rows;
}

// The most common spacing; of equally common ones the shortest.
Result<Seconds> infer_step(const std::vector<RawRow>& rows, const std::string& file) {
  if (rows.size() < 2)
    return Error{file + ": one row only, so no interval to infer (--csv-step-s)"};
  std::map<long long, int> counts;
  for (std::size_t i = 1; i < rows.size(); ++i) ++counts[(rows[i].utc - rows[i - 1].utc).count()];
  const auto best =
      std::max_element(counts.begin(), counts.end(),
                       [](const auto& a, const auto& b) { return a.second < b.second; });
  return Seconds{best->first};
}

// Every row must fall on the grid of the first row plus whole intervals.
Status check_grid(const std::vector<RawRow>& rows, const std::string& file, const HomeCsvOptions& o,
                  Seconds step) {
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const Seconds since = rows[i].utc - rows[0].utc;
    if (since.count() % step.count() == 0) continue;
    return cell_error(file, rows[i].line, o.time_column,
                      "'" + rows[i].time_text + "' is not a whole number of " +
                          std::to_string(step.count()) + " s intervals after line " +
                          std::to_string(rows[0].line) + "'s time");
  }
  return ok_status();
}

// Watts per unit of the file's values.
double watts_per_unit(const HomeCsvOptions& o, Seconds step) {
  const double kilo = o.unit == CsvUnit::kW || o.unit == CsvUnit::kWh ? 1000.0 : 1.0;
  if (o.quantity == CsvQuantity::Power) return kilo;
  return kilo * 3600.0 / static_cast<double>(step.count());
}

double clamp_counted(double w, int& counter) {
  if (w >= 0) return w;
  ++counter;
  return 0;
}

HouseholdSeries to_series(const std::vector<RawRow>& rows, const HomeCsvOptions& o, Seconds step,
                          const LocalZone& zone) {
  HouseholdSeries s;
  s.name = "home";
  s.zone = zone;
  s.step = step;
  const double factor = watts_per_unit(o, step);
  const Seconds shift = o.label_marks_end ? step : Seconds{0};
  const TimePoint first = rows.front().utc - shift;
  for (const RawRow& r : rows) {
    const auto index = static_cast<std::size_t>((r.utc - shift - first) / step);
    while (s.samples.size() < index) {
      s.samples.push_back({first + step * static_cast<long long>(s.samples.size()), 0, 0, true});
      ++s.missing_intervals;
    }
    HouseholdSample x{r.utc - shift, 0, 0, !r.solar || !r.load};
    if (x.missing) {
      ++s.missing_intervals;
    } else {
      x.solar_w = clamp_counted(*r.solar * factor, s.clamped_negative_solar);
      x.load_w = clamp_counted(*r.load * factor, s.clamped_negative);
    }
    s.samples.push_back(x);
  }
  return s;
}

}  // namespace

HomeCsvOptions tesla_export_options() {
  HomeCsvOptions o;
  o.time_column = "Date time";
  o.solar_column = "Solar (kW)";
  o.load_column = "Home (kW)";
  o.quantity = CsvQuantity::Power;
  o.unit = CsvUnit::kW;
  // netzero-labs/tesla-solar-download issue 6: the app's row stamped 00:05 holds what Tesla's
  // API stamps 00:00, the start of the interval; the app labels the interval's end.
  o.label_marks_end = true;
  return o;
}

Status check_unit(CsvQuantity quantity, CsvUnit unit) {
  const bool power_unit = unit == CsvUnit::W || unit == CsvUnit::kW;
  if (quantity == CsvQuantity::Power && !power_unit) return Error{"a power is in W or kW"};
  if (quantity == CsvQuantity::Energy && power_unit) return Error{"an energy is in Wh or kWh"};
  return ok_status();
}

std::optional<CsvTime> parse_csv_time(std::string_view text) {
  const std::size_t wall_len = text.size() >= 19 && text[16] == ':' ? 19 : 16;
  if (text.size() < wall_len) return std::nullopt;
  const auto wall = parse_wall_time(text.substr(0, wall_len));
  if (!wall) return std::nullopt;
  const std::string_view rest = text.substr(wall_len);
  if (rest.empty()) return CsvTime{*wall, std::nullopt};
  if (rest == "Z") return CsvTime{*wall, Seconds{0}};
  const bool colon = rest.size() == 6 && rest[3] == ':';
  if ((rest[0] != '+' && rest[0] != '-') || (!colon && rest.size() != 5)) return std::nullopt;
  int h = 0, m = 0;
  const char* p = rest.data() + 1;
  if (std::from_chars(p, p + 2, h).ptr != p + 2) return std::nullopt;
  p += colon ? 3 : 2;
  if (std::from_chars(p, p + 2, m).ptr != p + 2 || h > 14 || m > 59) return std::nullopt;
  const Seconds offset = chr::hours{h} + chr::minutes{m};
  return CsvTime{*wall, rest[0] == '-' ? -offset : offset};
}

Result<HouseholdSeries> parse_home_csv(std::string_view text, const std::string& file,
                                       const HomeCsvOptions& o) {
  if (auto st = check_unit(o.quantity, o.unit); !st) return Error{file + ": " + st.error().message};
  auto zone = row_time_zone(o.zone);
  if (!zone) return Error{file + ": zone " + zone.error().message};
  const LocalZone home = zone->value_or(LocalZone{});
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a spreadsheet's UTF-8 mark
  auto rows = read_rows(text, file, o, home);
  if (!rows) return rows.error();
  Result<Seconds> step = o.step ? Result<Seconds>(*o.step) : infer_step(*rows, file);
  if (!step) return step.error();
  if (auto st = check_grid(*rows, file, o, *step); !st) return st.error();
  return to_series(*rows, o, *step, home);
}

Result<HouseholdSeries> load_home_csv(const std::string& path, const HomeCsvOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot open " + path, ErrorKind::NotFound};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_home_csv(text.str(), path, options);
}

HouseholdSeries average_to_step(const HouseholdSeries& s, Seconds step) {
  if (step <= s.step || s.samples.empty()) return s;
  HouseholdSeries out = s;
  out.step = step;
  out.samples.clear();
  out.missing_intervals = 0;
  const long long n = step.count(), t = s.samples.front().utc.time_since_epoch().count();
  const TimePoint first{Seconds{(t >= 0 ? t / n : (t - n + 1) / n) * n}};
  struct Sum {
    double solar = 0, load = 0;
    int n = 0;
  };
  std::vector<Sum> sums(static_cast<std::size_t>((s.samples.back().utc - first) / step) + 1);
  for (const HouseholdSample& x : s.samples) {
    if (x.missing) continue;
    Sum& sum = sums[static_cast<std::size_t>((x.utc - first) / step)];
    sum.solar += x.solar_w;
    sum.load += x.load_w;
    ++sum.n;
  }
  for (std::size_t i = 0; i < sums.size(); ++i) {
    const Sum& sum = sums[i];
    const TimePoint at = first + step * static_cast<long long>(i);
    if (sum.n == 0) ++out.missing_intervals;
    out.samples.push_back(sum.n == 0 ? HouseholdSample{at, 0, 0, true}
                                     : HouseholdSample{at, sum.solar / sum.n, sum.load / sum.n});
  }
  return out;
}

LocalSeconds first_full_day(const HouseholdSeries& s) {
  return chr::ceil<chr::days>(to_local(s.zone, s.samples.front().utc));
}

int full_days_from(const HouseholdSeries& s, LocalSeconds start) {
  const LocalSeconds end = to_local(s.zone, s.samples.back().utc + s.step);
  return end <= start ? 0 : static_cast<int>(chr::floor<chr::days>(end - start).count());
}

}  // namespace p15::sim

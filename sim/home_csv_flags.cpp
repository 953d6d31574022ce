#include "sim/home_csv_flags.h"

#include "sim/cli_checks.h"

namespace p15::sim {

void add_home_csv_flags(CLI::App& app, HomeCsvFlags& f) {
  app.add_option("--csv", f.file);
  app.add_option("--csv-format", f.format)->check(one_of({"generic", "tesla"}));
  app.add_option("--csv-time", f.time_column);
  app.add_option("--csv-solar", f.solar_column);
  app.add_option("--csv-load", f.load_column);
  app.add_option("--csv-quantity", f.quantity)->check(one_of({"power", "energy"}));
  app.add_option("--csv-unit", f.unit)->check(one_of({"W", "kW", "Wh", "kWh"}));
  app.add_option("--csv-zone", f.zone);
  app.add_option("--csv-step-s", f.step_s)->transform(number_in(1, 86400, true));
}

Result<HomeCsvOptions> home_csv_options(const HomeCsvFlags& f) {
  HomeCsvOptions o = f.format == "tesla" ? tesla_export_options() : HomeCsvOptions{};
  if (!f.time_column.empty()) o.time_column = f.time_column;
  if (!f.solar_column.empty()) o.solar_column = f.solar_column;
  if (!f.load_column.empty()) o.load_column = f.load_column;
  if (!f.quantity.empty()) {
    o.quantity = f.quantity == "energy" ? CsvQuantity::Energy : CsvQuantity::Power;
    // An energy without a unit is in kWh, as most meters export it.
    if (f.unit.empty()) o.unit = o.quantity == CsvQuantity::Energy ? CsvUnit::kWh : CsvUnit::kW;
  }
  if (!f.unit.empty()) {
    o.unit = f.unit == "W"    ? CsvUnit::W
             : f.unit == "kW" ? CsvUnit::kW
             : f.unit == "Wh" ? CsvUnit::Wh
                              : CsvUnit::kWh;
  }
  if (auto st = check_unit(o.quantity, o.unit); !st) {
    return Error{"--csv-unit " + f.unit + " with --csv-quantity " +
                 (f.quantity.empty() ? std::string("power") : f.quantity) + ": " +
                 st.error().message};
  }
  o.zone = f.zone;
  if (f.step_s > 0) o.step = Seconds{static_cast<long long>(f.step_s)};
  return o;
}

Result<HouseholdSeries> load_home_series(const HomeCsvFlags& f, Seconds average_to) {
  auto options = home_csv_options(f);
  if (!options) return options.error();
  auto series = load_home_csv(f.file, *options);
  if (!series) return series;
  // Averaged before filling: a filled interval keeps its `missing` flag, which averaging skips.
  if (average_to > series->step) series = average_to_step(*series, average_to);
  fill_missing_from_previous_day(series.value());
  return series;
}

}  // namespace p15::sim

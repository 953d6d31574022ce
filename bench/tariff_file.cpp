#include "bench/tariff_file.h"

#include "sim/tariff_loader.h"

namespace p15::bench {

Result<Tariff> make_bench_tariff(const std::string& spec, const std::string& data_dir) {
  const bool yaml = spec.ends_with(".yml") || spec.ends_with(".yaml");
  if (yaml) return load_tariff_file(spec);
  auto t = sim::make_tariff(spec, data_dir);
  if (!t) return t;
  Tariff named = std::move(t).value();
  named.name = spec;
  return named;
}

}  // namespace p15::bench

#include "sim/sim_app.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "service/vehicle/secret_file.h"
#include "sim/device_server.h"
#include "sim/home_csv_flags.h"
#include "sim/sim_report.h"
#include "sim/sim_time.h"
#include "sim/simulation.h"
#include "sim/status_server.h"
#include "sim/stepper.h"
#include "sim/tariff_loader.h"

namespace p15::sim {

namespace fs = std::filesystem;
namespace chr = std::chrono;

namespace {

std::atomic<bool> g_stop{false};  // the one global: signal handlers can reach nothing else

extern "C" void on_signal(int) { g_stop.store(true); }

TimePoint real_utc_now() { return chr::floor<Seconds>(chr::system_clock::now()); }

// --csv: the home's own data, scaled only when asked (it is already the home's).
Result<HouseholdSeries> load_csv_series(const SimOptions& o) {
  auto series = load_home_series(o.csv);
  if (!series) return series;
  const double pv = o.pv_scale.value_or(1.0), load = o.load_scale.value_or(1.0);
  for (HouseholdSample& x : series.value().samples) {
    x.solar_w *= pv;
    x.load_w *= load;
  }
  spdlog::info(
      "data: {} ({}) {} intervals of {} s from {} (pv x{:.2f}, load x{:.2f}; {} missing, {} "
      "negative loads and {} negative solar set to 0)",
      o.csv.file, series->zone.name, series->samples.size(), series->step.count(),
      format_wall(to_local(series->zone, series->samples.front().utc)), pv, load,
      series->missing_intervals, series->clamped_negative, series->clamped_negative_solar);
  return series;
}

Result<HouseholdSeries> load_series(const SimOptions& o) {
  if (!o.csv.file.empty()) return load_csv_series(o);
  LoadOptions lo = default_load_options(o.dataset);
  if (o.pv_scale) lo.pv_scale = *o.pv_scale;
  if (o.load_scale) lo.load_scale = *o.load_scale;
  auto series = load_household(o.dataset, o.data_dir, lo);
  if (!series) return series;
  fill_missing_from_previous_day(series.value());
  spdlog::info(
      "data: {} {} intervals of {} s (pv x{:.2f}, load x{:.2f}; {} missing, {} spread, {} "
      "clamped, {} labels dropped)",
      series->name, series->samples.size(), series->step.count(), lo.pv_scale, lo.load_scale,
      series->missing_intervals, series->spread_intervals, series->clamped_negative,
      series->dropped_rows);
  return series;
}

SimConfig make_config(const SimOptions& o) {
  SimConfig c;
  c.powerwall.backup_reserve_percent = o.backup_reserve_percent;
  c.powerwall.off_grid_vehicle_charging_reserve_percent = o.off_grid_reserve_percent;
  c.powerwall_start_percent = o.powerwall_soc;
  if (o.powerwall_mode == "tbc") {
    c.powerwall_mode = OperationMode::TimeBasedControl;
    c.export_rule = ExportRule::BatteryOk;
  }
  c.car.sleep_after_s = o.sleep_after_min * 60;
  c.plug.mode = o.plug;
  c.car_start_level = o.car_soc;
  c.charge_limit_soc = o.charge_limit_soc;
  c.shape = o.shape;
  c.tick_s = o.tick_s;
  c.seed = o.seed;
  c.start = *parse_wall_time(o.start);
  c.vin = o.vin;
  c.car.wake_delay_s = o.wake_delay_s;
  c.car_starts_asleep = o.car_asleep;
  return c;
}

// Tesla's front as the options set it up; its clock is the simulated one, so a token's lifetime
// and a wake-up's delay pass at the simulation's speed.
FakeFleetOptions fleet_options(const SimOptions& o, const std::atomic<const Simulation*>* sim,
                               TimePoint start) {
  FakeFleetOptions f;
  f.front.mode = *front_mode_from_string(o.tesla_front);
  f.auth.access_lifetime = Seconds{static_cast<long long>(o.token_lifetime_s)};
  f.self_paced = false;  // the simulation steps the car, wake-ups included
  if (!o.tls_dir.empty()) f.tls = tls_files(o.tls_dir);
  f.clock = [sim, start] {
    const Simulation* s = sim->load();
    return s != nullptr ? s->now() : start;
  };
  return f;
}

// Sleeps until `until` in short slices so a signal stops the run promptly.
void sleep_until(chr::steady_clock::time_point until) {
  while (!g_stop.load()) {
    const auto now = chr::steady_clock::now();
    if (now >= until) return;
    std::this_thread::sleep_for(
        std::min<chr::steady_clock::duration>(until - now, chr::milliseconds(200)));
  }
}

long long span_ticks(const SimOptions& o) {
  return o.duration_h > 0 ? static_cast<long long>(std::ceil(o.duration_h * 3600.0 / o.tick_s))
                          : -1;
}

void run_loop(Simulation& sim, const SimOptions& o) {
  const auto real_tick =
      chr::duration_cast<chr::steady_clock::duration>(chr::duration<double>(o.tick_s / o.speed));
  const long long max_ticks = span_ticks(o);
  auto next = chr::steady_clock::now();
  for (long long done = 0; !g_stop.load() && (max_ticks < 0 || done < max_ticks); ++done) {
    next += real_tick;
    sleep_until(next);
    if (g_stop.load()) break;
    sim.tick();
  }
}

// --step-mode external: the ticks run on POST /advance's thread; this one only waits for a
// signal. The span's end does not exit: the service may still read the clock and the test the
// final /status; the caller stops the simulator.
void wait_for_signal() {
  while (!g_stop.load()) std::this_thread::sleep_for(chr::milliseconds(200));
}

// POST /advance's answer: /status after the ticks, with how many ran and whether the span ended.
StatusServer::Advance advance_handler(Stepper* stepper, std::function<web::json::value()> status) {
  if (stepper == nullptr) return {};
  return [stepper, status = std::move(status)](double seconds) {
    const Stepper::Advanced a = stepper->advance(seconds);
    web::json::value v = status();
    v["advanced_ticks"] = web::json::value::number(static_cast<int64_t>(a.ticks));
    v["done"] = web::json::value::boolean(a.done);
    return v;
  };
}

}  // namespace

namespace {

// The first folder for which `holds` is true, walking up from the executable's folder,
// then from the working directory.
std::optional<fs::path> folder_above(const std::string& exe_path,
                                     const std::function<bool(const fs::path&)>& holds) {
  std::error_code ec;
  for (fs::path start : {fs::path(exe_path).parent_path(), fs::current_path(ec)}) {
    for (fs::path dir = fs::absolute(start, ec); !dir.empty(); dir = dir.parent_path()) {
      if (holds(dir)) return dir;
      if (dir == dir.root_path()) break;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string default_data_dir(const std::string& exe_path) {
  auto root = folder_above(exe_path, [](const fs::path& dir) {
    std::error_code ec;
    return fs::exists(dir / "CMakeLists.txt", ec) && fs::is_directory(dir / "sim", ec);
  });
  return root ? (root->parent_path() / "shared" / "data").string() : "../shared/data";
}

std::string default_schema_file(const std::string& exe_path) {
  const fs::path schema = fs::path("config") / "schema.sql";
  auto dir = folder_above(exe_path, [&](const fs::path& d) {
    std::error_code ec;
    return fs::is_regular_file(d / schema, ec);
  });
  return (dir ? *dir / schema : schema).string();
}

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t end = std::min(list.find(',', start), list.size());
    if (end > start) out.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// What the owner gets from Tesla's authorization-code flow: an access token that expires and a
// single-use refresh token, written 0600 for the service (vehicle.fleet_token_file,
// vehicle.fleet_refresh_token_file, vehicle.fleet_client_id "p15-sim").
Status issue_tokens(FakeFleetServer& fleet, const std::string& dir, TimePoint now) {
  TokenPair pair;
  fleet.with_front([&](TeslaFront& f) { pair = f.auth().issue(now); });
  if (auto st = write_secret_file(dir + "/access-token", pair.access_token); !st) return st;
  return write_secret_file(dir + "/refresh-token", pair.refresh_token);
}

namespace {

// The Powerwall gateway (HTTPS) and the Wall Connector on the home network, when asked for;
// their answers come from the simulation's last tick and its clock.
struct HomeDevices {
  std::mutex mu;  // guards gateway
  std::optional<GatewayFront> gateway;
  std::atomic<long long> gateway_requests{0}, wall_connector_requests{0};
  std::unique_ptr<DeviceServer> gateway_server, wall_connector_server;

  void start(const Simulation& sim, const SimOptions& o) {
    if (o.gateway_port >= 0) {
      gateway.emplace(o.gateway_email, o.gateway_password,
                      Seconds{static_cast<long long>(o.gateway_session_s)});
      gateway_server = std::make_unique<DeviceServer>(o.gateway_port, tls_files(o.tls_dir),
                                                      [this, &sim](const DeviceRequest& r) {
                                                        ++gateway_requests;
                                                        const HomeReadings h = sim.devices();
                                                        std::lock_guard lock(mu);
                                                        return gateway->handle(r, sim.now(), h);
                                                      });
      spdlog::info(
          "Powerwall gateway at {} (customer login {}, password from "
          "P15_SIM_GATEWAY_PASSWORD)",
          gateway_server->base_url(), o.gateway_email);
    }
    if (o.wall_connector_port >= 0) {
      wall_connector_server = std::make_unique<DeviceServer>(
          o.wall_connector_port, std::nullopt, [this, &sim](const DeviceRequest& r) {
            ++wall_connector_requests;
            return wall_connector_answer(r, sim.devices());
          });
      spdlog::info("Wall Connector at {}", wall_connector_server->base_url());
    }
  }

  web::json::value with_counts(web::json::value v) const {
    v["gateway_requests"] = web::json::value::number(static_cast<int64_t>(gateway_requests));
    v["wall_connector_requests"] =
        web::json::value::number(static_cast<int64_t>(wall_connector_requests));
    return v;
  }
};

// GET /status (and POST /advance when stepped) until the run ends: the span at real-time pace,
// or a signal.
void serve(Simulation& sim, const SimOptions& o, const std::string& tariff_name) {
  std::optional<Stepper> stepper;
  if (o.external_steps) stepper.emplace(o.tick_s, span_ticks(o), [&sim] { sim.tick(); });
  HomeDevices devices;
  devices.start(sim, o);
  const auto status_now = [&sim, &devices, tariff_name] {
    return devices.with_counts(status_json(sim.stats(), sim.config(), tariff_name));
  };
  StatusServer status(o.http_port, status_now,
                      advance_handler(stepper ? &*stepper : nullptr, status_now));
  if (o.external_steps) {
    spdlog::info(
        "status at http://127.0.0.1:{}/status; start {} (Pacific), stepped by POST "
        "/advance, tick {} s",
        status.port(), o.start, o.tick_s);
  } else {
    spdlog::info("status at http://127.0.0.1:{}/status; start {} (Pacific), speed x{}, tick {} s",
                 status.port(), o.start, o.speed, o.tick_s);
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  if (o.external_steps) {
    wait_for_signal();
  } else {
    run_loop(sim, o);
  }
}

}  // namespace

int run_sim(SimOptions o, const std::string& exe_path) {
  if (o.data_dir.empty()) o.data_dir = default_data_dir(exe_path);
  if (o.db.schema_file.empty()) o.db.schema_file = default_schema_file(exe_path);
  auto series = load_series(o);
  if (!series) {
    spdlog::error("data: {}", series.error().message);
    return 2;
  }
  // A home's own data starts where it does: its first full local day.
  if (o.start.empty()) o.start = format_wall(first_full_day(*series));
  auto tariff = make_tariff(o.tariff, o.data_dir);
  if (!tariff) {
    spdlog::error("tariff: {}", tariff.error().message);
    return 2;
  }
  std::unique_ptr<CollectorWriter> writer;
  if (o.use_db) {
    writer = std::make_unique<CollectorWriter>(o.db);
    if (auto s = writer->connect(); !s) {
      spdlog::error("database: {}", s.error().message);
      return 2;
    }
  }
  const SimConfig config = make_config(o);
  if (!o.tls_dir.empty()) {
    if (auto st = ensure_tls_files(o.tls_dir, split_names(o.tls_names)); !st) {
      spdlog::error("--tls-dir: {}", st.error().message);
      return 2;
    }
  }
  std::atomic<const Simulation*> sim_ptr{nullptr};
  FakeFleetServer fleet(o.fleet_token, o.fleet_port,
                        fleet_options(o, &sim_ptr, home_time(config.home_zone, config.start)));
  spdlog::info("Tesla ({}) at {} (VIN {}, local-only token)", o.tesla_front, fleet.base_url(),
               o.vin);
  Simulation sim(config, std::move(series).value(), tariff.value(), &fleet, writer.get(),
                 real_utc_now);
  sim_ptr.store(&sim);
  if (!o.issue_tokens_dir.empty()) {
    if (auto st = issue_tokens(fleet, o.issue_tokens_dir, sim.now()); !st) {
      spdlog::error("--issue-tokens: {}", st.error().message);
      return 2;
    }
    spdlog::info("tokens issued in {} (access token lifetime {} s simulated)", o.issue_tokens_dir,
                 o.token_lifetime_s);
  }
  serve(sim, o, tariff->name);
  spdlog::info("{}", summary_line(sim.stats()));
  return 0;
}

}  // namespace p15::sim

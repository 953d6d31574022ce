#include "service/clock/simulator_clock.h"

#include <cpprest/http_client.h>
#include <cpprest/json.h>

#include <string>

namespace p15 {

namespace chr = std::chrono;

Result<TimePoint> parse_utc_iso(const std::string& text) {
  const Error bad{"expected \"YYYY-MM-DDTHH:MM:SSZ\", got \"" + text + "\""};
  static constexpr char kShape[] = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() != sizeof kShape - 1) return bad;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool ok = kShape[i] == 'd' ? (text[i] >= '0' && text[i] <= '9') : text[i] == kShape[i];
    if (!ok) return bad;
  }
  auto num = [&](std::size_t at, std::size_t n) { return std::stoi(text.substr(at, n)); };
  const chr::year_month_day day{chr::year{num(0, 4)}, chr::month{static_cast<unsigned>(num(5, 2))},
                                chr::day{static_cast<unsigned>(num(8, 2))}};
  const int h = num(11, 2), mi = num(14, 2), s = num(17, 2);
  if (!day.ok() || h > 23 || mi > 59 || s > 59) return bad;
  return TimePoint{chr::sys_days{day}.time_since_epoch() + chr::hours{h} + chr::minutes{mi} +
                   chr::seconds{s}};
}

Result<TimePoint> parse_simulator_status(const std::string& body) {
  web::json::value v;
  try {
    v = web::json::value::parse(body);
  } catch (const std::exception& e) {
    return Error{std::string("/status is not JSON: ") + e.what()};
  }
  if (!v.is_object() || !v.has_string_field("simulated_time_utc")) {
    return Error{"/status has no string field \"simulated_time_utc\""};
  }
  auto t = parse_utc_iso(v.at("simulated_time_utc").as_string());
  if (!t) return Error{"/status simulated_time_utc: " + t.error().message};
  return t;
}

struct SimulatorClock::Impl {
  std::unique_ptr<web::http::client::http_client> http;
};

SimulatorClock::SimulatorClock(std::string base_url, chr::milliseconds timeout)
    : base_url_(std::move(base_url)), impl_(std::make_unique<Impl>()) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
  web::http::client::http_client_config cfg;
  cfg.set_timeout(timeout);
  impl_->http = std::make_unique<web::http::client::http_client>(base_url_, cfg);
}

SimulatorClock::~SimulatorClock() = default;

Result<TimePoint> SimulatorClock::now() {
  // Every failure is Unavailable: without the home's time no decision can be trusted.
  const std::string who = "clock.simulator_url " + base_url_ + ": ";
  try {
    auto resp = impl_->http->request(web::http::methods::GET, "/status").get();
    const std::string body = resp.extract_utf8string(true).get();
    if (resp.status_code() != 200) {
      return Error{who + "GET /status answered " + std::to_string(resp.status_code()) +
                       " (is it p15-sim's --http-port?)",
                   ErrorKind::Unavailable};
    }
    auto t = parse_simulator_status(body);
    if (!t) return Error{who + t.error().message, ErrorKind::Unavailable};
    return t;
  } catch (const std::exception& e) {
    return Error{who + "p15-sim does not answer GET /status (is it running?): " + e.what(),
                 ErrorKind::Unavailable};
  }
}

Result<std::unique_ptr<HomeClock>> make_home_clock(const ClockConfig& config, const Clock& system) {
  if (config.source == "system") {
    return std::unique_ptr<HomeClock>(std::make_unique<SystemHomeClock>(system));
  }
  if (config.source == "simulator") {
    if (config.simulator_url.empty()) {
      return Error{"clock.simulator_url: required when clock.source is simulator"};
    }
    return std::unique_ptr<HomeClock>(std::make_unique<SimulatorClock>(config.simulator_url));
  }
  return Error{"clock.source: expected system or simulator, got \"" + config.source + "\""};
}

}  // namespace p15

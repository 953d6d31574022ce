#include "bench/day_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace p15::bench {

namespace {

constexpr double kWidth = 960, kPanelH = 170, kTop = 40, kLeft = 60, kRight = 100, kGap = 30;
constexpr double kMaxAmps = 40;

struct Frame {
  double x0, y0, w, h, max_kw;
  double x(double frac) const { return x0 + frac * w; }
  double y_kw(double kw) const { return y0 + h - std::clamp(kw / max_kw, 0.0, 1.0) * h; }
  double y_frac(double f) const { return y0 + h - std::clamp(f, 0.0, 1.0) * h; }
};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

void polyline(std::ostringstream& o, const Frame& f, const std::vector<double>& v, double scale,
              bool kw, const char* color) {
  if (v.empty()) return;
  o << "<polyline fill='none' stroke='" << color << "' stroke-width='1.5' points='";
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double frac = static_cast<double>(i) / static_cast<double>(v.size());
    const double y = kw ? f.y_kw(v[i] * scale) : f.y_frac(v[i] * scale);
    o << num(f.x(frac)) << ',' << num(y) << ' ';
  }
  o << "'/>\n";
}

void axes(std::ostringstream& o, const Frame& f, const std::string& name) {
  o << "<rect x='" << f.x0 << "' y='" << f.y0 << "' width='" << f.w << "' height='" << f.h
    << "' fill='none' stroke='#999'/>\n"
    << "<text x='" << f.x0 + 6 << "' y='" << f.y0 + 14 << "' font-weight='bold'>" << name
    << "</text>\n";
  for (int hour = 0; hour <= 24; hour += 3) {
    const double x = f.x(hour / 24.0);
    o << "<line x1='" << num(x) << "' y1='" << f.y0 + f.h << "' x2='" << num(x) << "' y2='"
      << f.y0 + f.h + 4 << "' stroke='#999'/><text x='" << num(x - 8) << "' y='" << f.y0 + f.h + 16
      << "'>" << hour << ":00</text>\n";
  }
  for (int i = 0; i <= 2; ++i) {
    const double y = f.y0 + f.h - i * f.h / 2;
    o << "<text x='" << f.x0 - 40 << "' y='" << num(y + 4) << "'>" << num(f.max_kw * i / 2)
      << " kW</text><text x='" << f.x0 + f.w + 6 << "' y='" << num(y + 4) << "'>" << 50 * i
      << " % / " << num(kMaxAmps * i / 2) << " A</text>\n";
  }
}

double max_kw(const DayPlot& plot) {
  double m = 1;
  for (const auto& [name, t] : plot.panels) {
    for (double w : t.solar_w) m = std::max(m, w / 1000);
    for (double w : t.load_w) m = std::max(m, w / 1000);
  }
  return std::ceil(m);
}

}  // namespace

std::string day_plot_svg(const DayPlot& plot) {
  const double height = kTop + plot.panels.size() * (kPanelH + kGap) + 20;
  const double top_kw = max_kw(plot);
  std::ostringstream o;
  o << "<svg xmlns='http://www.w3.org/2000/svg' width='" << kWidth << "' height='" << height
    << "' font-family='sans-serif' font-size='11'>\n<rect width='100%' height='100%' "
       "fill='white'/>\n<text x='"
    << kLeft << "' y='18' font-size='14'>" << plot.title << "</text>\n<text x='" << kLeft
    << "' y='32'><tspan fill='#e0a800'>solar kW</tspan>  <tspan fill='#c0392b'>load kW (house "
       "+ car)</tspan>  <tspan fill='#27ae60'>Powerwall SoC %</tspan>  <tspan fill='#2c6fbb'>car "
       "A</tspan></text>\n";
  double y0 = kTop;
  for (const auto& [name, t] : plot.panels) {
    const Frame f{kLeft, y0 + 6, kWidth - kLeft - kRight, kPanelH, top_kw};
    axes(o, f, name);
    polyline(o, f, t.solar_w, 1e-3, true, "#e0a800");
    polyline(o, f, t.load_w, 1e-3, true, "#c0392b");
    polyline(o, f, t.soc_percent, 0.01, false, "#27ae60");
    polyline(o, f, t.car_amps, 1 / kMaxAmps, false, "#2c6fbb");
    y0 += kPanelH + kGap;
  }
  o << "</svg>\n";
  return o.str();
}

}  // namespace p15::bench

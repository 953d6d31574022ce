#include "bench/optimum_lp.h"

#include <glpk.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#include "service/core/energy_ledger.h"

namespace p15::bench {

namespace {

constexpr double kSlotH = 0.5;

struct Period {
  int first_slot = 0;
  double hours = 0;
  double solar_kwh = 0;
  double house_kwh = 0;
  double import_per_kwh = 0;
  double export_per_kwh = 0;
  bool plugged = false;
  double surplus_kwh = 0;       // sum over its slots of max(0, solar - house)
  bool battery_export = false;  // Time-Based Control would export the battery (all its slots)
};

bool same_period(const Slot& a, const Slot& b) {
  return a.plugged == b.plugged && a.import_per_kwh == b.import_per_kwh &&
         a.export_per_kwh == b.export_per_kwh && a.peak == b.peak;
}

std::vector<Period> make_periods(const Horizon& h, int max_slots) {
  std::vector<Period> out;
  int in_period = 0;
  for (int k = 0; k < static_cast<int>(h.slots.size()); ++k) {
    const Slot& s = h.slots[k];
    if (out.empty() || in_period >= max_slots || !same_period(h.slots[k - 1], s)) {
      out.push_back({k, 0, 0, 0, s.import_per_kwh, s.export_per_kwh, s.plugged, 0,
                     battery_export_hour(s.grid_hour())});
      in_period = 0;
    }
    Period& p = out.back();
    p.hours += kSlotH;
    p.solar_kwh += s.solar_w / 1000 * kSlotH;
    p.house_kwh += s.house_w / 1000 * kSlotH;
    p.surplus_kwh += std::max(0.0, s.solar_w - s.house_w) / 1000 * kSlotH;
    ++in_period;
  }
  return out;
}

// Column and row numbering (GLPK counts from 1).
enum Var { kImp, kExp, kCharge, kDischarge, kEnergy, kCar, kVars };
enum Row { kBalance, kDynamics, kConverter, kExportCap, kSelfPowered, kRowKinds };

struct Model {
  glp_prob* lp = nullptr;
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0};
  int row_kinds = 0;
  int col(int p, Var v) const { return 1 + p * kVars + v; }
  int row(int p, Row r) const { return 1 + p * row_kinds + r; }
  void add(int r, int c, double v) {
    ia.push_back(r);
    ja.push_back(c);
    ar.push_back(v);
  }
};

// GLPK refuses a double bound with lo == hi (GLP_EBOUND): a zero-size Powerwall is fixed.
void set_col(glp_prob* lp, int col, double lo, double hi) {
  glp_set_col_bnds(lp, col, hi > lo ? GLP_DB : GLP_FX, lo, hi > lo ? hi : lo);
}

// The levers' limits (BatteryControl::Levers): the grid charges the Powerwall only through a
// raised reserve, at reserve_grid_charge_w on top of the solar surplus; the battery exports
// only in peak hours that pay at least the import price (Time-Based Control's battery export).
void add_lever_rows(Model& m, const Horizon& h, const Period& x, int p, int re) {
  const int rs = m.row(p, kSelfPowered);
  const double grid_kwh = h.home.powerwall.reserve_grid_charge_w / 1000 * x.hours;
  glp_set_row_bnds(m.lp, rs, GLP_UP, 0, grid_kwh + x.surplus_kwh);
  m.add(rs, m.col(p, kCharge), 1);
  if (x.battery_export) {
    m.add(re, m.col(p, kDischarge), -1);
  } else {
    glp_set_row_bnds(m.lp, re, GLP_UP, 0, x.surplus_kwh);
  }
}

void add_period(Model& m, const Horizon& h, const std::vector<Period>& ps, int p,
                BatteryControl control) {
  const bool self_powered = control == BatteryControl::SelfPowered;
  const auto& pw = h.home.powerwall;
  const Period& x = ps[p];
  const double eta = std::sqrt(std::clamp(pw.round_trip_efficiency, 0.01, 1.0));
  const double c_max = pw.max_charge_w / 1000 * x.hours,
               d_max = pw.max_discharge_w / 1000 * x.hours;
  const double car_max_w = sim::charge_current_request_max(h.home.car) * h.home.car.voltage_v;
  glp_set_col_bnds(m.lp, m.col(p, kImp), GLP_LO, 0, 0);
  glp_set_col_bnds(m.lp, m.col(p, kExp), GLP_LO, 0, 0);
  set_col(m.lp, m.col(p, kCharge), 0, c_max);
  set_col(m.lp, m.col(p, kDischarge), 0, d_max);
  set_col(m.lp, m.col(p, kEnergy), sim::reserve_wh(pw) / 1000, pw.capacity_wh / 1000);
  set_col(m.lp, m.col(p, kCar), 0, x.plugged ? car_max_w / 1000 * x.hours : 0);
  glp_set_obj_coef(m.lp, m.col(p, kImp), x.import_per_kwh);
  glp_set_obj_coef(m.lp, m.col(p, kExp), -x.export_per_kwh);

  // balance: imp + d - exp - c - a = house - solar
  const int rb = m.row(p, kBalance);
  glp_set_row_bnds(m.lp, rb, GLP_FX, x.house_kwh - x.solar_kwh, 0);
  for (auto [v, coef] :
       {std::pair{kImp, 1.0}, {kDischarge, 1.0}, {kExp, -1.0}, {kCharge, -1.0}, {kCar, -1.0}}) {
    m.add(rb, m.col(p, v), coef);
  }
  // dynamics: E_p - E_{p-1} - eta c + d / eta = 0 (E_{-1} on the right-hand side)
  const int rd = m.row(p, kDynamics);
  const double start_kwh = pw.capacity_wh * h.home.powerwall_start_percent / 100 / 1000;
  glp_set_row_bnds(m.lp, rd, GLP_FX, p == 0 ? start_kwh : 0, 0);
  m.add(rd, m.col(p, kEnergy), 1);
  if (p > 0) m.add(rd, m.col(p - 1, kEnergy), -1);
  m.add(rd, m.col(p, kCharge), -eta);
  m.add(rd, m.col(p, kDischarge), 1 / eta);
  // converter: c / c_max + d / d_max <= 1
  const int rc = m.row(p, kConverter);
  glp_set_row_bnds(m.lp, rc, GLP_UP, 0, 1);
  if (c_max > 0) m.add(rc, m.col(p, kCharge), 1 / c_max);  // else both are fixed at 0 anyway
  if (d_max > 0) m.add(rc, m.col(p, kDischarge), 1 / d_max);
  // export: exp - d <= solar
  const int re = m.row(p, kExportCap);
  glp_set_row_bnds(m.lp, re, GLP_UP, 0, x.solar_kwh);
  m.add(re, m.col(p, kExp), 1);
  if (control == BatteryControl::Levers) {
    add_lever_rows(m, h, x, p, re);
    return;
  }
  m.add(re, m.col(p, kDischarge), -1);
  if (!self_powered) return;
  // self-powered: imp + d - a <= house
  const int rs = m.row(p, kSelfPowered);
  glp_set_row_bnds(m.lp, rs, GLP_UP, 0, x.house_kwh);
  m.add(rs, m.col(p, kImp), 1);
  m.add(rs, m.col(p, kDischarge), 1);
  m.add(rs, m.col(p, kCar), -1);
}

// need: sum over the session's periods of a + topup_s = need_s
void add_sessions(Model& m, const Horizon& h, const std::vector<Period>& ps, int first_row,
                  int first_col) {
  std::size_t p = 0;
  for (std::size_t s = 0; s < h.sessions.size(); ++s) {
    const Session& ses = h.sessions[s];
    const int r = first_row + static_cast<int>(s), c = first_col + static_cast<int>(s);
    glp_set_row_bnds(m.lp, r, GLP_FX, ses.need_ac_kwh, 0);
    set_col(m.lp, c, 0, ses.need_ac_kwh);
    glp_set_obj_coef(m.lp, c, ses.topup_per_kwh);
    m.add(r, c, 1);
    while (p < ps.size() && ps[p].first_slot < ses.first_slot) ++p;
    for (; p < ps.size() && ps[p].first_slot < ses.end_slot; ++p) m.add(r, m.col(p, kCar), 1);
  }
}

double col_value(glp_prob* lp, int c, LpMethod method) {
  return method == LpMethod::Simplex ? glp_get_col_prim(lp, c) : glp_ipt_col_prim(lp, c);
}

void read_solution(Model& m, const Horizon& h, const std::vector<Period>& ps, LpMethod method,
                   LpResult& r) {
  const int n = static_cast<int>(ps.size());
  r.car_w.resize(n);
  for (int p = 0; p < n; ++p) {
    auto v = [&](Var var) { return col_value(m.lp, m.col(p, var), method); };
    const double imp = v(kImp), exp = v(kExp), d = v(kDischarge), a = v(kCar);
    r.import_kwh += imp;
    r.export_kwh += exp;
    r.car_kwh += a;
    // The service ledger's rule (the house first), on the period's energies.
    const CarPowerSplit split =
        split_car_power(a, ps[p].solar_kwh, ps[p].house_kwh, d - v(kCharge));
    r.car_solar_kwh += split.solar_w;
    r.car_battery_kwh += split.powerwall_w;
    r.car_grid_kwh += split.grid_w;
    r.car_w[p] = a / ps[p].hours * 1000;
  }
  for (std::size_t s = 0; s < h.sessions.size(); ++s) {
    r.topup_kwh += col_value(m.lp, n * kVars + 1 + static_cast<int>(s), method);
  }
}

bool solve(glp_prob* lp, LpMethod method, std::string& status) {
  if (method == LpMethod::Simplex) {
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    parm.meth = GLP_DUALP;
    const int rc = glp_simplex(lp, &parm);
    const int st = glp_get_status(lp);
    status = rc != 0
                 ? "glp_simplex error " + std::to_string(rc)
                 : (st == GLP_OPT ? "optimal" : "not optimal (status " + std::to_string(st) + ")");
    return rc == 0 && st == GLP_OPT;
  }
  glp_iptcp parm;
  glp_init_iptcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  const int rc = glp_interior(lp, &parm);
  const int st = glp_ipt_status(lp);
  status = rc != 0
               ? "glp_interior error " + std::to_string(rc)
               : (st == GLP_OPT ? "optimal" : "not optimal (status " + std::to_string(st) + ")");
  return rc == 0 && st == GLP_OPT;
}

}  // namespace

bool glpk_thread_safe() { return glp_config("TLS") != nullptr; }

LpResult solve_optimum(const Horizon& h, const LpOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  LpResult r;
  const std::vector<Period> ps = make_periods(h, std::max(1, o.max_period_slots));
  Model m;
  m.lp = glp_create_prob();
  m.row_kinds = o.battery == BatteryControl::Free ? kSelfPowered : kRowKinds;
  const int n = static_cast<int>(ps.size());
  const int sessions = static_cast<int>(h.sessions.size());
  glp_set_obj_dir(m.lp, GLP_MIN);
  glp_add_cols(m.lp, n * kVars + sessions);
  glp_add_rows(m.lp, n * m.row_kinds + sessions);
  for (int p = 0; p < n; ++p) add_period(m, h, ps, p, o.battery);
  add_sessions(m, h, ps, n * m.row_kinds + 1, n * kVars + 1);
  glp_load_matrix(m.lp, static_cast<int>(m.ia.size()) - 1, m.ia.data(), m.ja.data(), m.ar.data());
  r.periods = n;
  r.columns = glp_get_num_cols(m.lp);
  r.rows = glp_get_num_rows(m.lp);
  LpMethod method = o.method;
  r.ok = solve(m.lp, method, r.status);
  if (!r.ok && method == LpMethod::Interior) {
    // The interior-point method can stall numerically (GLPK's EINSTAB) where simplex does not.
    method = LpMethod::Simplex;
    r.ok = solve(m.lp, method, r.status);
  }
  if (r.ok) {
    r.bill = method == LpMethod::Simplex ? glp_get_obj_val(m.lp) : glp_ipt_obj_val(m.lp);
    read_solution(m, h, ps, method, r);
  }
  glp_delete_prob(m.lp);
  r.solve_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace p15::bench

#include "service/core/planner_lp.h"

#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace p15 {

namespace {

enum Var { kImp, kExp, kCh, kDis, kCar, kE, kVars };

// Money in $ per Wh.
constexpr double kPerWh = 1.0 / 1000.0;
// A hair of cost per Wh and period for the car: of equally priced hours the earliest, so the
// forecast's later hours, the least certain, are left for last.
constexpr double kEarlierPerWhPeriod = 1e-8;

struct Lp {
  glp_prob* lp = glp_create_prob();
  ~Lp() { glp_delete_prob(lp); }
  int col(int t, Var v) const { return 1 + t * kVars + v; }
  int row(double lo, double hi, int type) {
    const int r = glp_add_rows(lp, 1);
    glp_set_row_bnds(lp, r, type, lo, hi);
    return r;
  }
  void coefs(int r, const std::vector<std::pair<int, double>>& c) {
    std::vector<int> idx{0};
    std::vector<double> val{0};
    for (const auto& [col, v] : c) idx.push_back(col), val.push_back(v);
    glp_set_mat_row(lp, r, static_cast<int>(c.size()), idx.data(), val.data());
  }
};

void bound(glp_prob* lp, int col, double lo, double hi) {
  glp_set_col_bnds(lp, col, hi > lo ? GLP_DB : GLP_FX, lo, std::max(lo, hi));
}

void add_period(Lp& m, const PlanInput& in, int t, double one_way) {
  const OutlookHour& x = in.periods[t];
  const PlanBattery& b = in.battery;
  const bool car_may = in.car.plugged && t < in.car.departure_period;
  glp_set_col_bnds(m.lp, m.col(t, kImp), GLP_LO, 0, 0);
  glp_set_col_bnds(m.lp, m.col(t, kExp), GLP_LO, 0, 0);
  bound(m.lp, m.col(t, kCh), 0, b.max_charge_w * x.hours);
  bound(m.lp, m.col(t, kDis), 0, b.max_discharge_w * x.hours);
  bound(m.lp, m.col(t, kCar), 0, car_may ? in.car.max_w * x.hours : 0);
  bound(m.lp, m.col(t, kE), std::min(b.floor_wh, b.energy_wh), b.capacity_wh);
  glp_set_obj_coef(m.lp, m.col(t, kImp), x.import_per_kwh * kPerWh);
  glp_set_obj_coef(m.lp, m.col(t, kExp), -x.export_per_kwh * kPerWh);
  glp_set_obj_coef(m.lp, m.col(t, kCar), kEarlierPerWhPeriod * t);
  const double net = x.house_wh - x.solar_wh;
  m.coefs(m.row(net, net, GLP_FX), {{m.col(t, kImp), 1},
                                    {m.col(t, kExp), -1},
                                    {m.col(t, kDis), 1},
                                    {m.col(t, kCh), -1},
                                    {m.col(t, kCar), -1}});
  const double start = t == 0 ? b.energy_wh : 0;
  std::vector<std::pair<int, double>> dyn = {
      {m.col(t, kE), 1}, {m.col(t, kCh), -one_way}, {m.col(t, kDis), 1 / one_way}};
  if (t > 0) dyn.emplace_back(m.col(t - 1, kE), -1);
  m.coefs(m.row(start, start, GLP_FX), dyn);
  m.coefs(m.row(0, x.hours, GLP_UP), {{m.col(t, kCh), 1 / std::max(1.0, b.max_charge_w)},
                                      {m.col(t, kDis), 1 / std::max(1.0, b.max_discharge_w)}});
  const double solar_over_house = std::max(0.0, x.solar_wh - x.house_wh);
  if (!in.steer_powerwall || x.battery_export) {
    m.coefs(m.row(0, x.solar_wh, GLP_UP), {{m.col(t, kExp), 1}, {m.col(t, kDis), -1}});
  } else {
    m.coefs(m.row(0, solar_over_house, GLP_UP), {{m.col(t, kExp), 1}});
  }
  if (in.steer_powerwall) {
    // A meter nets: no grid charge in an hour that pays more for export than for import.
    const bool grid_ok = x.export_per_kwh < x.import_per_kwh;
    m.coefs(m.row(0, (grid_ok ? b.max_grid_charge_w * x.hours : 0) + solar_over_house, GLP_UP),
            {{m.col(t, kCh), 1}});
  } else {
    m.coefs(m.row(0, x.house_wh, GLP_UP),
            {{m.col(t, kImp), 1}, {m.col(t, kDis), 1}, {m.col(t, kCar), -1}});
  }
}

// The car's need row and its shortfall column (the last column).
void add_need(Lp& m, const PlanInput& in, int n) {
  const int short_col = glp_add_cols(m.lp, 1);
  glp_set_col_bnds(m.lp, short_col, GLP_LO, 0, 0);
  const int due = std::clamp(in.car.departure_period, 0, n);
  const double price = in.periods[std::min(due, n - 1)].import_per_kwh;
  glp_set_obj_coef(m.lp, short_col, (price + in.car.shortfall_penalty_per_kwh) * kPerWh);
  std::vector<std::pair<int, double>> c{{short_col, 1}};
  for (int t = 0; t < due; ++t) c.emplace_back(m.col(t, kCar), 1);
  const double need = in.car.plugged ? std::max(0.0, in.car.need_wh) : 0;
  m.coefs(m.row(need, need, GLP_FX), c);
}

double cheapest_import(const std::vector<OutlookHour>& periods) {
  double lo = periods.front().import_per_kwh;
  for (const OutlookHour& p : periods) lo = std::min(lo, p.import_per_kwh);
  return lo;
}

}  // namespace

PlanResult solve_plan(const PlanInput& in) {
  PlanResult r;
  const int n = static_cast<int>(in.periods.size());
  if (n == 0) {
    r.status = "no periods";
    return r;
  }
  const double one_way = std::sqrt(std::clamp(in.battery.round_trip, 0.01, 1.0));
  Lp m;
  glp_set_obj_dir(m.lp, GLP_MIN);
  glp_add_cols(m.lp, n * kVars);
  for (int t = 0; t < n; ++t) add_period(m, in, t, one_way);
  // A little under what it saves when used, so energy is not kept for its own sake.
  constexpr double kKeepShare = 0.98;
  glp_set_obj_coef(m.lp, m.col(n - 1, kE),
                   -cheapest_import(in.periods) * one_way * kKeepShare * kPerWh);
  add_need(m, in, n);
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.presolve = GLP_ON;
  const int rc = glp_simplex(m.lp, &parm);
  if (rc != 0 || glp_get_status(m.lp) != GLP_OPT) {
    r.status = rc != 0 ? "glp_simplex error " + std::to_string(rc)
                       : "status " + std::to_string(glp_get_status(m.lp));
    return r;
  }
  r.ok = true;
  r.periods.resize(n);
  for (int t = 0; t < n; ++t) {
    PlanPeriod& p = r.periods[t];
    p.import_wh = glp_get_col_prim(m.lp, m.col(t, kImp));
    p.export_wh = glp_get_col_prim(m.lp, m.col(t, kExp));
    p.charge_wh = glp_get_col_prim(m.lp, m.col(t, kCh));
    p.discharge_wh = glp_get_col_prim(m.lp, m.col(t, kDis));
    p.car_wh = glp_get_col_prim(m.lp, m.col(t, kCar));
    p.energy_end_wh = glp_get_col_prim(m.lp, m.col(t, kE));
    r.bill +=
        (p.import_wh * in.periods[t].import_per_kwh - p.export_wh * in.periods[t].export_per_kwh) *
        kPerWh;
  }
  const int short_col = glp_get_num_cols(m.lp);
  r.shortfall_wh = glp_get_col_prim(m.lp, short_col);
  r.bill += r.shortfall_wh * glp_get_obj_coef(m.lp, short_col);
  return r;
}

}  // namespace p15

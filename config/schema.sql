-- Schema of Project 15th Street's database. Safe to apply any number of times.
-- Apply with: mariadb --database=<name> < config/schema.sql
-- Times in the DATETIME columns are UTC: the service's sessions run with time_zone '+00:00'.

-- ---------------------------------------------------------------------------------------------
-- Shared tables (domain.md section 2), exactly as the collector and the companion service know
-- them. The service reads battery_model and vehicle_model and writes smart_charger_model; it must
-- never alter these tables (no added columns or indexes). They are created here only so a fresh
-- database (tests, the simulator, a new install) has them; an existing database keeps its own.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS battery_model (id INT AUTO_INCREMENT PRIMARY KEY, data JSON, timestamp DATETIME);
CREATE TABLE IF NOT EXISTS vehicle_model (id INT AUTO_INCREMENT PRIMARY KEY, data JSON, timestamp DATETIME);
CREATE TABLE IF NOT EXISTS smart_charger_model (id INT AUTO_INCREMENT PRIMARY KEY, amps INT, ai_model VARCHAR(50), features JSON, timestamp DATETIME);

-- ---------------------------------------------------------------------------------------------
-- The service's own tables (prefix p15_). Only the service writes them.
-- ---------------------------------------------------------------------------------------------

-- The charge mode each car's owner set with PUT <application_root>/vehicles/{vin}/charge-mode.
-- departure_local is a local time of day "HH:MM" in the tariff's zone (the next occurrence is
-- the departure); NULL target_soc leaves the target to the smart settings or the car's limit.
CREATE TABLE IF NOT EXISTS p15_charge_plan (
  vin VARCHAR(32) NOT NULL PRIMARY KEY,
  mode VARCHAR(16) NOT NULL,
  departure_local CHAR(5) NULL,
  target_soc TINYINT UNSIGNED NULL,
  updated_at DATETIME NOT NULL

);


-- The cost ledger (service/core/energy_ledger.h): one row per recorded decision, with the car's
-- energy since the previous one, where it came from, what it cost and what the charge-now
-- baseline would have paid. GET /savings sums it. Energy in kWh, prices in $/kWh, money in $.
-- decision_id is smart_charger_model.id; there is deliberately no FOREIGN KEY: it would stop the
-- collector or an operator from pruning the shared table, which this service must not change.
CREATE TABLE IF NOT EXISTS p15_energy_ledger (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  decision_id INT NOT NULL,
  policy VARCHAR(50) NOT NULL,
  `timestamp` DATETIME NOT NULL,        -- the cycle (the end of the interval counted), UTC
  elapsed_s INT NOT NULL,               -- the interval counted (capped at savings.max_gap_s)
  car_kwh DOUBLE NOT NULL,
  solar_kwh DOUBLE NOT NULL,
  powerwall_kwh DOUBLE NOT NULL,
  grid_kwh DOUBLE NOT NULL,
  import_price DOUBLE NOT NULL,         -- at `timestamp`
  export_price DOUBLE NOT NULL,
  grid_cost DOUBLE NOT NULL,            -- grid_kwh x import_price
  export_forgone DOUBLE NOT NULL,       -- solar_kwh x export_price
  powerwall_value DOUBLE NOT NULL,      -- powerwall_kwh x export_price / round-trip efficiency
  cost DOUBLE NOT NULL,                 -- the three above
  baseline_at DATETIME NULL,            -- when charge-now would have bought these kWh, UTC;
                                        -- NULL when the car was not plugged in
  baseline_price DOUBLE NOT NULL,
  baseline_cost DOUBLE NOT NULL,        -- car_kwh x baseline_price
  KEY p15_energy_ledger_time (`timestamp`)
);

-- The ledger's sums by UTC hour, written in the same transaction as each ledger row, so that
-- GET /savings adds up at most 24 x 366 rows a year instead of a row per cycle. Derived data; to
-- rebuild it from the ledger (e.g. after deleting ledger rows):
--   DELETE FROM p15_energy_ledger_hourly;
--   INSERT INTO p15_energy_ledger_hourly SELECT DATE_FORMAT(`timestamp`, '%Y-%m-%d %H:00:00'),
--     COUNT(*), SUM(car_kwh), SUM(solar_kwh), SUM(powerwall_kwh), SUM(grid_kwh), SUM(grid_cost),
--     SUM(export_forgone), SUM(powerwall_value), SUM(cost), SUM(baseline_cost)
--     FROM p15_energy_ledger GROUP BY 1;
CREATE TABLE IF NOT EXISTS p15_energy_ledger_hourly (
  hour DATETIME NOT NULL PRIMARY KEY,   -- UTC, the start of the hour of the rows' `timestamp`
  cycles INT NOT NULL,
  car_kwh DOUBLE NOT NULL,
  solar_kwh DOUBLE NOT NULL,
  powerwall_kwh DOUBLE NOT NULL,
  grid_kwh DOUBLE NOT NULL,
  grid_cost DOUBLE NOT NULL,
  export_forgone DOUBLE NOT NULL,
  powerwall_value DOUBLE NOT NULL,
  cost DOUBLE NOT NULL,
  baseline_cost DOUBLE NOT NULL
);

-- Plug-in sessions (service/core/charge_session.h): one line per session of the cost ledger,
-- from the first ledger row that saw the car plugged in to the first that saw it unplugged, with
-- the sums of its ledger rows and the commands and wake-ups the service sent the car meanwhile.
-- Written in the same transaction as each ledger row, so the lines add up to the ledger
-- (GET /savings' total). ended_at NULL: still plugged in (or the service stopped before the
-- unplug; the car's next session then ends it at its own start). Times UTC, as above.
CREATE TABLE IF NOT EXISTS p15_charge_session (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  vin VARCHAR(32) NOT NULL,             -- the vehicle row's VIN ('' when it names none)
  started_at DATETIME NOT NULL,         -- the ledger's session_start (the charge-now baseline's)
  last_at DATETIME NOT NULL,            -- the session's newest ledger row
  ended_at DATETIME NULL,
  car_kwh DOUBLE NOT NULL,
  solar_kwh DOUBLE NOT NULL,
  powerwall_kwh DOUBLE NOT NULL,
  grid_kwh DOUBLE NOT NULL,
  cost DOUBLE NOT NULL,
  baseline_cost DOUBLE NOT NULL,
  commands INT NOT NULL,                -- command requests sent (set amps, start, stop)
  wake_ups INT NOT NULL,                -- wake_up requests sent
  UNIQUE KEY p15_charge_session_key (vin, started_at),
  KEY p15_charge_session_start (started_at)
);

-- The service's hand on the energy site (service/core/site_steward.h): the owner's own
-- settings, what site_info last said is in force, today's settings requests and the levers the
-- site refused, as one JSON document per site. Kept so that after a crash the service restores
-- the owner's settings instead of taking its own hold for theirs.
CREATE TABLE IF NOT EXISTS p15_site_steward (
  site VARCHAR(32) NOT NULL PRIMARY KEY,
  state JSON NOT NULL,
  updated_at DATETIME NOT NULL
);

-- Tesla's requests this month by pricing category (service/core/tesla_pricing.h), added to by
-- the service and p15-collector (one account, one bill): `requests` every answer (or none),
-- `billed` those Tesla bills, `dollars` their price. Months are UTC calendar months.
CREATE TABLE IF NOT EXISTS p15_tesla_usage (
  month CHAR(7) NOT NULL,              -- 'YYYY-MM', UTC
  category VARCHAR(32) NOT NULL,       -- command, data, wake, energy_data, ...
  requests BIGINT NOT NULL DEFAULT 0,
  billed BIGINT NOT NULL DEFAULT 0,
  dollars DECIMAL(14, 6) NOT NULL DEFAULT 0,
  updated_at DATETIME NOT NULL,        -- UTC, the last flush that added to it
  PRIMARY KEY (month, category)
);

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

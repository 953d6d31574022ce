// What a valid configuration turns into: defaults, precedence of the environment over the file,
// secrets from files, masking in describe(), and the shipped config/config.yml itself.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "service/config/config.h"
#include "tests/unit/config_files_fixture.h"

namespace p15 {
namespace {

using Env = std::map<std::string, std::string>;

const std::string kShippedConfig = std::string(P15_SOURCE_DIR) + "/config/config.yml";

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ConfigDefaults, EmptyTextGivesStructDefaults) {
  for (const char* yaml : {"", "# only a comment\n", "service:\nvehicle:\n", "---\n"}) {
    auto r = load_config_text(yaml, "empty.yml", {});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(describe(r.value()), describe(Config{})) << yaml;
    EXPECT_EQ(r->source, "empty.yml");
  }
}

TEST(ConfigDefaults, MatchTheIssue) {
  Config c = load_config_text("", "x", {}).value();
  EXPECT_EQ(c.service.port, 5000);
  EXPECT_EQ(c.service.bind_address, "127.0.0.1");
  EXPECT_EQ(c.service.application_root, "/project_15th_street");
  EXPECT_EQ(c.database.host, "127.0.0.1");
  EXPECT_EQ(c.database.port, 3306);
  EXPECT_EQ(c.database.user, "p15");
  EXPECT_EQ(c.database.name, "project_15th_street");
  EXPECT_EQ(c.poll.interval_s, 30);
  EXPECT_EQ(c.poll.stale_after_s, 300);
  EXPECT_EQ(c.policy.name, "smart");
  EXPECT_EQ(c.vehicle.adapter, "none");
}

TEST(ConfigYaml, SetsEveryKind) {
  auto r = load_config_text(
      "service:\n  port: 6001\n  log_level: debug\n  application_root: /p15/\n"
      "database:\n  socket: /run/mysqld/mysqld.sock\n  host: \"\"\n"
      "poll:\n  autostart: true\n  interval_s: 86400\n"
      "policy:\n  min_amps: 0\n"
      "vehicle:\n  adapter: companion\n  companion_base_url: https://phone.local:8443//\n",
      "t.yml", {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->service.port, 6001);
  EXPECT_EQ(r->service.log_level, "debug");
  EXPECT_EQ(r->service.application_root, "/p15");  // trailing '/' dropped
  EXPECT_EQ(r->database.socket, "/run/mysqld/mysqld.sock");
  EXPECT_TRUE(r->poll.autostart);
  EXPECT_EQ(r->poll.interval_s, 86400);
  EXPECT_EQ(r->policy.min_amps, 0);
  EXPECT_EQ(r->vehicle.companion_base_url, "https://phone.local:8443");
}

TEST(ConfigYaml, SlashRootMeansServeAtTheTop) {
  auto r = load_config_text("service:\n  application_root: /\n", "t.yml", {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->service.application_root, "");
}

TEST(ConfigEnv, NamesAreUnambiguous) {
  EXPECT_EQ(config_env_var("service.port"), "P15_SERVICE_PORT");
  EXPECT_EQ(config_env_var("poll.interval_s"), "P15_POLL_INTERVAL_S");
  std::set<std::string> names;
  for (const auto& key : config_keys()) EXPECT_TRUE(names.insert(config_env_var(key)).second);
  EXPECT_EQ(names.size(), config_keys().size());
  EXPECT_GE(names.size(), 27u);  // every key of issue 3 at least
}

TEST(ConfigEnv, OverridesTheFile) {
  Env env = {{"P15_SERVICE_PORT", "7000"},        {"P15_DATABASE_HOST", "db.lan"},
             {"P15_POLL_AUTOSTART", "true"},      {"P15_POLICY_NAME", "legacy"},
             {"P15_VEHICLE_ADAPTER", "none"},     {"P15_DATABASE_SOCKET", ""},
             {"P15_TEST_DB_HOST", "ignored.lan"}, {"P15_DATABASE_HOSTS", "typo is ignored"}};
  auto r = load_config_text("service:\n  port: 6000\ndatabase:\n  host: file.lan\n  socket: /s\n",
                            "t.yml", env);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->service.port, 7000);
  EXPECT_EQ(r->database.host, "db.lan");
  EXPECT_EQ(r->database.socket, "");  // an empty variable clears a string
  EXPECT_TRUE(r->poll.autostart);
}

TEST(ConfigEnv, SecretsComeFromTheEnvironment) {
  auto r = load_config_text("vehicle:\n  adapter: fleet\n  vin: V1\n  fleet_base_url: http://p\n",
                            "t.yml",
                            {{"P15_DATABASE_PASSWORD", "pw"}, {"P15_VEHICLE_FLEET_TOKEN", "tok"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->database.password, "pw");
  EXPECT_EQ(r->vehicle.fleet_token, "tok");
}

TEST_F(ConfigFiles, SecretFilesAreReadAndTrimmed) {
  std::string pw = write("pw", "s3cret pass\n\n");
  std::string tok = write("tok", "tok-123\r\n");
  std::string api = write("api", "api-456\n");
  auto r = load_config_text("service:\n  bind_address: 0.0.0.0\n  api_token_file: " + api +
                                "\ndatabase:\n  password_file: " + pw +
                                "\nvehicle:\n  adapter: fleet\n  vin: V1\n"
                                "  fleet_base_url: http://p\n  fleet_token_file: " +
                                tok + "\n",
                            "t.yml", {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->database.password, "s3cret pass");
  EXPECT_EQ(r->vehicle.fleet_token, "tok-123");
  EXPECT_EQ(r->service.api_token, "api-456");  // and it allows binding to every interface
}

TEST_F(ConfigFiles, EmptySecretFileIsAnError) {
  std::string pw = write("pw", "\n");
  auto r = load_config_text("", "t.yml", {{"P15_DATABASE_PASSWORD_FILE", pw}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("database.password_file"), std::string::npos);
  EXPECT_NE(r.error().message.find(pw), std::string::npos);
}

TEST(ConfigDescribe, MasksSecrets) {
  Config c;
  c.database.password = "hunter2-secret";
  c.vehicle.fleet_token = "tok-SECRET-123";
  c.service.api_token = "api-SECRET-456";
  std::string text = describe(c);
  EXPECT_EQ(text.find("api-SECRET-456"), std::string::npos) << text;
  EXPECT_NE(text.find("service.api_token: ***\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("hunter2-secret"), std::string::npos) << text;
  EXPECT_EQ(text.find("tok-SECRET-123"), std::string::npos) << text;
  EXPECT_NE(text.find("database.password: ***\n"), std::string::npos) << text;
  EXPECT_NE(text.find("vehicle.fleet_token: ***\n"), std::string::npos) << text;
  EXPECT_NE(text.find("service.port: 5000\n"), std::string::npos) << text;
  EXPECT_NE(text.find("poll.autostart: false\n"), std::string::npos) << text;
}

TEST(ConfigDescribe, ListsEveryKeyAndShowsUnsetSecrets) {
  std::string text = describe(Config{});
  for (const auto& key : config_keys()) {
    EXPECT_NE(text.find(key + ": "), std::string::npos) << key;
  }
  EXPECT_NE(text.find("database.password: (unset)\n"), std::string::npos) << text;
}

TEST(ConfigShippedFile, LoadsAndEqualsTheStructDefaults) {
  auto r = load_config_text(read_text(kShippedConfig), kShippedConfig, {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(describe(r.value()), describe(Config{}));
}

TEST(ConfigShippedFile, HasEveryKey) {
  YAML::Node root = YAML::LoadFile(kShippedConfig);
  for (const auto& key : config_keys()) {
    auto dot = key.find('.');
    EXPECT_TRUE(root[key.substr(0, dot)][key.substr(dot + 1)].IsDefined()) << key;
  }
}

TEST(ConfigShippedFile, HoldsNoSecret) {
  YAML::Node root = YAML::LoadFile(kShippedConfig);
  EXPECT_EQ(root["database"]["password"].as<std::string>(), "");
  EXPECT_EQ(root["vehicle"]["fleet_token"].as<std::string>(), "");
  EXPECT_EQ(root["service"]["api_token"].as<std::string>(), "");
}

TEST_F(ConfigFiles, LoadConfigReadsTheFileAndTheProcessEnvironment) {
  std::string path = write("config.yml", "poll:\n  interval_s: 10\n  stale_after_s: 99\n");
  ASSERT_EQ(setenv("P15_POLL_INTERVAL_S", "42", 1), 0);
  auto r = load_config(path);
  unsetenv("P15_POLL_INTERVAL_S");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->source, path);
  EXPECT_EQ(r->poll.interval_s, 42);
  EXPECT_EQ(r->poll.stale_after_s, 99);
}

TEST_F(ConfigFiles, ErrorsFromAFileNameThePath) {
  std::string path = write("bad.yml", "service:\n  port: abc\n");
  auto r = load_config(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(path + ": service.port: expected an integer 1..65535"),
            std::string::npos)
      << r.error().message;
}

TEST(ConfigMissingFile, NamesThePath) {
  auto r = load_config("/nonexistent/p15/config.yml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("/nonexistent/p15/config.yml"), std::string::npos);
  EXPECT_EQ(r.error().kind, ErrorKind::NotFound);
}

}  // namespace
}  // namespace p15

// notifications.*: the webhook URL from the file, the environment or a file of its own, checked
// at start-up with errors that name the key and the file and never the URL (it holds a secret).
#include <gtest/gtest.h>

#include "service/config/config.h"
#include "tests/unit/config_files_fixture.h"

namespace p15 {
namespace {

const char* kSecretUrl = "https://ntfy.sh/p15-topic-SECRET";

struct UrlCase {
  std::string name;
  std::string yaml;
  std::map<std::string, std::string> env;
  std::string error;  // "" = loads
};

class NotificationsUrl : public ::testing::TestWithParam<UrlCase> {};

TEST_P(NotificationsUrl, LoadsOrNamesTheKeyAndTheFile) {
  const UrlCase& c = GetParam();
  auto r = load_config_text(c.yaml, "home.yml", c.env);
  if (c.error.empty()) {
    ASSERT_TRUE(r.ok()) << r.error().message;
    return;
  }
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind("home.yml: " + c.error, 0), 0u) << r.error().message;
  EXPECT_EQ(r.error().message.find("SECRET"), std::string::npos) << r.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, NotificationsUrl,
    ::testing::Values(UrlCase{"none", "", {}, ""},
                      UrlCase{"from_env", "", {{"P15_NOTIFICATIONS_WEBHOOK_URL", kSecretUrl}}, ""},
                      UrlCase{"ntfy_format", "notifications:\n  format: ntfy\n", {}, ""},
                      UrlCase{"not_http",
                              "",
                              {{"P15_NOTIFICATIONS_WEBHOOK_URL", "ftp://host/SECRET"}},
                              "notifications.webhook_url: must start with http:// or https://"},
                      UrlCase{"spaces",
                              "",
                              {{"P15_NOTIFICATIONS_WEBHOOK_URL", "https://host/a SECRET"}},
                              "notifications.webhook_url: the webhook URL must not contain spaces"},
                      UrlCase{"unknown_format",
                              "notifications:\n  format: slack\n",
                              {},
                              "notifications.format: expected one of json, ntfy"},
                      UrlCase{"timeout_range",
                              "notifications:\n  timeout_s: 0\n",
                              {},
                              "notifications.timeout_s: expected an integer 1..60"},
                      UrlCase{
                          "missing_file",
                          "notifications:\n  webhook_url_file: /nonexistent/p15-hook\n",
                          {},
                          "notifications.webhook_url_file: cannot read \"/nonexistent/p15-hook\""}),
    [](const auto& info) { return info.param.name; });

TEST(NotificationsConfig, TheUrlIsMaskedInTheStartUpLog) {
  auto r = load_config_text("", "home.yml", {{"P15_NOTIFICATIONS_WEBHOOK_URL", kSecretUrl}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->notifications.webhook_url, kSecretUrl);
  const std::string text = describe(*r);
  EXPECT_NE(text.find("notifications.webhook_url: ***\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("SECRET"), std::string::npos) << text;
}

TEST_F(ConfigFiles, WebhookUrlFileIsReadAndCheckedNamingTheFile) {
  const std::string good = write("hook", std::string(kSecretUrl) + "\n");
  auto r = load_config_text("notifications:\n  webhook_url_file: " + good + "\n", "home.yml", {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->notifications.webhook_url, kSecretUrl);

  const std::string bad = write("bad-hook", "ntfy.sh/SECRET\n");
  auto b = load_config_text("notifications:\n  webhook_url_file: " + bad + "\n", "home.yml", {});
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().message, "home.yml: notifications.webhook_url_file (\"" + bad +
                                   "\"): must start with http:// or https://");
}

}  // namespace
}  // namespace p15

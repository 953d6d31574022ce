#include "service/store/mariadb_decision_log.h"

#include "service/store/features_json.h"
#include "service/store/mariadb_statement.h"

namespace p15 {
namespace {

constexpr std::size_t kAiModelMaxChars = 50;  // smart_charger_model.ai_model VARCHAR(50)

constexpr Query kInsertDecision{
    "smart_charger_model.insert", "smart_charger_model",
    "INSERT INTO smart_charger_model (amps, ai_model, features, `timestamp`) "
    "VALUES (?, ?, ?, FROM_UNIXTIME(?))"};

}  // namespace

Result<std::int64_t> MariaDbDecisionLog::record_decision(const Decision& decision, TimePoint at) {
  if (decision.policy.size() > kAiModelMaxChars) {
    return Error{"smart_charger_model: ai_model \"" + decision.policy + "\" is longer than " +
                     std::to_string(kAiModelMaxChars) + " characters",
                 ErrorKind::Invalid};
  }
  std::string features = features_to_json(decision.features);
  return connection_.with_session([&](Session& session) -> Result<std::int64_t> {
    Statement st(session, kInsertDecision, "inserting into smart_charger_model");
    st.integer(decision.amps).text(decision.policy).text(std::move(features));
    st.integer(at.time_since_epoch().count());
    if (auto ok = st.execute(); !ok) return ok.error();
    return st.insert_id();
  });
}

}  // namespace p15

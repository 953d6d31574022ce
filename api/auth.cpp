#include "api/auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <cctype>

namespace p15::api {

namespace {

using Digest = std::array<unsigned char, EVP_MAX_MD_SIZE>;

Digest sha256(const std::string& s) {
  Digest d{};
  unsigned int len = 0;
  EVP_Digest(s.data(), s.size(), d.data(), &len, EVP_sha256(), nullptr);
  return d;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

Response unauthorized(const std::string& message, const std::string& challenge) {
  Response r = error_response(401, message);
  r.headers.emplace_back("WWW-Authenticate", challenge);
  return r;
}

}  // namespace

std::optional<std::string> bearer_token(const std::string& authorization) {
  static const std::string scheme = "bearer";
  size_t i = 0;
  while (i < authorization.size() && is_space(authorization[i])) ++i;
  if (authorization.size() < i + scheme.size()) return std::nullopt;
  for (size_t k = 0; k < scheme.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(authorization[i + k])) != scheme[k]) {
      return std::nullopt;
    }
  }
  i += scheme.size();
  // The scheme must be followed by at least one space: "Bearerxyz" is another scheme.
  if (i >= authorization.size() || !is_space(authorization[i])) return std::nullopt;
  while (i < authorization.size() && is_space(authorization[i])) ++i;
  size_t end = authorization.size();
  while (end > i && is_space(authorization[end - 1])) --end;
  if (end == i) return std::nullopt;
  return authorization.substr(i, end - i);
}

bool same_secret(const std::string& given, const std::string& expected) {
  Digest a = sha256(given);
  Digest b = sha256(expected);
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::optional<Response> check_bearer(const std::string& authorization, const std::string& token) {
  // The realm names the setting so that a person reading the challenge knows what to send.
  const std::string challenge = "Bearer realm=\"p15-service\"";
  auto given = bearer_token(authorization);
  if (!given) {
    return unauthorized(
        "this endpoint changes state and needs \"Authorization: Bearer <token>\" "
        "(the token is service.api_token)",
        challenge);
  }
  if (!same_secret(*given, token)) {
    return unauthorized("the bearer token is not the one configured in service.api_token",
                        challenge + ", error=\"invalid_token\"");
  }
  return std::nullopt;
}

}  // namespace p15::api

#pragma once
// Bearer-token checks for the routes that change state (RFC 6750): the header's parsing, a
// constant-time comparison and the 401 answer.
#include <optional>
#include <string>

#include "api/router.h"

namespace p15::api {

// The token of an "Authorization: Bearer <token>" header (the scheme in any case, spaces around
// the token ignored); nullopt when the header is empty, another scheme or has no token.
std::optional<std::string> bearer_token(const std::string& authorization);

// Compares in time that depends on neither the content nor the length of either string: both
// are hashed first, then the digests are compared with CRYPTO_memcmp.
bool same_secret(const std::string& given, const std::string& expected);

// nullopt when `authorization` carries `token`; otherwise the 401 to answer, with
// WWW-Authenticate: Bearer (and error="invalid_token" when a token was sent but is wrong).
std::optional<Response> check_bearer(const std::string& authorization, const std::string& token);

}  // namespace p15::api

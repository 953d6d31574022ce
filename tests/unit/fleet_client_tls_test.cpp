// FleetClient against an HTTPS server with the simulator's certificates: vehicle.fleet_ca_file
// makes it trust them, and the host name of the URL has to be in the certificate's SAN.
#include <cpprest/http_client.h>
#include <gtest/gtest.h>

#include "service/vehicle/fleet_client.h"
#include "sim/tls_cert.h"
#include "tests/unit/tls_fixture.h"

namespace p15 {
namespace {

using namespace std::chrono_literals;
using test::HttpsServer;

constexpr const char* kState = R"({"response":{"state":"online"}})";

ClientResponse poll(const std::string& url, const std::string& ca_file) {
  return FleetClient(FleetClientOptions{url, "5YJ3E1EA1KF000001", "token", 5s, ca_file})
      .poll_state();
}

using FleetClientTlsTest = test::TlsDir;

TEST_F(FleetClientTlsTest, TrustsTheProxyThroughFleetCaFile) {
  auto f = generate("tls");
  HttpsServer proxy("127.0.0.1", f, kState);
  auto r = poll(proxy.url(), f.ca);
  EXPECT_EQ(r.outcome, Outcome::Done) << r.reason;
  EXPECT_EQ(r.vehicle_state, VehicleState::Online);
  EXPECT_EQ(proxy.hits(), 1);

  auto without_ca = poll(proxy.url(), "");
  EXPECT_EQ(without_ca.outcome, Outcome::Unreachable);
  EXPECT_EQ(proxy.hits(), 1);
}

// 127.0.0.2 is loopback too, but not a name in the certificate: cpprest checks the URL's host
// against the SAN (rfc2818_verification) by itself, so the client refuses the handshake.
TEST_F(FleetClientTlsTest, RefusesACertificateIssuedForAnotherName) {
  auto f = generate("tls");
  HttpsServer proxy("127.0.0.2", f, kState);
  auto r = poll(proxy.url(), f.ca);
  EXPECT_EQ(r.outcome, Outcome::Unreachable) << r.reason;
  EXPECT_NE(r.reason.find("handshake"), std::string::npos) << r.reason;
  EXPECT_EQ(proxy.hits(), 0);

  // The server is there: only the name check stood in the way.
  web::http::client::http_client_config unchecked;
  unchecked.set_validate_certificates(false);
  web::http::client::http_client raw(proxy.url(), unchecked);
  EXPECT_EQ(raw.request(web::http::methods::GET, "/").get().status_code(), 200);
  EXPECT_EQ(proxy.hits(), 1);

  // The same address is accepted once the simulator is told the name.
  auto named = generate("named", {"127.0.0.2"});
  HttpsServer named_proxy("127.0.0.2", named, kState);
  auto ok = poll(named_proxy.url(), named.ca);
  EXPECT_EQ(ok.outcome, Outcome::Done) << ok.reason;
  EXPECT_EQ(named_proxy.hits(), 1);
}

}  // namespace
}  // namespace p15

// ensure_tls_files and use_tls: the files, their modes and restart behaviour, what the
// certificates say (read back with OpenSSL), and a real HTTPS round trip over loopback.
#include <cpprest/http_client.h>
#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <memory>
#include <vector>

#include "sim/tls_cert.h"
#include "tests/unit/tls_fixture.h"

namespace p15 {
namespace {

using test::HttpsServer;
using test::slurp;

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using Cert = std::unique_ptr<X509, X509Free>;

Cert load_cert(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "r"), &std::fclose);
  return Cert(f ? PEM_read_X509(f.get(), nullptr, nullptr, nullptr) : nullptr);
}

unsigned mode_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return st.st_mode & 07777;
}

// The SAN as "DNS:name" / "IP:address" strings, in the certificate's order.
std::vector<std::string> san_entries(X509* cert) {
  std::vector<std::string> out;
  auto* gens =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  for (int i = 0; i < sk_GENERAL_NAME_num(gens); ++i) {
    const GENERAL_NAME* g = sk_GENERAL_NAME_value(gens, i);
    if (g->type == GEN_DNS) {
      out.push_back("DNS:" + std::string(reinterpret_cast<const char*>(g->d.dNSName->data),
                                         g->d.dNSName->length));
    } else if (g->type == GEN_IPADD) {
      char text[INET6_ADDRSTRLEN] = {};
      const int family = g->d.iPAddress->length == 4 ? AF_INET : AF_INET6;
      inet_ntop(family, g->d.iPAddress->data, text, sizeof text);
      out.push_back(std::string("IP:") + text);
    }
  }
  GENERAL_NAMES_free(gens);
  return out;
}

int validity_days(X509* cert) {
  int days = 0, secs = 0;
  ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(cert), X509_get0_notAfter(cert));
  return days;
}

// OpenSSL's own chain check with the TLS-server purpose: CA:TRUE, keyCertSign and serverAuth
// all have to be right for it to pass.
bool verifies_as_server(X509* cert, X509* ca) {
  std::unique_ptr<X509_STORE, void (*)(X509_STORE*)> store(X509_STORE_new(), &X509_STORE_free);
  std::unique_ptr<X509_STORE_CTX, void (*)(X509_STORE_CTX*)> ctx(X509_STORE_CTX_new(),
                                                                 &X509_STORE_CTX_free);
  X509_STORE_add_cert(store.get(), ca);
  X509_STORE_CTX_init(ctx.get(), store.get(), cert, nullptr);
  X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER);
  return X509_verify_cert(ctx.get()) == 1;
}

using SimTlsCertTest = test::TlsDir;

TEST_F(SimTlsCertTest, CreatesTheDirectoryAndFilesWithTheirModesWhateverTheUmask) {
  const mode_t old = ::umask(077);  // would turn a plain open(0644) into 0600
  auto f = generate("tls");
  ::umask(old);
  EXPECT_EQ(mode_of(dir("tls")), 0700u);
  EXPECT_EQ(mode_of(f.key), 0600u);
  EXPECT_EQ(mode_of(f.cert), 0644u);
  EXPECT_EQ(mode_of(f.ca), 0644u);
  EXPECT_FALSE(std::filesystem::exists(f.key + ".tmp"));
  EXPECT_EQ(slurp(f.key).rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);
  // cert.pem holds the server certificate and nothing else (no CA appended).
  const std::string cert = slurp(f.cert);
  EXPECT_EQ(cert.find("-----BEGIN CERTIFICATE-----"), 0u);
  EXPECT_EQ(cert.find("-----BEGIN", 1), std::string::npos);
  EXPECT_NE(slurp(f.ca), cert);
}

TEST_F(SimTlsCertTest, ARestartKeepsTheFilesAndAMissingOneRegeneratesAll) {
  auto f = generate("tls", {"sim"});
  const std::string ca = slurp(f.ca), cert = slurp(f.cert), key = slurp(f.key);
  ASSERT_FALSE(ca.empty());
  generate("tls", {"sim", "other"});  // even with other names: the service trusts this CA
  EXPECT_EQ(slurp(f.ca), ca);
  EXPECT_EQ(slurp(f.cert), cert);
  EXPECT_EQ(slurp(f.key), key);

  std::filesystem::remove(f.key);
  generate("tls", {"sim"});
  EXPECT_NE(slurp(f.ca), ca) << "a partial set is replaced as a whole";
  EXPECT_NE(slurp(f.cert), cert);
  EXPECT_NE(slurp(f.key), key);
  EXPECT_EQ(mode_of(f.key), 0600u);
}

TEST_F(SimTlsCertTest, TheServerCertificateIsSignedByTheCaForTheNames) {
  auto f = generate("tls", {"sim", "10.1.2.3", "fd00::7", "localhost"});
  Cert ca = load_cert(f.ca), cert = load_cert(f.cert);
  ASSERT_TRUE(ca && cert);
  EXPECT_EQ(san_entries(cert.get()),
            (std::vector<std::string>{"DNS:localhost", "IP:127.0.0.1", "IP:::1", "DNS:sim",
                                      "IP:10.1.2.3", "IP:fd00::7"}));
  EXPECT_EQ(X509_check_host(cert.get(), "sim", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_host(cert.get(), "other.example", 0, 0, nullptr), 0);
  EXPECT_EQ(X509_check_ip_asc(cert.get(), "127.0.0.2", 0), 0);
  EXPECT_TRUE(verifies_as_server(cert.get(), ca.get()));
  EXPECT_FALSE(verifies_as_server(cert.get(), cert.get())) << "only the CA makes it valid";

  char cn[128] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(ca.get()), NID_commonName, cn, sizeof cn);
  EXPECT_STREQ(cn, "p15-sim tesla-http-proxy CA");
  const int bc = X509_get_ext_by_NID(ca.get(), NID_basic_constraints, -1);
  ASSERT_GE(bc, 0);
  EXPECT_EQ(X509_EXTENSION_get_critical(X509_get_ext(ca.get(), bc)), 1);
  EXPECT_EQ(X509_check_ca(ca.get()), 1);
  EXPECT_EQ(X509_check_ca(cert.get()), 0);
  EXPECT_NEAR(validity_days(ca.get()), 3652, 1);
  EXPECT_NEAR(validity_days(cert.get()), 730, 1);

  std::unique_ptr<FILE, int (*)(FILE*)> kf(std::fopen(f.key.c_str(), "r"), &std::fclose);
  ASSERT_TRUE(kf);
  std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY*)> key(
      PEM_read_PrivateKey(kf.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  ASSERT_TRUE(key);
  EXPECT_EQ(X509_check_private_key(cert.get(), key.get()), 1);
  EXPECT_TRUE(EVP_PKEY_is_a(key.get(), "EC"));
  EXPECT_EQ(EVP_PKEY_get_bits(key.get()), 256);
}

TEST_F(SimTlsCertTest, ABadNameOrAnUnwritableDirectoryIsAnErrorThatSaysWhich) {
  auto bad = sim::ensure_tls_files(dir("tls"), {"two words"});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("'two words'"), std::string::npos) << bad.error().message;
  EXPECT_FALSE(std::filesystem::exists(dir("tls")));

  std::ofstream(dir("plain")) << "a file, not a directory";
  auto blocked = sim::ensure_tls_files(dir("plain") + "/tls", {});
  ASSERT_FALSE(blocked.ok());
  EXPECT_NE(blocked.error().message.find(dir("plain")), std::string::npos)
      << blocked.error().message;
}

TEST_F(SimTlsCertTest, ALoopbackHttpsRoundTripNeedsTheCa) {
  auto f = generate("tls");
  HttpsServer server("127.0.0.1", f, R"({"pong":true})");

  web::http::client::http_client_config trusting;
  trusting.set_timeout(std::chrono::seconds(5));
  ASSERT_TRUE(trusting.validate_certificates()) << "verification stays on";
  trusting.set_ssl_context_callback(
      [ca = f.ca](boost::asio::ssl::context& ctx) { ctx.load_verify_file(ca); });
  web::http::client::http_client good(server.url(), trusting);
  auto resp = good.request(web::http::methods::GET, "/ping").get();
  EXPECT_EQ(resp.status_code(), 200);
  EXPECT_EQ(resp.extract_utf8string(true).get(), R"({"pong":true})");
  EXPECT_EQ(server.hits(), 1);

  web::http::client::http_client_config system_cas_only;
  system_cas_only.set_timeout(std::chrono::seconds(5));
  web::http::client::http_client stranger(server.url(), system_cas_only);
  try {
    stranger.request(web::http::methods::GET, "/ping").get();
    ADD_FAILURE() << "a client without the CA was served";
  } catch (const web::http::http_exception& e) {
    EXPECT_NE(std::string(e.what()).find("handshake"), std::string::npos) << e.what();
  }
  EXPECT_EQ(server.hits(), 1) << "the refused client never reached the handler";
}

}  // namespace
}  // namespace p15

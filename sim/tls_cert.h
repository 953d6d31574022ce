#pragma once
// TLS for p15-sim playing tesla-http-proxy: the real proxy listens on HTTPS only, with its own
// certificate, and the service trusts it through vehicle.fleet_ca_file. The simulator makes the
// same shape (a private CA plus a server certificate it signed) so the service's TLS path is the
// one exercised, not a plain-HTTP shortcut.
#include <string>
#include <vector>

#include "service/core/result.h"

namespace web::http::experimental::listener {
class http_listener_config;
}

namespace p15::sim {

// The three PEM files of a TLS directory: what the service trusts (ca), and what the listener
// presents (cert, the server certificate alone) with its private key.
struct TlsFiles {
  std::string ca, cert, key;
};

// DIR/ca.pem, DIR/cert.pem, DIR/key.pem.
TlsFiles tls_files(const std::string& dir);

// Keeps the three files when all exist, so a restarted simulator presents the certificate the
// service already trusts. Otherwise creates DIR (0700) and generates them: an EC P-256 CA
// (10 years) and a server key and certificate it signs (2 years) for localhost, 127.0.0.1, ::1
// and each of `names` (an IP address as IP:, anything else as DNS:). The CA's key is not kept:
// a new set replaces all three files together.
Status ensure_tls_files(const std::string& dir, const std::vector<std::string>& names);

// Makes a listener for an https:// URI present `f.cert` with `f.key`, TLS 1.2 or newer.
// cpprest runs this per accepted connection; if the files cannot be loaded then, it drops that
// connection, so call ensure_tls_files before opening the listener.
void use_tls(web::http::experimental::listener::http_listener_config& cfg, const TlsFiles& f);

}  // namespace p15::sim

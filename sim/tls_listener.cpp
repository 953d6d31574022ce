// use_tls lives apart from the certificate generation: it is the only piece that needs cpprest.
#include <cpprest/http_listener.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "sim/tls_cert.h"

namespace p15::sim {

void use_tls(web::http::experimental::listener::http_listener_config& cfg, const TlsFiles& f) {
  // cpprest's asio listener builds a fresh TLS_method (sslv23) context for each accepted
  // connection of an https:// listener and hands it here before the handshake.
  cfg.set_ssl_context_callback([f](boost::asio::ssl::context& ctx) {
    ctx.set_options(boost::asio::ssl::context::default_workarounds |
                    boost::asio::ssl::context::no_sslv2 | boost::asio::ssl::context::no_sslv3 |
                    boost::asio::ssl::context::single_dh_use);
    // Boost 1.74's context has no minimum-version setter; TLS 1.0/1.1 are deprecated (RFC 8996).
    if (SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION) != 1) {
      throw boost::system::system_error(
          boost::system::error_code(static_cast<int>(ERR_get_error()),
                                    boost::asio::error::get_ssl_category()),
          "TLS 1.2 minimum");
    }
    // Both throw boost::system::system_error, which makes cpprest drop just this connection.
    ctx.use_certificate_chain_file(f.cert);
    ctx.use_private_key_file(f.key, boost::asio::ssl::context::pem);
  });
}

}  // namespace p15::sim

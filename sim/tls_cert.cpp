#include "sim/tls_cert.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>

namespace p15::sim {
namespace {

template <class T, void (*F)(T*)>
struct Free {
  void operator()(T* p) const { F(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, Free<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Free<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Free<BIO, BIO_free_all>>;
using Names = std::unique_ptr<GENERAL_NAMES, Free<GENERAL_NAMES, GENERAL_NAMES_free>>;
using Ext = std::unique_ptr<X509_EXTENSION, Free<X509_EXTENSION, X509_EXTENSION_free>>;

constexpr long kCaDays = 3652;     // 10 years: the service's fleet_ca_file outlives many restarts
constexpr long kServerDays = 730;  // 2 years: under the 825 days some TLS clients accept
constexpr long kBackdateS = 3600;  // a slightly slow clock elsewhere must not see "not yet valid"

// OpenSSL queues its errors per thread; all of them, oldest first, say what went wrong.
std::string openssl_reason() {
  std::string out;
  for (unsigned long e = ERR_get_error(); e != 0; e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out.empty() ? "no OpenSSL reason given" : out;
}

Error tls_error(const std::string& what) {
  return Error{what + ": " + openssl_reason(), ErrorKind::Unavailable};
}

Error file_error(const std::string& what, const std::string& path) {
  return Error{what + " " + path + ": " + std::strerror(errno), ErrorKind::Unavailable};
}

Result<Pkey> new_ec_key() {
  Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) return tls_error("generating an EC P-256 key");
  return key;
}

// A random positive 63-bit serial: clients reject two certificates of one issuer with the same
// serial, and a regenerated set must not collide with the one a client may have cached.
bool set_random_serial(X509* cert) {
  std::uint64_t serial = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof serial) != 1) return false;
  serial = (serial >> 1) | 1;
  return ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert), serial) == 1;
}

// Version, serial, validity, subject, issuer and public key; extensions and signature follow.
// `issuer` null makes the certificate self-issued.
Result<Cert> cert_skeleton(const std::string& cn, long days, EVP_PKEY* key, X509* issuer) {
  Cert cert(X509_new());
  if (!cert) return tls_error("allocating a certificate");
  X509_NAME* subject = X509_get_subject_name(cert.get());
  const auto* cn_bytes = reinterpret_cast<const unsigned char*>(cn.c_str());
  bool ok =
      X509_set_version(cert.get(), X509_VERSION_3) == 1 && set_random_serial(cert.get()) &&
      X509_gmtime_adj(X509_getm_notBefore(cert.get()), -kBackdateS) != nullptr &&
      X509_time_adj_ex(X509_getm_notAfter(cert.get()), static_cast<int>(days), 0, nullptr) !=
          nullptr &&
      X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, cn_bytes, -1, -1, 0) == 1 &&
      X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : subject) == 1 &&
      X509_set_pubkey(cert.get(), key) == 1;
  if (!ok) return tls_error("building the certificate for " + cn);
  return cert;
}

// One extension in openssl.cnf syntax (e.g. "critical,CA:TRUE"); `issuer` supplies the key id
// for authorityKeyIdentifier.
bool add_ext(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  Ext ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

// 4 or 16 (the address's bytes in `out`) when `name` is an IPv4 or IPv6 address, else 0.
int parse_ip(const std::string& name, unsigned char (&out)[16]) {
  if (inet_pton(AF_INET, name.c_str(), out) == 1) return 4;
  if (inet_pton(AF_INET6, name.c_str(), out) == 1) return 16;
  return 0;
}

bool is_dns_name(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_' || c == '*';
    if (!ok) return false;
  }
  return true;
}

// IP:address when `name` parses as IPv4 or IPv6 (clients compare an IP URL only against IP
// entries), else DNS:name. Null when OpenSSL cannot allocate.
GENERAL_NAME* general_name(const std::string& name) {
  unsigned char ip[16];
  const int ip_size = parse_ip(name, ip);
  GENERAL_NAME* gen = GENERAL_NAME_new();
  ASN1_STRING* value = ip_size ? ASN1_OCTET_STRING_new() : ASN1_IA5STRING_new();
  const bool ok =
      gen && value &&
      (ip_size ? ASN1_OCTET_STRING_set(value, ip, ip_size)
               : ASN1_STRING_set(value, name.data(), static_cast<int>(name.size()))) == 1;
  if (!ok) {
    ASN1_STRING_free(value);
    GENERAL_NAME_free(gen);
    return nullptr;
  }
  GENERAL_NAME_set0_value(gen, ip_size ? GEN_IPADD : GEN_DNS, value);
  return gen;
}

// Built as GENERAL_NAMEs rather than a "DNS:a,IP:b" string, so no name can smuggle in entries.
bool add_san(X509* cert, const std::vector<std::string>& names) {
  Names gens(sk_GENERAL_NAME_new_null());
  if (!gens) return false;
  for (const auto& name : names) {
    GENERAL_NAME* gen = general_name(name);
    if (!gen) return false;
    if (sk_GENERAL_NAME_push(gens.get(), gen) <= 0) {
      GENERAL_NAME_free(gen);
      return false;
    }
  }
  return X509_add1_ext_i2d(cert, NID_subject_alt_name, gens.get(), 0, X509V3_ADD_DEFAULT) == 1;
}

struct Pems {
  std::string ca, cert, key;
};

Result<std::string> bio_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  if (size <= 0) return tls_error("encoding PEM");
  return std::string(data, static_cast<std::size_t>(size));
}

Result<std::string> cert_pem(X509* cert) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return tls_error("encoding a certificate");
  return bio_text(bio.get());
}

Result<std::string> key_pem(EVP_PKEY* key) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return tls_error("encoding the private key");
  return bio_text(bio.get());
}

Result<Cert> make_ca(EVP_PKEY* ca_key) {
  auto ca = cert_skeleton("p15-sim tesla-http-proxy CA", kCaDays, ca_key, nullptr);
  if (!ca) return ca.error();
  X509* c = ca->get();
  const bool ok = add_ext(c, c, NID_basic_constraints, "critical,CA:TRUE") &&
                  add_ext(c, c, NID_key_usage, "critical,keyCertSign,cRLSign") &&
                  add_ext(c, c, NID_subject_key_identifier, "hash") &&
                  X509_sign(c, ca_key, EVP_sha256()) > 0;
  if (!ok) return tls_error("making the CA certificate");
  return std::move(ca).value();
}

Result<Cert> make_server(EVP_PKEY* key, X509* ca, EVP_PKEY* ca_key,
                         const std::vector<std::string>& names) {
  // CN is a hostname for old clients only: current ones (and asio's rfc2818 check) use the SAN.
  auto cert = cert_skeleton("localhost", kServerDays, key, ca);
  if (!cert) return cert.error();
  X509* c = cert->get();
  const bool ok = add_ext(c, ca, NID_basic_constraints, "critical,CA:FALSE") &&
                  add_ext(c, ca, NID_key_usage, "critical,digitalSignature") &&
                  add_ext(c, ca, NID_ext_key_usage, "serverAuth") &&
                  add_ext(c, ca, NID_subject_key_identifier, "hash") &&
                  add_ext(c, ca, NID_authority_key_identifier, "keyid:always") &&
                  add_san(c, names) && X509_sign(c, ca_key, EVP_sha256()) > 0;
  if (!ok) return tls_error("making the server certificate");
  return std::move(cert).value();
}

Result<Pems> generate(const std::vector<std::string>& names) {
  auto ca_key = new_ec_key();
  if (!ca_key) return ca_key.error();
  auto ca = make_ca(ca_key->get());
  if (!ca) return ca.error();
  auto key = new_ec_key();
  if (!key) return key.error();
  auto cert = make_server(key->get(), ca->get(), ca_key->get(), names);
  if (!cert) return cert.error();
  auto ca_text = cert_pem(ca->get());
  auto cert_text = cert_pem(cert->get());
  auto key_text = key_pem(key->get());
  if (!ca_text) return ca_text.error();
  if (!cert_text) return cert_text.error();
  if (!key_text) return key_text.error();
  return Pems{*ca_text, *cert_text, *key_text};
}

// Through a temp file and rename, so a reader never sees half a file, and with fchmod because
// the umask must not loosen (or tighten) the mode asked for.
Status write_file(const std::string& path, const std::string& text, mode_t mode) {
  const std::string tmp = path + ".tmp";
  if (::unlink(tmp.c_str()) != 0 && errno != ENOENT) return file_error("cannot remove", tmp);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return file_error("cannot create", tmp);
  std::size_t done = 0;
  bool ok = ::fchmod(fd, mode) == 0;
  while (ok && done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const Error failed = file_error("cannot write", tmp);
  ::close(fd);
  if (!ok) {
    ::unlink(tmp.c_str());
    return failed;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) return file_error("cannot rename to", path);
  return ok_status();
}

Status make_dir(const std::string& dir) {
  const std::filesystem::path p(dir);
  std::error_code ec;
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  if (ec)
    return Error{"cannot create " + p.parent_path().string() + ": " + ec.message(),
                 ErrorKind::Unavailable};
  // 0700: the directory holds the private key; an existing directory keeps its mode.
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return file_error("cannot create", dir);
  if (!std::filesystem::is_directory(p, ec)) {
    return Error{"not a directory: " + dir, ErrorKind::Unavailable};
  }
  return ok_status();
}

bool all_exist(const TlsFiles& f) {
  std::error_code ec;
  for (const auto* path : {&f.ca, &f.cert, &f.key}) {
    if (!std::filesystem::is_regular_file(*path, ec)) return false;
  }
  return true;
}

}  // namespace

TlsFiles tls_files(const std::string& dir) {
  return {dir + "/ca.pem", dir + "/cert.pem", dir + "/key.pem"};
}

Status ensure_tls_files(const std::string& dir, const std::vector<std::string>& names) {
  std::vector<std::string> all = {"localhost", "127.0.0.1", "::1"};
  for (const auto& name : names) {
    unsigned char ip[16];
    if (parse_ip(name, ip) == 0 && !is_dns_name(name)) {
      return Error{"TLS name '" + name + "' is neither an IP address nor a DNS name"};
    }
    if (std::find(all.begin(), all.end(), name) == all.end()) all.push_back(name);
  }
  const TlsFiles f = tls_files(dir);
  if (all_exist(f)) return ok_status();
  if (auto made = make_dir(dir); !made) return made;
  auto pems = generate(all);
  if (!pems) return pems.error();
  // Old files go first: the set counts as present only once all three new ones are in place,
  // so a crash in between makes the next start generate again instead of mixing two sets.
  for (const auto* path : {&f.ca, &f.cert, &f.key}) {
    if (::unlink(path->c_str()) != 0 && errno != ENOENT) return file_error("cannot remove", *path);
  }
  if (auto s = write_file(f.key, pems->key, 0600); !s) return s;
  if (auto s = write_file(f.cert, pems->cert, 0644); !s) return s;
  return write_file(f.ca, pems->ca, 0644);
}

}  // namespace p15::sim

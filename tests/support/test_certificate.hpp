#pragma once
// A self-signed certificate for 127.0.0.1, made once per test process with the openssl CLI
// (with the IP in subjectAltName, as Node checks it), removed at exit.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace corio::test {

/// The key pair files of the test certificate.
struct TestCertificate {
  TestCertificate() {
    dir = std::filesystem::temp_directory_path() / ("corio_wss_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    cert = (dir / "cert.pem").string();
    key = (dir / "key.pem").string();
    const std::string cmd =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
        "-addext subjectAltName=IP:127.0.0.1 -keyout " +
        key + " -out " + cert + " >/dev/null 2>&1";
    ok = std::system(cmd.c_str()) == 0;
  }
  ~TestCertificate() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
  TestCertificate(const TestCertificate&) = delete;
  TestCertificate& operator=(const TestCertificate&) = delete;

  std::filesystem::path dir;  ///< holds both files
  std::string cert;           ///< certificate (PEM), also the CA to trust
  std::string key;            ///< private key (PEM)
  bool ok = false;            ///< false when openssl failed
};

/// The process's test certificate (made on first use).
inline const TestCertificate& test_certificate() {
  static const TestCertificate made;
  return made;
}

}  // namespace corio::test

// Secrets: argon2id password hashes (libsodium), random tokens, and SHA-256
// digests for storing API keys and session tokens without the secret itself.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace beleving::security {

// Initialises libsodium; safe to call more than once.
Status InitCrypto();

// argon2id, interactive limits; the result embeds salt and parameters.
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view password, const std::string& hash);

// `bytes` random bytes from the OS CSPRNG, base64url without padding.
std::string RandomToken(size_t bytes = 32);

// Lower-case hex SHA-256.
std::string Sha256Hex(std::string_view data);

// HMAC-SHA256 as lower-case hex (webhook signatures).
std::string HmacSha256Hex(std::string_view key, std::string_view message);

// Constant-time comparison of two strings.
bool SecureEquals(std::string_view a, std::string_view b);

}  // namespace beleving::security

// PII redaction for analytics views and exports.
//
// Replaces, in the original text:
//   e-mail addresses                                   -> [email]
//   IBANs (mod-97 checked, with or without spaces)     -> [iban]
//   phone numbers: Dutch (06-12345678, 020-1234567,
//     +31 6 1234 5678, 0031 ...) and international
//     (+ and 8..15 digits)                             -> [telefoon] / [phone]
//   Dutch postcodes with a house number ("1234 AB 12",
//     "1234AB 12a", "1234 AB, 12-3")                   -> [adres] / [address]
//   BSN-like numbers: 9 digits (or 4.2.3 dotted)
//     passing the 11-proof                             -> [bsn]
// Numbers that fail the checks (a random 9-digit order number, an IBAN with a
// wrong check digit) are kept. Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "text/language.h"

namespace beleving::text {

// Tokens are Dutch ([telefoon], [adres]) unless `token_language` is English.
std::string Redact(std::string_view text, Language token_language = Language::kDutch);

// The checks, exposed for tests and for validating input fields.
// `iban` may contain spaces; letters in any case.
bool IsValidIban(std::string_view iban);
// Exactly 9 digits passing the 11-proof (9a+8b+...+2h-1i divisible by 11, not 0).
bool PassesElevenProof(std::string_view nine_digits);

}  // namespace beleving::text

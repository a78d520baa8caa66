// QR codes for face-to-face moments (a card on the counter, a receipt): a
// stable short link PUBLIC_URL/q/CODE per (survey, touchpoint, location).
// Scanning it (Open) makes an anonymous one-time invitation for that
// touchpoint and location and answers its survey link.
//
// Link creates the code the first time a combination is asked for (audited:
// "create", subject "qr_code:CODE"); later calls answer the same code.
// Who may: Link needs Principal::CanManage; Open is public (the code is the
// credential).
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "security/principal.h"
#include "store/sql.h"
#include "survey/invitation.h"

namespace beleving::survey {

// A code: 12 base64url characters (72 random bits).
inline constexpr size_t kQrCodeBytes = 12;
inline constexpr const char* kQrCodePattern = "^[A-Za-z0-9_-]{1,32}$";

struct QrRequest {
  std::string survey = "nps";             // survey key
  std::optional<std::string> touchpoint;  // touchpoint key
  std::optional<std::string> location;    // location key
};

struct QrLink {
  std::string code;
  std::string url;  // PUBLIC_URL/q/CODE
};

class QrService {
 public:
  QrService(store::Database& db, const Clock& clock, Asking& asking)
      : db_(db), clock_(clock), asking_(asking) {}

  // InvalidArgument naming the field (/query/survey, /query/touchpoint,
  // /query/location) for an unknown survey, touchpoint or location.
  Result<QrLink> Link(const security::Principal& who, const QrRequest& in);
  // The token of a new anonymous invitation behind `code`, in `language`
  // ("nl"/"en"); nullopt for an unknown code.
  Result<std::optional<std::string>> Open(const std::string& code, const std::string& language);

 private:
  store::Database& db_;
  const Clock& clock_;
  Asking& asking_;
};

}  // namespace beleving::survey

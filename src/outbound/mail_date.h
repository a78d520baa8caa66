// The Date header of an outgoing e-mail (RFC 5322, always in UTC).
#pragma once

#include <string>

#include "core/clock.h"

namespace beleving::outbound {

// "Mon, 23 Nov 2026 21:10:00 +0000".
std::string MailDate(UnixSeconds t);

}  // namespace beleving::outbound

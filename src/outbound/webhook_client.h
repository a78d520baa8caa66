// Calling a webhook: one JSON POST over http(s) with libcurl, no
// redirects, short timeouts. Blocking, so call it from a background job,
// never from a request handler. Signing the body is the caller's
// (loop/deliveries.h): this room sits below the secrets.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace beleving::outbound {

// POSTs `body` as application/json with the extra `headers` ("Name: value")
// and answers the HTTP status. FailedPrecondition for a URL that is not
// http(s); Unavailable when the connection or the transfer fails.
Result<int> PostJson(const std::string& url, const std::string& body,
                     const std::vector<std::string>& headers);

}  // namespace beleving::outbound

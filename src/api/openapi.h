// The OpenAPI 3.1 document, generated from the route table: every route's
// Operation (api/operation.h) gives its operationId, parameters, request
// schema and answers, so the document is the declaration the request chain
// validates with. The chain's own answers are added to every operation that
// can give them: 400 (a malformed header, query or body), 401 and 403
// (routes that need a caller), 404 (routes with path parameters) and 413
// (routes with a body). Resource schemas (what the server answers) come
// from resources/openapi.json's components.
#pragma once

#include <vector>

#include "api/app.h"
#include "core/json.h"

namespace beleving::api {

Result<json::object> OpenApiDocument(const std::vector<RouteInfo>& routes);

}  // namespace beleving::api

// Builders for route declarations (api/operation.h), so a route reads as
// one expression without aggregate initialisers that leave members out:
//
//   Declare("createWebhook", "Add a webhook", "loop")
//       .Body(WebhookCreate())
//       .Replies({Answer(201, "Created", "Webhook"), Answer(409, "Already there")})
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "api/operation.h"

namespace beleving::api {

// An answer with a resource schema of the document's components (or none).
inline Reply Answer(int status, std::string description, std::string schema_ref = "") {
  Reply r;
  r.status = status;
  r.description = std::move(description);
  r.schema_ref = std::move(schema_ref);
  return r;
}

// An answer with an inline schema.
inline Reply Answer(int status, std::string description, Schema schema) {
  Reply r = Answer(status, std::move(description));
  r.schema = std::move(schema);
  return r;
}

// An answer that is an HTML page (dashboard pages and their forms).
inline Reply HtmlAnswer(int status, std::string description) {
  Reply r = Answer(status, std::move(description));
  r.content_type = "text/html";
  return r;
}

class Declare {
 public:
  Declare(std::string id, std::string summary, std::string tag) {
    op_.id = std::move(id);
    op_.summary = std::move(summary);
    op_.tag = std::move(tag);
  }
  Declare& Path(Parameter p) {
    op_.path.push_back(std::move(p));
    return *this;
  }
  Declare& Query(std::vector<Parameter> ps) {
    for (auto& p : ps) op_.query.push_back(std::move(p));
    return *this;
  }
  Declare& Body(Schema s) {
    op_.body = std::move(s);
    return *this;
  }
  Declare& Form(Schema s) {
    op_.form = std::move(s);
    return *this;
  }
  Declare& Replies(std::vector<Reply> rs) {
    for (auto& r : rs) op_.replies.push_back(std::move(r));
    return *this;
  }
  operator Operation() const { return op_; }  // NOLINT: implicit on purpose

 private:
  Operation op_;
};

}  // namespace beleving::api

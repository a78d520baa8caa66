// What a case is, besides its status (loop/case_flow.h): its type, its
// severity, how staff were in contact with the customer, and the limits of
// what a person writes on it. Declared once: the services check against
// these, the request schemas (api/) and the forms (web/) are built from
// them, and each value has its text in the catalogue
// (loop.case.type.*, loop.case.severity.*, loop.contact.*).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace beleving::loop {

// detractor: a low score; disappointment: a score well below the
// customer's best; complaint: a complaint from any channel; broken_promise:
// a promise not kept; manual: opened by a person.
inline const std::vector<std::string> kCaseTypes = {"detractor", "complaint", "broken_promise",
                                                    "disappointment", "manual"};
inline const std::vector<std::string> kSeverities = {"low", "normal", "high", "critical"};
inline const std::vector<std::string> kContactChannels = {"phone", "email",  "face_to_face",
                                                          "chat",  "letter", "other"};

// A work queue's filters and orders (CaseQuery): the SLA state the last
// tick recorded (ok: no timer at risk or breached), and the order.
inline const std::vector<std::string> kCaseSlaFilters = {"breached", "at_risk", "ok"};
inline const std::vector<std::string> kCaseSorts = {"urgency", "oldest", "newest"};

inline constexpr size_t kMaxCaseTitle = 300;   // bytes
inline constexpr size_t kMaxCaseText = 20000;  // description, note, summary, resolution
inline constexpr size_t kMaxKeyLength = 200;   // a dimension key in a request

}  // namespace beleving::loop

// Credit for compliments: which employees a customer's comment praises. One
// rule, used by every page and report that shows "compliments" for a person
// (today /people/{id}), so a compliment is never credited to the wrong
// employee.
//
// A comment credits employee E with a compliment when
//  1. its response's NPS score is not a detractor's: a score of 0-6 is never
//     a compliment, whatever the text says; and
//  2. either
//     a. it names E unambiguously among ALL employees of the organisation, in
//        a sentence that is positive or thanks someone (EmployeeMention::
//        compliment). Unambiguous: E's full name when no other employee has
//        that full name, or E's first name alone when no other employee has
//        that first name. With two employees called Wouter, "Wouter" alone
//        credits neither of them; "Wouter de Vries" credits him. The one
//        exception: an ambiguous name on E's own contact, where one of the
//        candidates is E, means E ("Wouter was top" on Wouter's contact);
//     b. or it is on E's own contact (the response's employee is E), names no
//        other employee, and is positive as a whole.
//
// `organisation` must hold every employee of the organisation, not only the
// ones a viewer may see: ambiguity is a property of the organisation.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/employees.h"
#include "text/text_analyzer.h"

namespace beleving::text {

// The last score that counts as a detractor's (NPS 0-6).
inline constexpr int kLastDetractorScore = 6;

// One comment and what is known about its response.
struct CommentToCredit {
  std::string_view comment;
  std::optional<int> nps;                       // 0..10; nullopt when not asked
  std::optional<std::string> contact_employee;  // the response's employee (directory id)
};

// The ids (as in `organisation`) of the employees the comment compliments,
// in order of first mention; the contact's employee last when credited by
// rule 2b. Empty for a detractor's comment.
std::vector<std::string> ComplimentedEmployees(const TextAnalyzer& analyzer,
                                               const EmployeeDirectory& organisation,
                                               const CommentToCredit& comment);

// Whether the comment compliments `employee_id`: ComplimentedEmployees
// contains it.
bool IsComplimentFor(const TextAnalyzer& analyzer, const EmployeeDirectory& organisation,
                     std::string_view employee_id, const CommentToCredit& comment);

}  // namespace beleving::text

#include "text/compliments.h"

#include <algorithm>

#include "text/normalize.h"

namespace beleving::text {
namespace {

// The normalised first word of a display name ("Wouter de Vries" -> "wouter").
std::string FirstName(std::string_view display_name) {
  const std::string norm = Normalise(display_name);
  std::vector<Token> tokens;
  Tokenise(norm, &tokens);
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kWord) return std::string(t.text);
  }
  return {};
}

}  // namespace

std::vector<std::string> ComplimentedEmployees(const TextAnalyzer& analyzer,
                                               const EmployeeDirectory& organisation,
                                               const CommentToCredit& comment) {
  std::vector<std::string> credited;
  if (comment.nps && *comment.nps <= kLastDetractorScore) return credited;
  AnalyzeOptions options;
  options.employees = &organisation;
  const CommentAnalysis a = analyzer.Analyze(comment.comment, options);
  const std::optional<std::string>& contact = comment.contact_employee;
  // How the contact's employee was named when ambiguously (their first name,
  // or a full name two employees share): the other candidates of that name
  // are the same mention, resolved to the contact.
  auto name_key = [](const EmployeeMention& m) {
    return m.full_name ? Normalise(m.name) : FirstName(m.name);
  };
  std::string contact_key;
  for (const EmployeeMention& m : a.mentions) {
    if (contact && m.employee_id == *contact && m.ambiguous) contact_key = name_key(m);
  }
  bool names_others = false;
  for (const EmployeeMention& m : a.mentions) {
    const bool own = contact && m.employee_id == *contact;
    if (!own) {
      if (m.ambiguous && !contact_key.empty() && name_key(m) == contact_key) continue;
      names_others = true;
    }
    if (m.compliment && (!m.ambiguous || own)) credited.push_back(m.employee_id);
  }
  if (contact && !names_others && a.polarity == Polarity::kPositive &&
      std::find(credited.begin(), credited.end(), *contact) == credited.end()) {
    credited.push_back(*contact);
  }
  return credited;
}

bool IsComplimentFor(const TextAnalyzer& analyzer, const EmployeeDirectory& organisation,
                     std::string_view employee_id, const CommentToCredit& comment) {
  const auto credited = ComplimentedEmployees(analyzer, organisation, comment);
  return std::find(credited.begin(), credited.end(), employee_id) != credited.end();
}

}  // namespace beleving::text

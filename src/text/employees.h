// Employee mentions: who is named in a comment, and is it a compliment?
//
// An EmployeeDirectory is built once from (id, display name) pairs, e.g.
// {"e17", "Sanne de Vries"}, and matches the full name or the first name,
// case- and accent-insensitively, on whole words only ("Sanne" does not match
// inside "Sannes" or "Susanne"). When one first name belongs to several
// employees and the comment does not give the full name, each of them is
// reported with `ambiguous` set.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "text/flat_map.h"

namespace beleving::text {

struct Employee {
  std::string id;
  std::string name;  // display name
};

struct EmployeeMention {
  std::string employee_id;
  std::string name;     // display name
  size_t sentence = 0;  // index of the first sentence naming them
  bool full_name = false;
  bool ambiguous = false;
  // The sentence naming them is positive, or contains a thank/compliment cue
  // ("bedankt", "compliment", "dank aan", "thanks").
  bool compliment = false;
};

class EmployeeDirectory {
 public:
  EmployeeDirectory() = default;
  explicit EmployeeDirectory(std::vector<Employee> employees);

  // Parses a JSON list of {"id": ..., "name": ...}; errors name the field
  // ("/3/name").
  static Result<EmployeeDirectory> FromJson(std::string_view json);

  const std::vector<Employee>& employees() const { return employees_; }

  struct Candidate {
    uint32_t employee;              // index into employees()
    std::vector<std::string> rest;  // normalised name words after the first
  };
  // Employees whose normalised first name is `word`.
  const std::vector<Candidate>* FindFirstName(std::string_view word) const;

 private:
  std::vector<Employee> employees_;
  FlatStringMap first_names_;  // -> index into candidates_
  std::vector<std::vector<Candidate>> candidates_;
};

}  // namespace beleving::text

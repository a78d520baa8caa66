#include "text/employees.h"

#include <boost/json.hpp>

#include "text/json_pointer.h"
#include "text/normalize.h"

namespace beleving::text {

EmployeeDirectory::EmployeeDirectory(std::vector<Employee> employees)
    : employees_(std::move(employees)) {
  for (size_t i = 0; i < employees_.size(); ++i) {
    const std::string norm = Normalise(employees_[i].name);
    std::vector<Token> tokens;
    Tokenise(norm, &tokens);
    std::vector<std::string> words;
    for (const Token& t : tokens) {
      if (t.kind == TokenKind::kWord) words.emplace_back(t.text);
    }
    if (words.empty()) continue;
    bool inserted = false;
    const int32_t slot =
        first_names_.Insert(words[0], static_cast<int32_t>(candidates_.size()), &inserted);
    if (inserted) candidates_.emplace_back();
    candidates_[static_cast<size_t>(slot)].push_back(
        {static_cast<uint32_t>(i), std::vector<std::string>(words.begin() + 1, words.end())});
  }
}

const std::vector<EmployeeDirectory::Candidate>* EmployeeDirectory::FindFirstName(
    std::string_view word) const {
  const int32_t* i = first_names_.Find(word);
  return i == nullptr ? nullptr : &candidates_[static_cast<size_t>(*i)];
}

Result<EmployeeDirectory> EmployeeDirectory::FromJson(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(text, ec);
  if (ec) return InvalidArgument("employees file is not valid JSON: " + ec.message(), "");
  if (!doc.is_array()) return InvalidArgument("employees must be a JSON list", "");
  std::vector<Employee> out;
  const auto& arr = doc.get_array();
  for (size_t i = 0; i < arr.size(); ++i) {
    const std::string f = Pointer("", i);
    if (!arr[i].is_object()) return InvalidArgument("employee must be an object", f);
    const auto& obj = arr[i].get_object();
    const auto* id = obj.if_contains("id");
    const auto* name = obj.if_contains("name");
    Employee e;
    if (id != nullptr && id->is_string()) {
      e.id = std::string(id->get_string());
    } else if (id != nullptr && id->is_int64()) {
      e.id = std::to_string(id->get_int64());
    } else {
      return InvalidArgument("id must be a string or integer", Pointer(f, "id"));
    }
    if (name == nullptr || !name->is_string() || name->get_string().empty()) {
      return InvalidArgument("name must be a non-empty string", Pointer(f, "name"));
    }
    e.name = std::string(name->get_string());
    out.push_back(std::move(e));
  }
  return EmployeeDirectory(std::move(out));
}

}  // namespace beleving::text

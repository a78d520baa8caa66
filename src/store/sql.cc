#include "store/sql.h"

#include <cmath>

namespace beleving::store {

int64_t SqlValue::as_int(int64_t dflt) const {
  if (auto* i = std::get_if<int64_t>(&v_)) return *i;
  if (auto* d = std::get_if<double>(&v_)) return static_cast<int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&v_)) {
    try {
      return std::stoll(*s);
    } catch (...) {
      return dflt;
    }
  }
  return dflt;
}

double SqlValue::as_double(double dflt) const {
  if (auto* d = std::get_if<double>(&v_)) return *d;
  if (auto* i = std::get_if<int64_t>(&v_)) return static_cast<double>(*i);
  return dflt;
}

const std::string& SqlValue::as_text() const {
  static const std::string kEmpty;
  if (auto* s = std::get_if<std::string>(&v_)) return *s;
  return kEmpty;
}

Result<SqlRow> SqlConn::QueryOne(std::string_view sql, const SqlParams& params) {
  ASSIGN_OR_RETURN(auto rows, Query(sql, params));
  if (rows.empty()) return NotFound("no row");
  return std::move(rows.front());
}

Result<std::optional<int64_t>> SqlConn::QueryInt(std::string_view sql, const SqlParams& params) {
  ASSIGN_OR_RETURN(auto rows, Query(sql, params));
  if (rows.empty() || rows.front().empty() || rows.front()[0].is_null()) {
    return std::optional<int64_t>();
  }
  return std::optional<int64_t>(rows.front()[0].as_int());
}

}  // namespace beleving::store

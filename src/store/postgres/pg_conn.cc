#include "store/postgres/pg_conn.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace beleving::store {
namespace {

// Type OIDs of the built-in types we map (catalog/pg_type_d.h, stable).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

// Owns one PGresult.
struct ResultPtr {
  PGresult* r;
  explicit ResultPtr(PGresult* res) : r(res) {}
  ~ResultPtr() { PQclear(r); }
  ResultPtr(const ResultPtr&) = delete;
  ResultPtr& operator=(const ResultPtr&) = delete;
};

void IgnoreNotice(void*, const char*) {}

std::string Trimmed(const char* s) {
  std::string m = s ? s : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

// The Status for a failed result (or a failed connection when res is null).
Status ErrorOf(PGconn* conn, const PGresult* res, std::string_view what) {
  std::string msg =
      std::string(what) + ": " + Trimmed(res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string_view code = state ? state : "";
  if (code.substr(0, 2) == "23") return AlreadyExists(msg);
  if (code == "40001" || code == "40P01" || code == "55P03" || code.substr(0, 2) == "08" ||
      PQstatus(conn) == CONNECTION_BAD) {
    return Unavailable(msg);
  }
  return Internal(msg);
}

SqlValue Cell(const PGresult* res, int row, int col, Oid type) {
  if (PQgetisnull(res, row, col)) return SqlValue();
  const char* v = PQgetvalue(res, row, col);
  size_t len = static_cast<size_t>(PQgetlength(res, row, col));
  switch (type) {
    case kInt8Oid:
    case kInt4Oid:
    case kInt2Oid:
    case kOidOid: {
      int64_t i = 0;
      std::from_chars(v, v + len, i);
      return SqlValue(i);
    }
    case kBoolOid:
      return SqlValue(static_cast<int64_t>(v[0] == 't' ? 1 : 0));
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid:
      return SqlValue(std::strtod(v, nullptr));
    default:
      return SqlValue(std::string(v, len));
  }
}

std::string ParamText(const SqlValue& v) {
  if (v.is_int()) return std::to_string(v.as_int());
  if (v.is_double()) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v.as_double());
    return buf;
  }
  return v.as_text();
}

}  // namespace

Result<std::unique_ptr<PgConn>> PgConn::Open(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (!conn) return Internal("cannot allocate a PostgreSQL connection");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = Trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return Unavailable("cannot connect to PostgreSQL: " + msg);
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  return std::unique_ptr<PgConn>(new PgConn(conn));
}

PgConn::~PgConn() { PQfinish(conn_); }

bool PgConn::InFailedTransaction() const { return PQtransactionStatus(conn_) == PQTRANS_INERROR; }

bool PgConn::InTransaction() const {
  PGTransactionStatusType s = PQtransactionStatus(conn_);
  return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

bool PgConn::Connected() const { return PQstatus(conn_) == CONNECTION_OK; }

Status PgConn::EnsureConnected() {
  if (PQstatus(conn_) == CONNECTION_OK) return Status::Ok();
  statements_.clear();  // the server forgot them with the session
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) {
    return Unavailable("cannot reconnect to PostgreSQL: " + Trimmed(PQerrorMessage(conn_)));
  }
  PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
  return Status::Ok();
}

Result<const PgConn::Prepared*> PgConn::Prepare(std::string_view sql) {
  std::string key(sql);
  auto it = statements_.find(key);
  if (it != statements_.end()) return &it->second;
  Prepared p;
  p.name = "s" + std::to_string(++next_statement_);
  // The statement takes as many parameters as its highest $n; the stores
  // may pass more (SQLite ignores unused ones), so only those are sent.
  for (size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] != '$') continue;
    int n = 0;
    for (size_t j = i + 1; j < sql.size() && sql[j] >= '0' && sql[j] <= '9' && n < 100000; ++j) {
      n = n * 10 + (sql[j] - '0');
    }
    if (n > p.params) p.params = n;
  }
  ResultPtr res(PQprepare(conn_, p.name.c_str(), key.c_str(), 0, nullptr));
  if (!res.r || PQresultStatus(res.r) != PGRES_COMMAND_OK) {
    return ErrorOf(conn_, res.r, "prepare '" + key.substr(0, 120) + "'");
  }
  return &statements_.emplace(std::move(key), std::move(p)).first->second;
}

Result<int64_t> PgConn::Run(std::string_view sql, const SqlParams& params,
                            std::vector<SqlRow>* rows) {
  ASSIGN_OR_RETURN(const Prepared* prepared, Prepare(sql));
  const int wanted = prepared->params;
  if (static_cast<size_t>(wanted) > params.size()) {
    return InvalidArgument("statement uses $" + std::to_string(wanted) + " but " +
                           std::to_string(params.size()) + " parameters were given");
  }
  std::vector<std::string> texts(static_cast<size_t>(wanted));
  std::vector<const char*> values(static_cast<size_t>(wanted), nullptr);
  for (size_t i = 0; i < static_cast<size_t>(wanted); ++i) {
    if (params[i].is_null()) continue;
    texts[i] = ParamText(params[i]);
    values[i] = texts[i].c_str();
  }
  ResultPtr res(
      PQexecPrepared(conn_, prepared->name.c_str(), wanted, values.data(), nullptr, nullptr, 0));
  ExecStatusType st = res.r ? PQresultStatus(res.r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    return ErrorOf(conn_, res.r, "query '" + std::string(sql.substr(0, 120)) + "'");
  }
  if (rows && st == PGRES_TUPLES_OK) {
    int n = PQntuples(res.r);
    int cols = PQnfields(res.r);
    std::vector<Oid> types(static_cast<size_t>(cols));
    for (int c = 0; c < cols; ++c) types[static_cast<size_t>(c)] = PQftype(res.r, c);
    rows->reserve(static_cast<size_t>(n));
    for (int r = 0; r < n; ++r) {
      SqlRow row;
      row.reserve(static_cast<size_t>(cols));
      for (int c = 0; c < cols; ++c)
        row.push_back(Cell(res.r, r, c, types[static_cast<size_t>(c)]));
      rows->push_back(std::move(row));
    }
  }
  const char* changed = PQcmdTuples(res.r);
  return static_cast<int64_t>(changed && *changed ? std::strtoll(changed, nullptr, 10) : 0);
}

Result<std::vector<SqlRow>> PgConn::Query(std::string_view sql, const SqlParams& params) {
  std::vector<SqlRow> rows;
  ASSIGN_OR_RETURN(int64_t n, Run(sql, params, &rows));
  (void)n;
  return rows;
}

Result<int64_t> PgConn::Exec(std::string_view sql, const SqlParams& params) {
  return Run(sql, params, nullptr);
}

Status PgConn::ExecScript(std::string_view sql) {
  std::string s(sql);
  ResultPtr res(PQexec(conn_, s.c_str()));
  ExecStatusType st = res.r ? PQresultStatus(res.r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
    return ErrorOf(conn_, res.r, "script failed");
  }
  return Status::Ok();
}

}  // namespace beleving::store

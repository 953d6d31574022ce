#include "service/store/mariadb_statement.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>

namespace p15 {
namespace {

constexpr enum_field_types kIntegers[] = {MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT,    MYSQL_TYPE_INT24,
                                          MYSQL_TYPE_LONG, MYSQL_TYPE_LONGLONG, MYSQL_TYPE_YEAR};
constexpr enum_field_types kNumbers[] = {MYSQL_TYPE_FLOAT, MYSQL_TYPE_DOUBLE, MYSQL_TYPE_DECIMAL,
                                         MYSQL_TYPE_NEWDECIMAL};

MYSQL_BIND zeroed_bind() {
  MYSQL_BIND b;
  std::memset(&b, 0, sizeof b);
  return b;
}

}  // namespace

Statement::Statement(Session& session, const Query& query, std::string what)
    : session_(session), query_(query), what_(std::move(what)) {
  MYSQL* conn = session_.handle();
  if (conn == nullptr) {  // an earlier statement of this session failed
    error_ = fail(0, "the connection was dropped");
    return;
  }
  stmt_.reset(mysql_stmt_init(conn));
  if (!stmt_) {
    error_ = fail(mysql_errno(conn), mysql_error(conn));
    return;
  }
  if (mysql_stmt_prepare(stmt_.get(), query_.sql, std::strlen(query_.sql)) != 0) {
    error_ = fail_stmt();
    return;
  }
  const std::size_t n = mysql_stmt_param_count(stmt_.get());
  params_.resize(n);
  param_binds_.assign(n, zeroed_bind());
}

Statement::~Statement() = default;

Error Statement::fail(unsigned errnum, const std::string& detail) {
  return session_.fail(query_, what_, errnum, detail);
}

Error Statement::fail_stmt() {
  return fail(mysql_stmt_errno(stmt_.get()), mysql_stmt_error(stmt_.get()));
}

// The next parameter and its bind; nullptr once past the statement's count (execute() then
// reports the mismatch).
Statement::Param* Statement::next_param(MYSQL_BIND*& bind) {
  const std::size_t i = bound_++;
  if (i >= params_.size()) return nullptr;
  bind = &param_binds_[i];
  return &params_[i];
}

Statement& Statement::integer(long long v) {
  MYSQL_BIND* b = nullptr;
  if (Param* p = next_param(b)) {
    p->integer = v;
    b->buffer_type = MYSQL_TYPE_LONGLONG;
    b->buffer = &p->integer;
  }
  return *this;
}

Statement& Statement::number(double v) {
  MYSQL_BIND* b = nullptr;
  if (Param* p = next_param(b)) {
    p->number = v;
    b->buffer_type = MYSQL_TYPE_DOUBLE;
    b->buffer = &p->number;
  }
  return *this;
}

Statement& Statement::text(std::string v) {
  MYSQL_BIND* b = nullptr;
  if (Param* p = next_param(b)) {
    p->text = std::move(v);
    p->length = p->text.size();
    b->buffer_type = MYSQL_TYPE_STRING;
    b->buffer = p->text.data();
    b->length = &p->length;
  }
  return *this;
}

Statement& Statement::null() {
  MYSQL_BIND* b = nullptr;
  if (next_param(b)) b->buffer_type = MYSQL_TYPE_NULL;
  return *this;
}

Status Statement::execute() {
  if (error_) return *error_;
  if (bound_ != params_.size()) {
    error_ = fail(0, std::to_string(bound_) + " parameters bound, the statement takes " +
                         std::to_string(params_.size()));
    return *error_;
  }
  if (!params_.empty() && mysql_stmt_bind_param(stmt_.get(), param_binds_.data()) != 0) {
    error_ = fail_stmt();
    return *error_;
  }
  if (mysql_stmt_execute(stmt_.get()) != 0) {
    error_ = fail_stmt();
    return *error_;
  }
  return bind_result();
}

std::int64_t Statement::insert_id() const {
  return static_cast<std::int64_t>(mysql_stmt_insert_id(stmt_.get()));
}

std::int64_t Statement::affected_rows() const {
  return static_cast<std::int64_t>(mysql_stmt_affected_rows(stmt_.get()));
}

// Whole numbers and decimals are read in binary (a DOUBLE keeps every bit, where its text would
// be rounded); everything else as text, fetched at its full length row by row.
Status Statement::bind_result() {
  metadata_.reset(mysql_stmt_result_metadata(stmt_.get()));
  if (!metadata_) {
    if (mysql_stmt_errno(stmt_.get()) != 0) error_ = fail_stmt();
    return error_ ? Status{*error_} : ok_status();
  }
  const unsigned n = mysql_num_fields(metadata_.get());
  const MYSQL_FIELD* fields = mysql_fetch_fields(metadata_.get());
  columns_.assign(n, Column{});
  column_binds_.assign(n, zeroed_bind());
  for (unsigned i = 0; i < n; ++i) {
    Column& c = columns_[i];
    MYSQL_BIND& b = column_binds_[i];
    const enum_field_types type = fields[i].type;
    if (std::find(std::begin(kIntegers), std::end(kIntegers), type) != std::end(kIntegers)) {
      c.kind = Kind::Integer;
      b.buffer_type = MYSQL_TYPE_LONGLONG;
      b.buffer = &c.integer;
    } else if (std::find(std::begin(kNumbers), std::end(kNumbers), type) != std::end(kNumbers)) {
      c.kind = Kind::Number;
      b.buffer_type = MYSQL_TYPE_DOUBLE;
      b.buffer = &c.number;
    } else {
      c.kind = Kind::Text;
      b.buffer_type = MYSQL_TYPE_STRING;  // no buffer: read_texts fetches each value whole
    }
    b.length = &c.length;
    b.is_null = &c.is_null;
    b.error = &c.error;
  }
  if (mysql_stmt_bind_result(stmt_.get(), column_binds_.data()) != 0 ||
      mysql_stmt_store_result(stmt_.get()) != 0) {
    error_ = fail_stmt();
    return *error_;
  }
  return ok_status();
}

Result<bool> Statement::fetch() {
  if (error_) return *error_;
  if (!metadata_) return false;
  const int rc = mysql_stmt_fetch(stmt_.get());
  if (rc == MYSQL_NO_DATA) return false;
  if (rc != 0 && rc != MYSQL_DATA_TRUNCATED) {
    error_ = fail_stmt();
    return *error_;
  }
  if (auto st = read_texts(); !st) return st.error();
  return true;
}

Status Statement::read_texts() {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    Column& c = columns_[i];
    if (c.kind != Kind::Text) continue;
    c.text.assign(c.is_null ? 0 : c.length, '\0');
    if (c.text.empty()) continue;
    MYSQL_BIND b = zeroed_bind();
    b.buffer_type = MYSQL_TYPE_STRING;
    b.buffer = c.text.data();
    b.buffer_length = c.length;
    if (mysql_stmt_fetch_column(stmt_.get(), &b, static_cast<unsigned>(i), 0) != 0) {
      error_ = fail_stmt();
      return *error_;
    }
  }
  return ok_status();
}

bool Statement::is_null(std::size_t column) const {
  return column >= columns_.size() || columns_[column].is_null;
}

std::optional<long long> Statement::integer_at(std::size_t column) const {
  if (column >= columns_.size()) return std::nullopt;
  const Column& c = columns_[column];
  if (c.is_null || c.error) return std::nullopt;
  if (c.kind == Kind::Integer) return c.integer;
  // A whole number in long long's range (2^63 is exactly representable, so the bound is exact).
  if (c.kind == Kind::Number && std::trunc(c.number) == c.number &&
      std::fabs(c.number) < 9223372036854775808.0) {
    return static_cast<long long>(c.number);
  }
  return std::nullopt;
}

std::optional<double> Statement::number_at(std::size_t column) const {
  if (column >= columns_.size()) return std::nullopt;
  const Column& c = columns_[column];
  if (c.is_null || c.error) return std::nullopt;
  if (c.kind == Kind::Number) return c.number;
  if (c.kind == Kind::Integer) return static_cast<double>(c.integer);
  return std::nullopt;
}

std::optional<std::string> Statement::text_at(std::size_t column) const {
  if (column >= columns_.size()) return std::nullopt;
  const Column& c = columns_[column];
  if (c.is_null) return std::nullopt;
  if (c.kind == Kind::Text) return c.text;
  if (c.kind == Kind::Integer && !c.error) return std::to_string(c.integer);
  return std::nullopt;
}

}  // namespace p15

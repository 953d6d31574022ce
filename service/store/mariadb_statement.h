#pragma once
// A prepared statement with its parameters and its result columns: the statement handle, the
// MYSQL_BIND arrays, the buffers they point into and the result metadata live and die together
// here, so no part of the store frees any of them.
#include <mysql.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "service/store/mariadb_connection.h"

namespace p15 {

// Usage: construct (prepares), bind the parameters in order, execute(), then fetch() rows and
// read their columns. A failure at any step drops the session's connection and comes back from
// execute() or fetch() as an Unavailable error naming the database, `what` and the query.
class Statement {
 public:
  Statement(Session& session, const Query& query, std::string what);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters, in the order of the statement's '?'. The values are copied.
  Statement& integer(long long v);
  Statement& number(double v);
  Statement& text(std::string v);
  Statement& null();

  // Runs the statement with the parameters bound so far (all of them, or it is an error).
  Status execute();
  std::int64_t insert_id() const;
  std::int64_t affected_rows() const;  // of the last execute (rows an UPDATE/DELETE changed)

  // The next result row: true with a row, false after the last.
  Result<bool> fetch();
  // The current row's columns; nullopt for NULL or a value of the wrong kind (an integer column
  // reads as text too; a number column as an integer when it is whole).
  bool is_null(std::size_t column) const;
  std::optional<long long> integer_at(std::size_t column) const;
  std::optional<double> number_at(std::size_t column) const;
  std::optional<std::string> text_at(std::size_t column) const;

 private:
  struct Param {
    long long integer = 0;
    double number = 0;
    std::string text;
    unsigned long length = 0;
  };
  enum class Kind { Integer, Number, Text };
  struct Column {
    Kind kind = Kind::Text;
    long long integer = 0;
    double number = 0;
    std::string text;
    unsigned long length = 0;
    my_bool is_null = 0;
    my_bool error = 0;
  };
  struct StmtCloser {
    void operator()(MYSQL_STMT* s) const { mysql_stmt_close(s); }
  };
  struct ResultFreer {
    void operator()(MYSQL_RES* r) const { mysql_free_result(r); }
  };

  Param* next_param(MYSQL_BIND*& bind);
  Status bind_result();
  Status read_texts();
  Error fail(unsigned errnum, const std::string& detail);
  Error fail_stmt();

  Session& session_;
  const Query& query_;
  const std::string what_;
  std::optional<Error> error_;  // the first failure; later steps return it
  std::unique_ptr<MYSQL_STMT, StmtCloser> stmt_;
  std::unique_ptr<MYSQL_RES, ResultFreer> metadata_;
  std::vector<Param> params_;
  std::vector<MYSQL_BIND> param_binds_;
  std::size_t bound_ = 0;  // parameters bound so far (may exceed the statement's count)
  std::vector<Column> columns_;
  std::vector<MYSQL_BIND> column_binds_;
};

}  // namespace p15

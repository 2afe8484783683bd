#pragma once
/// @file Runs a compiled template: a tree-walking interpreter with JavaScript semantics.

#include <corio/view/detail/ast.hpp>
#include <corio/view/detail/value.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace corio::view::detail {

/// A runtime error at a template offset (converted to TemplateError by the engine).
struct RuntimeError : std::runtime_error {
  /// An error at byte offset `where`.
  RuntimeError(std::size_t where, const std::string& what) : std::runtime_error(what), pos(where) {}
  std::size_t pos;  ///< offset in the template text
};

/// An include() that could not start (missing file, depth limit); located at the call.
struct IncludeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A lexical scope: variables by name (names point into the AST).
struct Scope {
  /// One variable.
  struct Var {
    const std::string* name;  ///< its name (owned by the AST)
    Value value;              ///< its value
    bool is_const;            ///< declared with const
  };
  std::shared_ptr<Scope> parent;  ///< enclosing scope
  std::vector<Var> vars;          ///< variables in declaration order
  bool function_scope = false;    ///< `var` declarations land here
  /// The variable named `name` in this scope only, or nullptr.
  Var* find(std::string_view name);
};

/// Everything a render shares across the templates it includes.
struct RenderContext {
  std::size_t max_output = 64u << 20;             ///< output size limit, bytes
  std::uint64_t max_iterations = 10'000'000;      ///< loop iterations, whole render
  int max_call_depth = 200;                       ///< nested function calls
  std::uint64_t iterations = 0;                   ///< loop iterations so far
  int call_depth = 0;                             ///< current function nesting
  /// Renders include(path, locals) from the template `from`; returns its output.
  std::function<std::string(std::string_view path, const Value& locals)> include;
};

/// Interprets one Program with one set of locals, appending to `out`.
class Interpreter {
 public:
  /// An interpreter for `prog` with `locals` (a json or object value) writing to `out`.
  Interpreter(const Program& prog, const Value& locals, std::string& out, RenderContext& ctx)
      : prog_(prog), locals_(locals), out_(out), ctx_(ctx) {}
  /// Breaks the reference cycles closures make (a scope holding a closure that holds the
  /// scope): no value outlives the render.
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;
  /// Runs the template.
  void run();
  /// Records a scope captured by a closure (see ~Interpreter).
  void note_captured(const std::shared_ptr<Scope>& scope) {
    if (captured_.empty() || captured_.back().lock() != scope) captured_.push_back(scope);
  }

  /// Calls a function value (closure or built-in) with `args`.
  Value call(const Value& fn, std::span<const Value> args, std::size_t pos);
  /// Calls a closure, reusing `*cache` as its scope when nothing captured it (forEach/map).
  Value call_closure(const Value& fn, std::span<const Value> args, std::shared_ptr<Scope>* cache,
                     std::size_t pos);
  /// Counts one loop iteration against the limit.
  void count_iteration(std::size_t pos);
  /// Throws if a string of `size` bytes would pass the limit.
  void check_size(std::size_t size, std::size_t pos) const;
  /// The caller's locals (for include).
  const Value& locals() const { return locals_; }
  /// The render context.
  RenderContext& context() { return ctx_; }

 private:
  enum class Flow { normal, brk, cont, ret };
  using ScopePtr = std::shared_ptr<Scope>;

  Flow exec(const Node* n, const ScopePtr& scope);
  Flow exec_block(const Node* n, const ScopePtr& scope);
  Flow exec_list(const std::vector<Node*>& stmts, const ScopePtr& scope);
  void exec_output(const Node* n, const ScopePtr& scope);
  void exec_var(const Node* n, const ScopePtr& scope);
  Flow exec_for_of(const Node* n, const ScopePtr& scope);
  Flow exec_for(const Node* n, const ScopePtr& scope);
  Flow exec_while(const Node* n, const ScopePtr& scope);
  void declare(const ScopePtr& scope, const Node* id, Value v, char kind);

  Value eval(const Node* n, const ScopePtr& scope);
  Value lookup(const Node* id, const ScopePtr& scope, bool for_typeof);
  Value eval_member(const Node* n, const ScopePtr& scope);
  Value eval_call(const Node* n, const ScopePtr& scope);
  Value eval_binary(const Node* n, const ScopePtr& scope);
  Value binary_op(std::uint8_t op, const Value& a, const Value& b, std::size_t pos);
  Value eval_logical(const Node* n, const ScopePtr& scope);
  Value eval_unary(const Node* n, const ScopePtr& scope);
  Value eval_assign(const Node* n, const ScopePtr& scope);
  Value eval_update(const Node* n, const ScopePtr& scope);
  Value eval_template(const Node* n, const ScopePtr& scope);
  Value eval_array(const Node* n, const ScopePtr& scope);
  Value eval_object(const Node* n, const ScopePtr& scope);
  void store(const Node* target, const ScopePtr& scope, Value v);
  Value* find_var(const Node* id, const ScopePtr& scope, bool* is_const);
  void append_output(std::size_t pos);

  const Program& prog_;
  Value locals_;
  std::string& out_;
  RenderContext& ctx_;
  ScopePtr top_;
  Value ret_;  // value of the last `return`
  std::vector<std::weak_ptr<Scope>> captured_;  // scopes closures hold
};

/// Reads property `key` of `obj` as JavaScript does (throws on null/undefined).
Value get_property(const Value& obj, std::string_view key, std::size_t pos);
/// Reads `obj[key]`.
Value get_index(const Value& obj, const Value& key, std::size_t pos);
/// `a + b` with JavaScript's string/number rules.
Value add_values(const Value& a, const Value& b);

}  // namespace corio::view::detail

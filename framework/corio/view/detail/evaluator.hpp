#pragma once
/// @file Runs a compiled template: a tree-walking interpreter with JavaScript semantics.

#include <corio/view/detail/ast.hpp>
#include <corio/view/detail/output.hpp>
#include <corio/view/detail/value.hpp>

#include <array>
#include <atomic>
#include <cstdint>
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
  /// The variable `id` (an identifier) names in this scope only, or nullptr.
  Var* find(const Node* id);
};

/// The locals a template sees: its own layer over its includer's. EJS hands an include a merged
/// copy of both; a chain gives the same lookups without the copy (see Interpreter::merged_locals).
struct Locals {
  Value own;                       ///< a json or object value (anything else adds no names)
  const Locals* parent = nullptr;  ///< the includer's locals, or nullptr at the top
  bool writable = false;           ///< own is an object the templates can reach and change
  /// Instead of `own`: a plain object literal (see NodeKind::object_lit) whose i-th value is
  /// `values[i]`, as include('x', {a: 1}) passes it without building the object.
  const Node* literal = nullptr;
  const Value* values = nullptr;  ///< the literal's values, in order
};

/// Renders include() calls; the engine implements it for each render.
class Includer {
 public:
  /// Appends the output of template `path` (from the template being run) with `locals` to `out`;
  /// throws IncludeError when it cannot start.
  virtual void include(std::string_view path, const Locals& locals, Output& out) = 0;

 protected:
  ~Includer() = default;
};

/// Everything a render shares across the templates it includes.
struct RenderContext {
  std::size_t max_output = 64u << 20;             ///< output size limit, bytes
  std::uint64_t max_iterations = 10'000'000;      ///< loop iterations, whole render
  int max_call_depth = 200;                       ///< nested function calls
  std::size_t max_stack = 0;                      ///< bytes for stack_limit (engine option)
  std::vector<std::shared_ptr<Scope>> spare_scopes;  ///< emptied top scopes, for the next run
  std::uint64_t iterations = 0;                   ///< loop iterations so far
  int call_depth = 0;                             ///< current function nesting
  /// The interpreter recurses while its frames stay above this address (the stack grows down):
  /// the render's first frame less the engine's max_stack_bytes; null for no limit.
  const char* stack_limit = nullptr;
  Includer* includer = nullptr;                   ///< renders include(), or nullptr
};

/// Interprets one Program with one set of locals, appending to `out`.
class Interpreter {
 public:
  /// An interpreter for `prog` with `locals` (outliving it) appending to `out`.
  Interpreter(const Program& prog, const Locals& locals, Output& out, RenderContext& ctx)
      : prog_(prog), chain_(&locals), out_(out), ctx_(ctx) {}
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
  void count_iteration(std::size_t pos) {
    if (++ctx_.iterations > ctx_.max_iterations) iterations_exceeded(pos);
  }
  /// Throws if a string of `size` bytes would pass the limit.
  void check_size(std::size_t size, std::size_t pos) const {
    if (size > ctx_.max_output) size_exceeded(pos);
  }
  /// Throws if the output has passed the limit.
  void check_output(std::size_t pos) const {
    if (out_.over()) [[unlikely]] size_exceeded(pos);
  }
  /// Throws "Maximum call stack size exceeded" at `pos` once the caller's frame passes the
  /// render's stack limit (inlined: the frame measured is the recursive caller's).
  [[gnu::always_inline]] void check_stack(std::size_t pos) const {
    if (static_cast<const char*>(__builtin_frame_address(0)) < ctx_.stack_limit) [[unlikely]] {
      stack_exceeded(pos);
    }
  }
  /// include(path, locals): appends the included template's output to `out`.
  void include(std::span<const Value> args, Output& out, std::size_t pos);
  /// The render context.
  RenderContext& context() { return ctx_; }

 private:
  enum class Flow { normal, brk, cont, ret };
  [[noreturn]] void iterations_exceeded(std::size_t pos) const;
  [[noreturn]] void size_exceeded(std::size_t pos) const;
  [[noreturn]] static void stack_exceeded(std::size_t pos);
  using ScopePtr = std::shared_ptr<Scope>;
  Flow exec_statement(const Node* n, const ScopePtr& scope);
  // One statement of a list: text and output inline, the rest through exec().
  inline Flow exec_one(const Node* s, const ScopePtr& scope);

  Flow exec(const Node* n, const ScopePtr& scope);
  Flow exec_block(const Node* n, const ScopePtr& scope);
  Flow exec_list(const std::vector<Node*>& stmts, const ScopePtr& scope) {
    return exec_range(stmts.data(), stmts.data() + stmts.size(), scope);
  }
  Flow exec_range(Node* const* first, Node* const* last, const ScopePtr& scope);
  void exec_output(const Node* n, const ScopePtr& scope);
  // `name.key` where name holds a JSON object: true, with `member` the key's value or nullptr.
  bool json_member(const Node* e, const ScopePtr& scope, const json*& member);
  // The same for a node known to be `identifier.key` (not `?.`; `via` set by the parser).
  bool json_member_of(const Node* e, const ScopePtr& scope, const json*& member);
  bool print_json_member(const Node* n, const Node* e, const ScopePtr& scope);
  void print_json_value(const Node* n, const json* v);  // a member that is not a string
  void print_choice(const Node* n, const ScopePtr& scope);  // shape out_choice
  void print_literal(const Node* n, const Node* literal);   // a string literal, for output n
  bool test_member(const Node* n, const ScopePtr& scope);  // test() trying a flagged `===` first
  bool print_json_integer(const json& v);  // false unless v is an integer JavaScript holds
  bool strict_compare_json_member(const Node* n, const ScopePtr& scope, bool& result);
  bool test(const Node* n, const ScopePtr& scope);  // truthy(eval(n)), without a Value when it can
  void print(const Node* n, const Value& v);
  bool include_output(const Node* call, const ScopePtr& scope);
  void include_literal(const Node* call, const ScopePtr& scope);
  void include_layer(const Value& name, const Locals& layer, Output& out, std::size_t pos);
  void exec_var(const Node* n, const ScopePtr& scope);
  Flow exec_for_of(const Node* n, const ScopePtr& scope);
  Flow for_of_json(const Node* n, const ScopePtr& scope, const json& items);
  // Runs the item_body of for-of `n` for `item` without binding it; returns how many of its
  // statements ran (all of them unless one needs the general path, which goes on from there).
  std::size_t run_item_body(const Node* n, const ScopePtr& scope, const json& item);
  void print_json_text(const Node* n, const json* v);  // out_member's member value
  Flow for_of_step(const Node* n, const ScopePtr& scope, ScopePtr& inner, Value item);
  // The item variable of for-of `n`'s next step, in `inner`: the last step's scope unless a
  // closure kept it, else a fresh one under `scope`.
  Value& loop_item(const Node* n, const ScopePtr& scope, ScopePtr& inner);
  // A loop body: a block runs its statements, anything else is one statement.
  Flow exec_body(const Node* body, const ScopePtr& scope) {
    return body->kind == NodeKind::block ? exec_block(body, scope) : exec(body, scope);
  }
  Flow exec_for(const Node* n, const ScopePtr& scope);
  Flow exec_while(const Node* n, const ScopePtr& scope);
  void declare(const ScopePtr& scope, const Node* id, Value v, char kind);

  Value eval(const Node* n, const ScopePtr& scope);
  Value lookup(const Node* id, const ScopePtr& scope, bool for_typeof);
  bool resolve_free(const Node* id, Value& found);
  void remember_free(const Node* id, const Value& v);
  const Value* peek_free(const Node* id);  // a free name found in the locals, now remembered
  // Where the value of `id` lives, if known without a lookup in the locals.
  const Value* peek(const Node* id, const ScopePtr& scope);
  Value eval_member(const Node* n, const ScopePtr& scope);
  Value member_of(const Value& obj, const Node* n, const ScopePtr& scope);
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
  bool find_local(const Node* id, Value& found) const;
  const Value& merged_locals();
  void append_output(std::size_t pos);

  const Program& prog_;
  const Locals* chain_;  // the locals, innermost layer first
  Locals merged_;        // the chain merged into one object, once a template needs that
  Output& out_;
  RenderContext& ctx_;
  ScopePtr top_;
  Value ret_;  // value of the last `return`
  std::vector<std::weak_ptr<Scope>> captured_;  // scopes closures hold
  // What the first free names resolved to: locals cannot change while no layer is writable,
  // and no scope can bind a free name, so one lookup per name and run suffices.
  static constexpr std::uint32_t kFreeSlots = 16;
  bool cache_free_ = false;
  std::uint32_t free_known_ = 0;  // bit i: free_values_[i].value is alive
  // Built only when known: an include resolves few names, and runs often.
  union FreeSlot {
    FreeSlot() {}
    ~FreeSlot() {}
    Value value;
  };
  std::array<FreeSlot, kFreeSlots> free_values_;
  void forget_free();  // destroys the known free values
};

/// Reads property `key` of `obj` as JavaScript does (throws on null/undefined).
Value get_property(const Value& obj, std::string_view key, std::size_t pos);
/// Reads property `site->str` of `obj` for member node `site`, trying first the position where
/// the site found it last (objects of one shape hold a key at one position).
Value get_member(const Value& obj, const Node* site);
/// find_hinted() past a miss of the hint: a search from the start.
template <class Props>
[[gnu::noinline]] std::size_t find_unhinted(const Props& props, std::string_view key,
                                            std::uint32_t& hint) {
  const auto first = props.begin();
  for (std::size_t i = 0; i < props.size(); ++i) {
    if (same_name(first[i].first, key)) {
      std::atomic_ref<std::uint32_t>(hint).store(static_cast<std::uint32_t>(i),
                                                 std::memory_order_relaxed);
      return i;
    }
  }
  return props.size();
}
/// The index of the pair named `key` in `props` (or props.size()), trying `*hint` first and
/// updating it; `hint` belongs to a node of a tree that renders on several threads share.
template <class Props>
[[gnu::always_inline]] inline std::size_t find_hinted(const Props& props, std::string_view key,
                                                      std::uint32_t& hint) {
  const std::size_t h = std::atomic_ref<std::uint32_t>(hint).load(std::memory_order_relaxed);
  if (h < props.size() && same_name(props.begin()[h].first, key)) return h;
  return find_unhinted(props, key, hint);
}
/// Reads `obj[key]`.
Value get_index(const Value& obj, const Value& key, std::size_t pos);
/// `a + b` with JavaScript's string/number rules.
Value add_values(const Value& a, const Value& b);

inline const Value* Interpreter::peek(const Node* id, const ScopePtr& scope) {
  if (!id->flag) {
    // Most names a template reads in a loop are the innermost scope's first variable (the
    // loop's item): found without the call.
    const std::vector<Scope::Var>& vars = scope->vars;
    if (!vars.empty() && (vars.front().name == id->name || same_name(*vars.front().name, id->str))) {
      return &vars.front().value;
    }
    return find_var(id, scope, nullptr);
  }
  if (id->slot < kFreeSlots && (free_known_ & (1u << id->slot)) != 0) return &free_values_[id->slot].value;
  return peek_free(id);
}

inline bool Interpreter::json_member(const Node* e, const ScopePtr& scope, const json*& member) {
  if (e->kind != NodeKind::member || e->flag || e->kids[0]->kind != NodeKind::identifier) {
    return false;
  }
  return json_member_of(e, scope, member);
}

inline bool Interpreter::json_member_of(const Node* e, const ScopePtr& scope, const json*& member) {
  const Value* obj = peek(e->via, scope);
  if (obj == nullptr || obj->kind() != Value::Kind::json) return false;
  const auto* props = obj->j().get_ptr<const json::object_t*>();
  if (props == nullptr) return false;
  const std::size_t i = find_hinted(*props, e->str, e->hint);
  member = i < props->size() ? &props->begin()[i].second : nullptr;
  return true;
}

inline bool Interpreter::print_json_member(const Node* n, const Node* e, const ScopePtr& scope) {
  // `<%= name.key %>` where name holds a JSON object: print the member from where it lives.
  const json* v = nullptr;
  if (!json_member_of(e, scope, v)) return false;
  print_json_text(n, v);
  return true;
}

inline void Interpreter::print_json_text(const Node* n, const json* v) {
  const std::string* s = v != nullptr ? v->get_ptr<const std::string*>() : nullptr;
  if (s == nullptr) {
    print_json_value(n, v);
    return;
  }
  if (n->flag) {
    append_escaped(out_, *s);
  } else {
    out_.append(*s);
  }
  check_output(n->pos);
}

inline bool Interpreter::test_member(const Node* n, const ScopePtr& scope) {
  // `name.key === x` (flagged by the parser) where the member is a string: compared in place,
  // the member read first as JavaScript does (reading x cannot change JSON locals).
  const json* a = nullptr;
  if (n->kind == NodeKind::binary && n->flag && json_member_of(n->via, scope, a) &&
      a != nullptr) {
    if (const std::string* text = a->get_ptr<const std::string*>()) {
      const Node* rhs = n->kids[1];
      if (rhs->kind == NodeKind::string) return same_name(*text, rhs->str) == (n->op == op_seq);
      if (rhs->kind == NodeKind::identifier) {
        if (const Value* b = peek(rhs, scope)) {
          return (b->is_string() && same_name(*text, b->str())) == (n->op == op_seq);
        }
      }
    }
  }
  return test(n, scope);
}

inline void Interpreter::print_choice(const Node* n, const ScopePtr& scope) {
  // `cond ? 'a' : 'b'` (a class name, a marker): print the chosen literal as it is.
  const Node* e = n->kids[0];
  print_literal(n, test_member(e->kids[0], scope) ? e->kids[1] : e->kids[2]);
}

inline void Interpreter::print_literal(const Node* n, const Node* literal) {
  if (literal->op == kPlainString) {
    out_.append_padded(literal->str);  // nothing to escape, and kept padded (see kPaddedText)
  } else if (n->flag) {
    append_escaped(out_, literal->str);
  } else {
    out_.append(literal->str);
  }
  check_output(n->pos);
}

}  // namespace corio::view::detail

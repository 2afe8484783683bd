// Statements, scopes, calls and limits of the interpreter.
#include <corio/view/detail/evaluator.hpp>

#include <corio/view/detail/builtins.hpp>

namespace corio::view::detail {

// Text nodes are appended with Output::append_padded, which reads kSlack bytes of them.
static_assert(kPaddedText >= Output::kSlack);

Scope::Var* Scope::find(const Node* id) {
  for (Var& v : vars) {
    if (v.name == id->name || same_name(*v.name, id->str)) return &v;
  }
  return nullptr;
}

Scope::Var* Scope::find(std::string_view name) {
  for (Var& v : vars) {
    if (same_name(*v.name, name)) return &v;
  }
  return nullptr;
}

Interpreter::~Interpreter() {
  forget_free();
  for (const auto& weak : captured_) {
    for (auto scope = weak.lock(); scope; scope = scope->parent) scope->vars.clear();
  }
  if (top_ && top_.use_count() == 1 && ctx_.spare_scopes.size() < 8) {
    top_->vars.clear();  // keeps its capacity: the next include declares without allocating
    ctx_.spare_scopes.push_back(std::move(top_));
  }
}

void Interpreter::run() {
  cache_free_ = true;
  for (const Locals* layer = chain_; layer != nullptr; layer = layer->parent) {
    if (layer->writable) cache_free_ = false;
  }
  if (ctx_.spare_scopes.empty()) {
    top_ = std::make_shared<Scope>();
    top_->function_scope = true;
  } else {
    top_ = std::move(ctx_.spare_scopes.back());
    ctx_.spare_scopes.pop_back();
  }
  out_.set_limit(ctx_.max_output);
  exec_list(prog_.root->kids, top_);
}

void Interpreter::iterations_exceeded(std::size_t pos) const {
  throw RuntimeError(pos, "Loop iteration limit of " + std::to_string(ctx_.max_iterations) +
                              " exceeded");
}

void Interpreter::size_exceeded(std::size_t pos) const {
  throw RuntimeError(pos, "Output limit of " + std::to_string(ctx_.max_output) +
                              " bytes exceeded");
}

inline Interpreter::Flow Interpreter::exec_one(const Node* s, const ScopePtr& scope) {
  // Text and output make most of a template: run them without the dispatch of exec().
  if (s->kind == NodeKind::text) {
    out_.append_padded(s->str);
    check_output(s->pos);
    return Flow::normal;
  }
  if (s->kind != NodeKind::output) return exec(s, scope);
  // The common shapes inline, the rest (and a member of anything but JSON) through the call.
  if (s->op == out_choice) {
    print_choice(s, scope);
  } else if (s->op != out_member) {
    exec_output(s, scope);
  } else if (!print_json_member(s, s->via, scope)) {
    print(s, eval_member(s->kids[0], scope));
  }
  return Flow::normal;
}

Interpreter::Flow Interpreter::exec_range(Node* const* first, Node* const* last,
                                          const ScopePtr& scope) {
  Node* const* at = first;
  try {
    for (; at != last; ++at) {
      if (Flow f = exec_one(*at, scope); f != Flow::normal) return f;
    }
  } catch (const NestingError& e) {
    throw RuntimeError((*at)->pos, e.what());  // printing a value nested too deeply
  }
  return Flow::normal;
}

Interpreter::Flow Interpreter::exec_block(const Node* n, const ScopePtr& scope) {
  if (!n->flag) return exec_list(n->kids, scope);
  auto inner = std::make_shared<Scope>();
  inner->parent = scope;
  return exec_list(n->kids, inner);
}

void Interpreter::stack_exceeded(std::size_t pos) {
  throw RuntimeError(pos, "Maximum call stack size exceeded");
}

Interpreter::Flow Interpreter::exec(const Node* n, const ScopePtr& scope) {
  check_stack(n->pos);
  try {
    return exec_statement(n, scope);
  } catch (const NestingError& e) {
    throw RuntimeError(n->pos, e.what());  // printing a value nested too deeply: this statement
  }
}

Interpreter::Flow Interpreter::exec_statement(const Node* n, const ScopePtr& scope) {
  switch (n->kind) {
    case NodeKind::text:
      out_.append_padded(n->str);
      check_output(n->pos);
      return Flow::normal;
    case NodeKind::output: exec_output(n, scope); return Flow::normal;
    case NodeKind::expr_stmt: eval(n->kids[0], scope); return Flow::normal;
    case NodeKind::var_decl: exec_var(n, scope); return Flow::normal;
    case NodeKind::block: return exec_block(n, scope);
    case NodeKind::if_stmt:
      if (test_member(n->kids[0], scope)) return exec(n->kids[1], scope);
      return n->kids[2] != nullptr ? exec(n->kids[2], scope) : Flow::normal;
    case NodeKind::for_of: return exec_for_of(n, scope);
    case NodeKind::for_loop: return exec_for(n, scope);
    case NodeKind::while_loop: return exec_while(n, scope);
    case NodeKind::break_stmt: return Flow::brk;
    case NodeKind::continue_stmt: return Flow::cont;
    case NodeKind::return_stmt:
      ret_ = n->kids[0] != nullptr ? eval(n->kids[0], scope) : Value();
      return Flow::ret;
    default: return Flow::normal;
  }
}

void Interpreter::exec_output(const Node* n, const ScopePtr& scope) {
  const Node* e = n->kids[0];
  switch (n->op) {  // the shapes printed without a Value (see OutputShape)
    case out_member:
      if (!print_json_member(n, e, scope)) print(n, eval_member(e, scope));
      return;
    case out_choice: print_choice(n, scope); return;
    default: break;
  }
  if (e == nullptr) return;
  // `<%- include(...) %>` renders straight into the output.
  if (!n->flag && e->kind == NodeKind::call && include_output(e, scope)) {
    check_output(n->pos);
    return;
  }
  if (e->kind == NodeKind::conditional) {
    // One branch a literal: it needs no Value when chosen.
    const Node* chosen = test(e->kids[0], scope) ? e->kids[1] : e->kids[2];
    if (chosen->kind == NodeKind::string) {
      print_literal(n, chosen);
    } else {
      print(n, eval(chosen, scope));
    }
    return;
  }
  print(n, eval(e, scope));
}

void Interpreter::print_json_value(const Node* n, const json* v) {
  if (v == nullptr || v->is_null()) return;  // undefined and null print nothing
  if (print_json_integer(*v)) {
    check_output(n->pos);
  } else {
    print(n, Value::from_json(*v));
  }
}

bool Interpreter::print_json_integer(const json& v) {
  // An integer JavaScript holds exactly prints its digits (no escaping: nothing to escape).
  constexpr std::int64_t kExact = std::int64_t{1} << 53;
  std::int64_t i = 0;
  if (v.is_number_unsigned()) {  // (is_number_integer() holds for unsigned numbers too)
    if (v.get<std::uint64_t>() > std::uint64_t{kExact}) return false;
    i = static_cast<std::int64_t>(v.get<std::uint64_t>());
  } else if (v.is_number_integer()) {
    i = v.get<std::int64_t>();
  } else {
    return false;
  }
  if (i < -kExact || i > kExact) return false;
  char digits[21];
  char* first = integer_digits(static_cast<std::uint64_t>(i < 0 ? -i : i), digits + sizeof digits);
  if (i < 0) *--first = '-';
  out_.append(std::string_view(first, static_cast<std::size_t>(digits + sizeof digits - first)));
  return true;
}

void Interpreter::print(const Node* n, const Value& v) {
  if (v.is_nullish()) return;
  if (n->flag) {
    if (v.is_string()) {
      append_escaped(out_, v.str());
    } else if (v.kind() <= Value::Kind::number) {
      out_.append(to_string(v));  // the text of a number or boolean has nothing to escape
    } else {
      append_escaped(out_, to_string(v));
    }
  } else if (v.is_string()) {
    out_.append(v.str());
  } else {
    out_.append(to_string(v));
  }
  check_output(n->pos);
}

void Interpreter::declare(const ScopePtr& scope, const Node* id, Value v, char kind) {
  Scope* target = scope.get();
  if (kind == 'v') {
    while (!target->function_scope && target->parent) target = target->parent.get();
  }
  if (Scope::Var* existing = target->find(id)) {
    if (kind != 'v' || existing->is_const) {
      throw RuntimeError(id->pos, "Identifier '" + id->str + "' has already been declared");
    }
    existing->value = std::move(v);
    return;
  }
  target->vars.push_back({id->name, std::move(v), kind == 'c'});
}

void Interpreter::exec_var(const Node* n, const ScopePtr& scope) {
  for (std::size_t i = 0; i < n->kids.size(); i += 2) {
    const Node* init = n->kids[i + 1];
    if (init == nullptr && n->op == 'c') {
      throw RuntimeError(n->kids[i]->pos, "Missing initializer in const declaration");
    }
    if (init == nullptr && n->op == 'v' && scope->find(n->kids[i])) continue;
    declare(scope, n->kids[i], init != nullptr ? eval(init, scope) : Value(),
            static_cast<char>(n->op));
  }
}

Interpreter::Flow Interpreter::exec_for_of(const Node* n, const ScopePtr& scope) {
  Value list = eval(n->kids[1], scope);
  ScopePtr inner;
  if (!n->flag && list.kind() == Value::Kind::json && list.j().is_array()) {
    // JSON locals cannot change under the loop: walk the array where it lives.
    if (n->op != 0) return for_of_json(n, scope, list.j());
    for (const json& e : list.j()) {
      Flow f = for_of_step(n, scope, inner, Value::from_json(e));
      if (f == Flow::brk) break;
      if (f == Flow::ret) return f;
    }
    return Flow::normal;
  }
  std::vector<Value> items;
  if (n->flag) {  // for-in: the keys (indices of arrays, as strings)
    if (list.kind() == Value::Kind::json && list.j().is_object()) {
      for (auto& [k, v] : list.j().items()) items.push_back(Value::borrowed(k));
    } else if (list.kind() == Value::Kind::object) {
      for (auto& [k, v] : object_of(list).props) items.push_back(Value::string(k));
    } else if (list.is_array() || list.is_string()) {
      double len = to_number(get_property(list, "length", n->pos));
      for (double i = 0; i < len; ++i) items.push_back(Value::string(to_string(Value::number(i))));
    }
  } else if (list.kind() == Value::Kind::array) {
    items = list.arr();
  } else if (list.is_string()) {
    for (char c : list.str()) items.push_back(Value::string(std::string(1, c)));
  } else {
    throw RuntimeError(n->kids[1]->pos, to_string(list) + " is not iterable");
  }
  for (Value& item : items) {
    Flow f = for_of_step(n, scope, inner, std::move(item));
    if (f == Flow::brk) break;
    if (f == Flow::ret) return f;
  }
  return Flow::normal;
}

Interpreter::Flow Interpreter::for_of_json(const Node* n, const ScopePtr& scope, const json& items) {
  // for_of_step for each item of a JSON array, without a Value per item. The array itself:
  // json's iterator switches on the type at every step.
  const Node* body = n->kids[2];
  const bool direct = body->kind == NodeKind::block && !body->flag;  // no scope of its own
  ScopePtr inner;
  if (n->item_body) {
    const std::vector<Node*>& stmts = body->kids;
    for (const json& e : items.get_ref<const json::array_t&>()) {
      count_iteration(n->pos);
      const std::size_t done = run_item_body(n, scope, e);
      if (done != stmts.size()) {  // the rest as any loop body runs (none breaks or returns)
        loop_item(n, scope, inner).set_borrowed(e);
        exec_range(stmts.data() + done, stmts.data() + stmts.size(), inner);
      }
    }
    return Flow::normal;
  }
  for (const json& e : items.get_ref<const json::array_t&>()) {
    count_iteration(n->pos);
    loop_item(n, scope, inner).set_borrowed(e);
    const Flow f = direct ? exec_list(body->kids, inner) : exec_body(body, inner);
    if (f == Flow::brk) break;
    if (f == Flow::ret) return f;
  }
  return Flow::normal;
}

std::size_t Interpreter::run_item_body(const Node* n, const ScopePtr& scope, const json& item) {
  // What exec_list does for these statements with the item bound, reading the item's members
  // where they live. Other names read from `scope`: the body binds none (Parser::mark_item_bodies).
  const std::vector<Node*>& stmts = n->kids[2]->kids;
  const auto* props = item.get_ptr<const json::object_t*>();
  if (props == nullptr) return 0;
  const std::string* item_name = n->kids[0]->name;
  // (Locals: a byte written to the output could alias anything the compiler would reload.)
  Node* const* const first = stmts.data();
  Node* const* const last = first + stmts.size();
  for (Node* const* at = first; at != last; ++at) {
    const Node* s = *at;
    const auto k = static_cast<std::size_t>(at - first);
    if (s->kind == NodeKind::text) {
      out_.append_padded(s->str);
      check_output(s->pos);
      continue;
    }
    const bool choice = s->op == out_choice;
    const Node* member = choice ? s->kids[0]->kids[0]->via : s->via;
    if (member->via->name != item_name) {  // another name's member: as exec_list does
      if (choice) {
        print_choice(s, scope);
      } else if (!print_json_member(s, member, scope)) {
        print(s, eval_member(member, scope));
      }
      continue;
    }
    const std::size_t i = find_hinted(*props, member->str, member->hint);
    const json* value = i < props->size() ? &props->begin()[i].second : nullptr;
    if (!choice) {
      print_json_text(s, value);
      continue;
    }
    // `item.key === x ? 'a' : 'b'` with a string member (else the general path, from here).
    const std::string* text = value != nullptr ? value->get_ptr<const std::string*>() : nullptr;
    if (text == nullptr) return k;
    const Node* test = s->kids[0]->kids[0];
    const Node* rhs = test->kids[1];
    bool same;
    if (rhs->kind == NodeKind::string) {
      same = same_name(*text, rhs->str);
    } else {
      const Value* b = peek(rhs, scope);
      if (b == nullptr) return k;
      same = b->is_string() && same_name(*text, b->str());
    }
    print_literal(s, same == (test->op == op_seq) ? s->kids[0]->kids[1] : s->kids[0]->kids[2]);
  }
  return stmts.size();
}

Value& Interpreter::loop_item(const Node* n, const ScopePtr& scope, ScopePtr& inner) {
  if (!inner || inner.use_count() != 1) {  // a closure kept the last one: a fresh scope
    inner = std::make_shared<Scope>();
    inner->parent = scope;
  }
  // The same scope as the last step: only the item changes (nothing else declares here: a body
  // that declares has its own block scope, `var` goes to the function's).
  if (inner->vars.size() != 1) {
    inner->vars.clear();
    inner->vars.push_back({n->kids[0]->name, Value(), n->op == 'c'});
  }
  return inner->vars.front().value;
}

Interpreter::Flow Interpreter::for_of_step(const Node* n, const ScopePtr& scope, ScopePtr& inner,
                                           Value item) {
  count_iteration(n->pos);
  if (n->op == 0) {
    store(n->kids[0], scope, std::move(item));
    return exec(n->kids[2], scope);
  }
  loop_item(n, scope, inner) = std::move(item);
  return exec_body(n->kids[2], inner);
}

Interpreter::Flow Interpreter::exec_for(const Node* n, const ScopePtr& scope) {
  auto loop = std::make_shared<Scope>();
  loop->parent = scope;
  if (n->kids[0] != nullptr) exec(n->kids[0], loop);
  while (n->kids[1] == nullptr || test(n->kids[1], loop)) {
    count_iteration(n->pos);
    Flow f = exec(n->kids[3], loop);
    if (f == Flow::brk) break;
    if (f == Flow::ret) return f;
    if (n->kids[2] != nullptr) eval(n->kids[2], loop);
  }
  return Flow::normal;
}

Interpreter::Flow Interpreter::exec_while(const Node* n, const ScopePtr& scope) {
  bool first = n->flag;
  while (first || test(n->kids[0], scope)) {
    first = false;
    count_iteration(n->pos);
    Flow f = exec(n->kids[1], scope);
    if (f == Flow::brk) break;
    if (f == Flow::ret) return f;
  }
  return Flow::normal;
}

Value Interpreter::call(const Value& fn, std::span<const Value> args, std::size_t pos) {
  if (fn.kind() == Value::Kind::builtin) return call_builtin(*this, fn.builtin_id(), args, pos);
  if (fn.kind() != Value::Kind::function) {
    throw RuntimeError(pos, to_string(fn) + " is not a function");
  }
  return call_closure(fn, args, nullptr, pos);
}

Value Interpreter::call_closure(const Value& fn, std::span<const Value> args,
                                std::shared_ptr<Scope>* cache, std::size_t pos) {
  if (fn.kind() != Value::Kind::function) return call(fn, args, pos);
  check_stack(pos);
  const FunctionData& data = function_of(fn);
  const Node* f = data.fn;
  ScopePtr scope;
  if (cache != nullptr && *cache && cache->use_count() == 1 && (*cache)->parent == data.env) {
    scope = std::move(*cache);
    scope->vars.clear();
  } else {
    scope = std::make_shared<Scope>();
    scope->parent = data.env;
    scope->function_scope = true;
  }
  auto params = static_cast<std::size_t>(f->num);
  for (std::size_t i = 0; i < params; ++i) {
    scope->vars.push_back({f->kids[i]->name, i < args.size() ? args[i] : Value(), false});
  }
  if (++ctx_.call_depth > ctx_.max_call_depth) {
    --ctx_.call_depth;
    throw RuntimeError(pos, "Maximum call stack size exceeded");
  }
  struct Depth {
    int& d;
    ~Depth() { --d; }
  } depth{ctx_.call_depth};
  const Node* body = f->kids[params];
  Value result;
  if (f->flag) {
    result = eval(body, scope);
  } else if (exec_list(body->kids, scope) == Flow::ret) {
    result = std::move(ret_);
    ret_ = Value();
  }
  if (cache != nullptr) *cache = std::move(scope);
  return result;
}

}  // namespace corio::view::detail

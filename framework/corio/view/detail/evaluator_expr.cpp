// Expressions of the interpreter.
#include <corio/view/detail/evaluator.hpp>

#include <corio/view/detail/builtins.hpp>

#include <array>
#include <bit>
#include <cmath>
#include <new>

namespace corio::view::detail {

Value Interpreter::eval(const Node* n, const ScopePtr& scope) {
  check_stack(n->pos);
  switch (n->kind) {
    case NodeKind::number: return Value::number(n->num);
    case NodeKind::string: return Value::borrowed(n->str);
    case NodeKind::literal:
      return n->op == 't' ? Value::boolean(true)
             : n->op == 'f' ? Value::boolean(false)
             : n->op == 'n' ? Value::null() : Value();
    case NodeKind::identifier: return lookup(n, scope, false);
    case NodeKind::member:
    case NodeKind::index: return eval_member(n, scope);
    case NodeKind::call: return eval_call(n, scope);
    case NodeKind::binary: return eval_binary(n, scope);
    case NodeKind::logical: return eval_logical(n, scope);
    case NodeKind::unary: return eval_unary(n, scope);
    case NodeKind::conditional:
      return eval(test(n->kids[0], scope) ? n->kids[1] : n->kids[2], scope);
    case NodeKind::assign: return eval_assign(n, scope);
    case NodeKind::update: return eval_update(n, scope);
    case NodeKind::template_lit: return eval_template(n, scope);
    case NodeKind::array_lit: return eval_array(n, scope);
    case NodeKind::object_lit: return eval_object(n, scope);
    case NodeKind::function:
      note_captured(scope);
      return Value::closure(n, scope);
    default: throw RuntimeError(n->pos, "Unsupported expression");
  }
}

Value* Interpreter::find_var(const Node* id, const ScopePtr& scope, bool* is_const) {
  for (Scope* s = scope.get(); s != nullptr; s = s->parent.get()) {
    if (Scope::Var* v = s->find(id)) {
      if (is_const != nullptr) *is_const = v->is_const;
      return &v->value;
    }
  }
  return nullptr;
}

Value Interpreter::lookup(const Node* id, const ScopePtr& scope, bool for_typeof) {
  if (!id->flag) {
    if (Value* v = find_var(id, scope, nullptr)) return *v;
  } else if (id->slot < kFreeSlots && (free_known_ & (1u << id->slot)) != 0) {
    return free_values_[id->slot].value;
  }
  if (Value found; resolve_free(id, found)) {
    if (id->flag) remember_free(id, found);
    return found;
  }
  if (for_typeof) return {};
  throw RuntimeError(id->pos, id->str + " is not defined");
}

bool Interpreter::resolve_free(const Node* id, Value& found) {
  // EJS wraps the template in `with (locals)`: locals come next, then the globals.
  if (find_local(id, found)) return true;
  if (id->str == "locals") found = merged_locals();
  else if (id->str == "undefined") found = Value();
  else if (id->str == "NaN") found = Value::number(NAN);
  else if (id->str == "Infinity") found = Value::number(INFINITY);
  else if (Builtin b = global_builtin(id->str); b != Builtin::none) found = Value::builtin(b);
  else return false;
  return true;
}

void Interpreter::remember_free(const Node* id, const Value& v) {
  if (!cache_free_ || id->slot >= kFreeSlots) return;
  if ((free_known_ & (1u << id->slot)) != 0) return;
  new (&free_values_[id->slot].value) Value(v);
  free_known_ |= 1u << id->slot;
}

const Value* Interpreter::peek_free(const Node* id) {
  // Only the locals: finding a name there has no effect (unlike `locals`, which may merge them).
  if (!cache_free_ || id->slot >= kFreeSlots) return nullptr;
  Value found;
  if (!find_local(id, found)) return nullptr;
  remember_free(id, found);
  return &free_values_[id->slot].value;
}

void Interpreter::forget_free() {
  for (std::uint32_t known = free_known_; known != 0; known &= known - 1) {
    free_values_[std::countr_zero(known)].value.~Value();
  }
  free_known_ = 0;
}

Value Interpreter::eval_member(const Node* n, const ScopePtr& scope) {
  const Node* base = n->kids[0];
  if (base->kind == NodeKind::identifier) {
    // `name.key` runs no code between the two reads: read the key straight from where the
    // name's value lives, without a copy (not `name[expr]`: expr may move that place).
    if (const Value* obj = n->kind == NodeKind::member ? peek(base, scope) : nullptr) {
      return member_of(*obj, n, scope);
    }
    return member_of(lookup(base, scope, false), n, scope);
  }
  return member_of(eval(base, scope), n, scope);
}

Value Interpreter::member_of(const Value& obj, const Node* n, const ScopePtr& scope) {
  if (n->flag && obj.is_nullish()) return {};
  if (n->kind == NodeKind::member) {
    if (obj.kind() == Value::Kind::builtin) return builtin_property(obj.builtin_id(), n->str);
    return get_member(obj, n);
  }
  return get_index(obj, eval(n->kids[1], scope), n->pos);
}

namespace {

/// Argument storage: inline for the common short calls.
struct Args {
  std::array<Value, 4> small;
  std::vector<Value> big;
  std::size_t n = 0;
  void push(Value v) {
    if (n < small.size() && big.empty()) {
      small[n++] = std::move(v);
      return;
    }
    if (big.empty()) big.assign(small.begin(), small.begin() + static_cast<std::ptrdiff_t>(n));
    big.push_back(std::move(v));
    ++n;
  }
  std::span<const Value> span() const {
    return big.empty() ? std::span<const Value>(small.data(), n) : std::span<const Value>(big);
  }
};

}  // namespace

Value Interpreter::eval_call(const Node* n, const ScopePtr& scope) {
  const Node* callee = n->kids[0];
  Args args;
  auto eval_args = [&] {
    for (std::size_t i = 1; i < n->kids.size(); ++i) args.push(eval(n->kids[i], scope));
  };
  if (callee->kind == NodeKind::member) {
    Value self = eval(callee->kids[0], scope);
    if (callee->flag && self.is_nullish()) return {};
    eval_args();
    if (self.kind() == Value::Kind::builtin) {
      if (auto r = call_static(*this, self.builtin_id(), callee->str, args.span(), n->pos)) return *r;
    } else if (self.kind() == Value::Kind::object) {
      if (Value* f = object_of(self).find(callee->str)) return call(*f, args.span(), n->pos);
    } else if (self.is_nullish()) {
      get_property(self, callee->str, callee->pos);  // throws JS's TypeError
    } else if (auto r = call_method(*this, self, callee->str, args.span(), n->pos)) {
      return *r;
    }
    std::string name = callee->kids[0]->kind == NodeKind::identifier ? callee->kids[0]->str : "";
    throw RuntimeError(n->pos, (name.empty() ? "" : name + ".") + callee->str + " is not a function");
  }
  Value fn = eval(callee, scope);
  if (n->flag && fn.is_nullish()) return {};
  eval_args();
  if (fn.kind() != Value::Kind::function && fn.kind() != Value::Kind::builtin) {
    std::string name = callee->kind == NodeKind::identifier ? callee->str : "expression";
    throw RuntimeError(n->pos, name + " is not a function");
  }
  return call(fn, args.span(), n->pos);
}

namespace {

double to_int32(double d) {
  if (!std::isfinite(d)) return 0;
  double m = std::fmod(std::trunc(d), 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return static_cast<double>(static_cast<std::int32_t>(static_cast<std::uint32_t>(m)));
}

bool less_than(const Value& a, const Value& b, bool* undefined_result) {
  if (a.is_string() && b.is_string()) return a.str() < b.str();
  Value pa = (a.is_array() || a.is_object()) ? to_string_value(a) : a;
  Value pb = (b.is_array() || b.is_object()) ? to_string_value(b) : b;
  if (pa.is_string() && pb.is_string()) return pa.str() < pb.str();
  double x = to_number(pa), y = to_number(pb);
  if (std::isnan(x) || std::isnan(y)) *undefined_result = true;
  return x < y;
}

}  // namespace

Value add_values(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) return Value::number(a.num() + b.num());
  bool a_prim = a.kind() <= Value::Kind::string;
  bool b_prim = b.kind() <= Value::Kind::string;
  if ((a_prim && !a.is_string()) && (b_prim && !b.is_string())) {
    return Value::number(to_number(a) + to_number(b));
  }
  std::string s;
  append_string(s, a);
  append_string(s, b);
  return Value::string(std::move(s));
}

namespace {

/// `a === b` for a JSON member `a` (nullptr: undefined).
[[gnu::always_inline]] inline bool json_equals(const json* a, const Value& b) {
  if (a == nullptr) return b.is_undefined();
  if (const std::string* text = a->get_ptr<const std::string*>()) {
    return b.is_string() && same_name(*text, b.str());
  }
  return strict_equals(Value::from_json(*a), b);
}

}  // namespace

bool Interpreter::strict_compare_json_member(const Node* n, const ScopePtr& scope, bool& result) {
  // `name.key === x` where name holds a JSON object: compare the member where it lives. The
  // member is read first, as JavaScript does; evaluating x cannot change JSON locals.
  const json* a = nullptr;
  if (!json_member(n->kids[0], scope, a)) return false;
  // A name (`m.user === me`) is compared where it lives, without a copy; reading it runs no code.
  const Node* rhs = n->kids[1];
  if (rhs->kind == NodeKind::string) {  // `m.type === 'room'`: only an equal string matches
    const std::string* text = a != nullptr ? a->get_ptr<const std::string*>() : nullptr;
    result = (text != nullptr && same_name(*text, rhs->str)) == (n->op == op_seq);
    return true;
  }
  if (rhs->kind == NodeKind::identifier) {
    if (const Value* known = peek(rhs, scope)) {
      result = json_equals(a, *known) == (n->op == op_seq);
      return true;
    }
  }
  result = json_equals(a, eval(rhs, scope)) == (n->op == op_seq);
  return true;
}

bool Interpreter::test(const Node* n, const ScopePtr& scope) {
  // A condition needs no Value for a name (read where it lives) or a JSON member comparison.
  if (n->kind == NodeKind::identifier) {
    if (const Value* v = peek(n, scope)) return truthy(*v);
  } else if (n->kind == NodeKind::binary && (n->op == op_seq || n->op == op_sne)) {
    if (bool r = false; strict_compare_json_member(n, scope, r)) return r;
  } else if (n->kind == NodeKind::unary && n->op == '!') {
    return !test(n->kids[0], scope);
  }
  return truthy(eval(n, scope));
}

Value Interpreter::eval_binary(const Node* n, const ScopePtr& scope) {
  if (bool r = false; (n->op == op_seq || n->op == op_sne) && strict_compare_json_member(n, scope, r)) {
    return Value::boolean(r);
  }
  Value a = eval(n->kids[0], scope);
  Value b = eval(n->kids[1], scope);
  return binary_op(n->op, a, b, n->pos);
}

Value Interpreter::binary_op(std::uint8_t op, const Value& a, const Value& b, std::size_t pos) {
  bool undef = false;
  switch (op) {
    case op_add: {
      Value r = add_values(a, b);
      if (r.is_string()) check_size(r.str().size(), pos);
      return r;
    }
    case op_sub: return Value::number(to_number(a) - to_number(b));
    case op_mul: return Value::number(to_number(a) * to_number(b));
    case op_div: return Value::number(to_number(a) / to_number(b));
    case op_mod: return Value::number(std::fmod(to_number(a), to_number(b)));
    case op_pow: return Value::number(std::pow(to_number(a), to_number(b)));
    case op_eq: return Value::boolean(loose_equals(a, b));
    case op_ne: return Value::boolean(!loose_equals(a, b));
    case op_seq: return Value::boolean(strict_equals(a, b));
    case op_sne: return Value::boolean(!strict_equals(a, b));
    case op_lt: { bool r = less_than(a, b, &undef); return Value::boolean(r && !undef); }
    case op_gt: { bool r = less_than(b, a, &undef); return Value::boolean(r && !undef); }
    case op_le: { bool r = less_than(b, a, &undef); return Value::boolean(!r && !undef); }
    case op_ge: { bool r = less_than(a, b, &undef); return Value::boolean(!r && !undef); }
    case op_band:
      return Value::number(static_cast<double>(static_cast<std::int32_t>(to_int32(to_number(a))) &
                                               static_cast<std::int32_t>(to_int32(to_number(b)))));
    case op_bor:
      return Value::number(static_cast<double>(static_cast<std::int32_t>(to_int32(to_number(a))) |
                                               static_cast<std::int32_t>(to_int32(to_number(b)))));
    case op_bxor:
      return Value::number(static_cast<double>(static_cast<std::int32_t>(to_int32(to_number(a))) ^
                                               static_cast<std::int32_t>(to_int32(to_number(b)))));
    case op_in: {
      if (!b.is_array() && !b.is_object()) {
        throw RuntimeError(pos, "Cannot use 'in' operator to search for '" + to_string(a) + "'");
      }
      return Value::boolean(!get_index(b, a, pos).is_undefined());
    }
    default: throw RuntimeError(pos, "Unsupported operator");
  }
}

Value Interpreter::eval_logical(const Node* n, const ScopePtr& scope) {
  Value a = eval(n->kids[0], scope);
  switch (n->op) {
    case '&': return truthy(a) ? eval(n->kids[1], scope) : a;
    case '|': return truthy(a) ? a : eval(n->kids[1], scope);
    default: return a.is_nullish() ? eval(n->kids[1], scope) : a;
  }
}

Value Interpreter::eval_unary(const Node* n, const ScopePtr& scope) {
  const Node* k = n->kids[0];
  if (n->op == 't') {
    Value v = k->kind == NodeKind::identifier ? lookup(k, scope, true) : eval(k, scope);
    return Value::borrowed(type_of(v));
  }
  Value v = eval(k, scope);
  switch (n->op) {
    case '!': return Value::boolean(!truthy(v));
    case '-': return Value::number(-to_number(v));
    case '+': return Value::number(to_number(v));
    case '~': return Value::number(static_cast<double>(~static_cast<std::int32_t>(to_int32(to_number(v)))));
    case 'v': return {};
    default: throw RuntimeError(n->pos, "Unexpected token '...'");
  }
}

}  // namespace corio::view::detail

// Property access, assignment and literals of the interpreter.
#include <corio/view/detail/evaluator.hpp>

#include <corio/view/detail/builtins.hpp>

#include <cmath>

namespace corio::view::detail {
namespace {

/// The array index a key names, or -1.
double index_of_key(const Value& key) {
  double d = -1;
  if (key.is_number()) {
    d = key.num();
  } else if (key.is_string() && !key.str().empty() && key.str().size() < 16) {
    d = to_number(key);
    if (to_string(Value::number(d)) != key.str()) return -1;
  }
  return d >= 0 && d == std::floor(d) ? d : -1;
}

/// `obj[key]` for arrays and strings (undefined unless key is an index in range).
Value element(const Value& obj, const Value& key);

}  // namespace

Value get_property(const Value& obj, std::string_view key, std::size_t pos) {
  switch (obj.kind()) {
    case Value::Kind::undefined:
    case Value::Kind::null:
      throw RuntimeError(pos, "Cannot read properties of " + to_string(obj) + " (reading '" +
                                  std::string(key) + "')");
    case Value::Kind::string: {
      if (key == "length") return Value::number(static_cast<double>(utf16_length(obj.str())));
      return element(obj, Value::borrowed(key));
    }
    case Value::Kind::json: {
      const json& j = obj.j();
      if (j.is_object()) {
        for (const auto& [k, v] : j.get_ref<const json::object_t&>()) {
          if (same_name(k, key)) return Value::from_json(v);
        }
        return {};
      }
      if (key == "length") return Value::number(static_cast<double>(j.size()));
      return element(obj, Value::borrowed(key));
    }
    case Value::Kind::array:
      if (key == "length") return Value::number(static_cast<double>(obj.arr().size()));
      return element(obj, Value::borrowed(key));
    case Value::Kind::object:
      if (Value* v = object_of(obj).find(key)) return *v;
      return {};
    default: return {};
  }
}

Value get_member(const Value& obj, const Node* site) {
  if (obj.kind() == Value::Kind::json && obj.j().is_object()) {
    const auto& props = obj.j().get_ref<const json::object_t&>();
    std::size_t i = find_hinted(props, site->str, site->hint);
    return i < props.size() ? Value::from_json(props.begin()[i].second) : Value();
  }
  if (obj.kind() == Value::Kind::object) {
    const auto& props = object_of(obj).props;
    std::size_t i = find_hinted(props, site->str, site->hint);
    return i < props.size() ? props.begin()[i].second : Value();
  }
  return get_property(obj, site->str, site->pos);
}

Value get_index(const Value& obj, const Value& key, std::size_t pos) {
  if (index_of_key(key) >= 0 && (obj.is_array() || obj.is_string())) return element(obj, key);
  if (key.is_string() && !obj.is_string()) return get_property(obj, key.str(), pos);
  if (obj.is_nullish() || obj.kind() == Value::Kind::object || obj.kind() == Value::Kind::json) {
    return get_property(obj, to_string(key), pos);
  }
  std::string k = to_string(key);
  return k == "length" ? get_property(obj, k, pos) : Value();
}

namespace {

Value element(const Value& obj, const Value& key) {
  double i = index_of_key(key);
  if (i >= 0) {
    if (obj.kind() == Value::Kind::array) {
      return i < static_cast<double>(obj.arr().size()) ? obj.arr()[static_cast<std::size_t>(i)]
                                                       : Value();
    }
    if (obj.kind() == Value::Kind::json && obj.j().is_array()) {
      return i < static_cast<double>(obj.j().size())
                 ? Value::from_json(obj.j()[static_cast<std::size_t>(i)])
                 : Value();
    }
    // A string has no more UTF-16 units than bytes: bound the index before converting it.
    if (obj.is_string() && i < static_cast<double>(obj.str().size())) {
      std::string scratch;
      auto u = static_cast<std::size_t>(i);
      std::string_view c = utf16_slice(obj.str(), u, u + 1, scratch);
      return c.empty() ? Value() : Value::string(std::string(c));
    }
  }
  return {};
}

}  // namespace

void Interpreter::store(const Node* target, const ScopePtr& scope, Value v) {
  if (target->kind == NodeKind::identifier) {
    bool is_const = false;
    if (Value* slot = find_var(target, scope, &is_const)) {
      if (is_const) throw RuntimeError(target->pos, "Assignment to constant variable.");
      *slot = std::move(v);
      return;
    }
    // An include's locals are its own copy (EJS): writing one merges the chain first.
    if (Value ignored; chain_->parent != nullptr && find_local(target, ignored)) {
      merged_locals();
    }
    if (chain_->parent == nullptr && chain_->own.kind() == Value::Kind::object) {
      if (Value* slot = object_of(chain_->own).find(target->str)) {
        *slot = std::move(v);
        return;
      }
    }
    // An undeclared name (or a read-only JSON local) becomes a template-wide variable.
    top_->vars.push_back({target->name, std::move(v), false});
    return;
  }
  Value obj = eval(target->kids[0], scope);
  Value key = target->kind == NodeKind::member ? Value::borrowed(target->str)
                                               : eval(target->kids[1], scope);
  if (obj.kind() == Value::Kind::object) {
    object_of(obj).set(to_string(key), std::move(v));
    return;
  }
  if (obj.kind() == Value::Kind::array) {
    double i = index_of_key(key);
    if (i < 0 || i > 1e7) throw RuntimeError(target->pos, "Unsupported array assignment");
    auto idx = static_cast<std::size_t>(i);
    if (idx >= obj.arr().size()) obj.arr().resize(idx + 1);
    obj.arr()[idx] = std::move(v);
    return;
  }
  if (obj.is_nullish()) {
    throw RuntimeError(target->pos, "Cannot set properties of " + to_string(obj) +
                                        " (setting '" + to_string(key) + "')");
  }
  if (obj.kind() == Value::Kind::json) {
    throw RuntimeError(target->pos, "Cannot assign to '" + to_string(key) +
                                        "': template locals are read-only");
  }
  // Like sloppy-mode JavaScript, properties set on primitives vanish.
}

Value Interpreter::eval_assign(const Node* n, const ScopePtr& scope) {
  const Node* target = n->kids[0];
  if (n->op == op_assign) {
    Value v = eval(n->kids[1], scope);
    store(target, scope, v);
    return v;
  }
  if (n->op == op_add && target->kind == NodeKind::identifier) {
    // `html += ...` appends in place when the variable holds the only copy of its string.
    bool is_const = false;
    Value* slot = find_var(target, scope, &is_const);
    if (slot != nullptr && !is_const && slot->is_string()) {
      Value rhs = eval(n->kids[1], scope);
      slot = find_var(target, scope, &is_const);
      if (slot != nullptr && slot->is_string() && rhs.kind() <= Value::Kind::string) {
        std::string tail = rhs.is_string() ? std::string() : to_string(rhs);
        std::string_view add = rhs.is_string() ? rhs.str() : std::string_view(tail);
        check_size(slot->str().size() + add.size(), n->pos);
        if (!slot->try_append(add)) *slot = add_values(*slot, rhs);
        return *slot;
      }
      Value r = binary_op(n->op, eval(target, scope), rhs, n->pos);
      store(target, scope, r);
      return r;
    }
  }
  Value r = binary_op(n->op, eval(target, scope), eval(n->kids[1], scope), n->pos);
  store(target, scope, r);
  return r;
}

Value Interpreter::eval_update(const Node* n, const ScopePtr& scope) {
  double old = to_number(eval(n->kids[0], scope));
  double now = n->op == '+' ? old + 1 : old - 1;
  store(n->kids[0], scope, Value::number(now));
  return Value::number(n->flag ? now : old);
}

Value Interpreter::eval_template(const Node* n, const ScopePtr& scope) {
  std::string s;
  for (std::size_t i = 0; i < n->kids.size(); ++i) {
    if (i % 2 == 0) {
      s += n->kids[i]->str;
    } else {
      append_string(s, eval(n->kids[i], scope));
      check_size(s.size(), n->pos);
    }
  }
  return Value::string(std::move(s));
}

Value Interpreter::eval_array(const Node* n, const ScopePtr& scope) {
  ArrayData items;
  items.reserve(n->kids.size());
  for (const Node* k : n->kids) {
    if (k->kind == NodeKind::unary && k->op == '.') {
      Value src = eval(k->kids[0], scope);
      if (src.kind() == Value::Kind::array) {
        items.insert(items.end(), src.arr().begin(), src.arr().end());
      } else if (src.kind() == Value::Kind::json && src.j().is_array()) {
        for (const json& e : src.j()) items.push_back(Value::from_json(e));
      } else {
        throw RuntimeError(k->pos, to_string(src) + " is not iterable");
      }
      check_size(items.size(), k->pos);
    } else {
      items.push_back(eval(k, scope));
    }
  }
  return Value::array(std::move(items));
}

Value Interpreter::eval_object(const Node* n, const ScopePtr& scope) {
  Value obj = Value::object();
  ObjectData& data = object_of(obj);
  data.props.reserve(n->kids.size() / 2);
  for (std::size_t i = 0; i < n->kids.size(); i += 2) {
    Value v = eval(n->kids[i + 1], scope);
    if (n->kids[i] != nullptr) {
      const Node* key = n->kids[i];
      data.set(key->kind == NodeKind::number ? to_string(Value::number(key->num)) : key->str,
               std::move(v));
    } else if (v.kind() == Value::Kind::json && v.j().is_object()) {
      for (const auto& [k, e] : v.j().items()) data.set(k, Value::from_json(e));
    } else if (v.kind() == Value::Kind::object) {
      for (const auto& [k, e] : object_of(v).props) data.set(k, e);
    }
  }
  return obj;
}

}  // namespace corio::view::detail

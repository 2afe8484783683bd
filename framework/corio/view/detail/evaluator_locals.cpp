// Locals (a chain of layers, merged only on demand) and include() of the interpreter.
#include <corio/view/detail/evaluator.hpp>

#include <corio/view/detail/builtins.hpp>

#include <array>
#include <new>

namespace corio::view::detail {
namespace {

/// Sets every property of `src` (a json or template object) on `dst`, in order.
void merge_into(ObjectData& dst, const Value& src) {
  if (src.kind() == Value::Kind::json && src.j().is_object()) {
    for (const auto& [k, v] : src.j().get_ref<const json::object_t&>()) dst.set(k, Value::from_json(v));
  } else if (src.kind() == Value::Kind::object) {
    for (const auto& [k, v] : object_of(src).props) dst.set(k, v);
  }
}

/// Sets every local of `layer` on `dst`, in order.
void merge_layer(ObjectData& dst, const Locals& layer) {
  if (layer.literal == nullptr) return merge_into(dst, layer.own);
  const auto& kids = layer.literal->kids;
  for (std::size_t i = 0; i < kids.size(); i += 2) dst.set(kids[i]->str, layer.values[i / 2]);
}

/// The value of `name` in a literal layer, or nullptr.
const Value* find_in_literal(const Locals& layer, std::string_view name) {
  const auto& kids = layer.literal->kids;
  for (std::size_t i = 0; i < kids.size(); i += 2) {
    if (same_name(kids[i]->str, name)) return &layer.values[i / 2];
  }
  return nullptr;
}

/// Include arguments passed without building an object: up to this many names.
constexpr std::size_t kInlineLocals = 8;

}  // namespace

bool Interpreter::find_local(const Node* id, Value& found) const {
  for (const Locals* layer = chain_; layer != nullptr; layer = layer->parent) {
    if (layer->literal != nullptr) {
      if (const Value* v = find_in_literal(*layer, id->str)) {
        found = *v;
        return true;
      }
      continue;
    }
    const Value& own = layer->own;
    if (own.kind() == Value::Kind::json) {
      if (!own.j().is_object()) continue;
      const auto& props = own.j().get_ref<const json::object_t&>();
      if (std::size_t i = find_hinted(props, id->str, id->hint); i < props.size()) {
        found = Value::from_json(props.begin()[i].second);
        return true;
      }
    } else if (own.kind() == Value::Kind::object) {
      const auto& props = object_of(own).props;
      if (std::size_t i = find_hinted(props, id->str, id->hint); i < props.size()) {
        found = props[i].second;
        return true;
      }
    }
  }
  return false;
}

const Value& Interpreter::merged_locals() {
  if (chain_->parent == nullptr) {
    if (chain_->own.kind() == Value::Kind::object) {  // the template may change it now
      cache_free_ = false;
      forget_free();
    }
    return chain_->own;
  }
  std::vector<const Locals*> layers;
  for (const Locals* layer = chain_; layer != nullptr; layer = layer->parent) {
    layers.push_back(layer);
  }
  // EJS's include: a copy of the includer's locals, the passed ones set over them.
  Value merged = Value::object();
  for (auto it = layers.rbegin(); it != layers.rend(); ++it) merge_layer(object_of(merged), **it);
  merged_ = Locals{std::move(merged), nullptr, true};
  chain_ = &merged_;
  cache_free_ = false;  // the merged object escapes to the template, which may change it
  forget_free();
  return merged_.own;
}

void Interpreter::include(std::span<const Value> args, Output& out, std::size_t pos) {
  if (ctx_.includer == nullptr) throw RuntimeError(pos, "include is not supported here");
  check_stack(pos);
  const Value& passed = arg(args, 1);
  Locals layer{Value(), chain_};
  if (chain_->writable) {
    // The includer's merged locals can still change (through an alias of `locals`) while the
    // include runs: EJS hands the include a copy, so take it now rather than chain to them.
    layer = Locals{Value::object(), nullptr};
    merge_into(object_of(layer.own), chain_->own);
    merge_into(object_of(layer.own), passed);
  } else if (passed.kind() == Value::Kind::object && passed.heap().use_count() > 1) {
    // EJS copies the passed object: share it only when nothing else can change it (a literal).
    layer.own = Value::object();
    merge_into(object_of(layer.own), passed);
  } else {
    layer.own = passed;
  }
  include_layer(arg(args, 0), layer, out, pos);
}

void Interpreter::include_layer(const Value& name, const Locals& layer, Output& out,
                                std::size_t pos) {
  const std::string scratch = name.is_string() ? std::string() : to_string(name);
  try {
    ctx_.includer->include(name.is_string() ? name.str() : std::string_view(scratch), layer, out);
  } catch (const IncludeError& e) {
    throw RuntimeError(pos, e.what());  // a missing file or the depth limit: point at the call
  }
}

void Interpreter::include_literal(const Node* call, const ScopePtr& scope) {
  // Arguments in order, as JavaScript evaluates them: the path, then the literal's values.
  const Value name = eval(call->kids[1], scope);
  const Node* literal = call->kids[2];
  // Only as many values as the literal has (an include runs often: eight Values made and
  // destroyed each time cost more than the few it passes).
  struct Values {
    union {
      Value v[kInlineLocals];
    };
    std::size_t made = 0;
    Values() {}
    ~Values() {
      while (made != 0) v[--made].~Value();
    }
  } values;
  for (std::size_t i = 1; i < literal->kids.size(); i += 2) {
    new (&values.v[values.made]) Value(eval(literal->kids[i], scope));
    ++values.made;
  }
  if (ctx_.includer == nullptr) throw RuntimeError(call->pos, "include is not supported here");
  Locals layer{Value(), chain_};
  layer.literal = literal;
  layer.values = values.v;
  include_layer(name, layer, out_, call->pos);
}

bool Interpreter::include_output(const Node* call, const ScopePtr& scope) {
  const Node* callee = call->kids[0];
  if (call->flag || callee->kind != NodeKind::identifier || callee->str != "include") return false;
  const Value fn = lookup(callee, scope, false);
  if (fn.kind() != Value::Kind::builtin || fn.builtin_id() != Builtin::include) return false;
  const Node* passed = call->kids.size() == 3 ? call->kids[2] : nullptr;
  // A plain literal needs no object: the include reads its names from the values themselves
  // (unless the includer's locals are writable: then include() copies them, as EJS does).
  if (passed != nullptr && passed->kind == NodeKind::object_lit && passed->flag &&
      passed->kids.size() <= 2 * kInlineLocals && !chain_->writable) {
    include_literal(call, scope);
    return true;
  }
  std::array<Value, 2> args;
  std::size_t count = 0;
  for (std::size_t i = 1; i < call->kids.size(); ++i) {
    Value v = eval(call->kids[i], scope);
    if (count < args.size()) args[count++] = std::move(v);
  }
  include(std::span<const Value>(args.data(), count), out_, call->pos);
  return true;
}

}  // namespace corio::view::detail

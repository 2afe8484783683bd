// Locals (a chain of layers, merged only on demand) and include() of the interpreter.
#include <corio/view/detail/evaluator.hpp>

#include <corio/view/detail/builtins.hpp>

#include <array>

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

}  // namespace

bool Interpreter::find_local(std::string_view name, Value& found) const {
  for (const Locals* layer = chain_; layer != nullptr; layer = layer->parent) {
    const Value& own = layer->own;
    if (own.kind() == Value::Kind::json) {
      if (!own.j().is_object()) continue;
      for (const auto& [k, v] : own.j().get_ref<const json::object_t&>()) {
        if (same_name(k, name)) {
          found = Value::from_json(v);
          return true;
        }
      }
    } else if (own.kind() == Value::Kind::object) {
      if (const Value* v = object_of(own).find(name)) {
        found = *v;
        return true;
      }
    }
  }
  return false;
}

const Value& Interpreter::merged_locals() {
  if (chain_->parent == nullptr) return chain_->own;
  std::vector<const Value*> layers;
  for (const Locals* layer = chain_; layer != nullptr; layer = layer->parent) {
    layers.push_back(&layer->own);
  }
  // EJS's include: a copy of the includer's locals, the passed ones set over them.
  Value merged = Value::object();
  for (auto it = layers.rbegin(); it != layers.rend(); ++it) merge_into(object_of(merged), **it);
  merged_ = Locals{std::move(merged), nullptr};
  chain_ = &merged_;
  return merged_.own;
}

void Interpreter::include(std::span<const Value> args, std::string& out, std::size_t pos) {
  if (ctx_.includer == nullptr) throw RuntimeError(pos, "include is not supported here");
  const Value& passed = arg(args, 1);
  Locals layer{Value(), chain_};
  if (passed.kind() == Value::Kind::object && passed.heap().use_count() > 1) {
    // EJS copies the passed object: share it only when nothing else can change it (a literal).
    layer.own = Value::object();
    merge_into(object_of(layer.own), passed);
  } else {
    layer.own = passed;
  }
  const Value& name = arg(args, 0);
  const std::string scratch = name.is_string() ? std::string() : to_string(name);
  try {
    ctx_.includer->include(name.is_string() ? name.str() : std::string_view(scratch), layer, out);
  } catch (const IncludeError& e) {
    throw RuntimeError(pos, e.what());  // a missing file or the depth limit: point at the call
  }
}

bool Interpreter::include_output(const Node* call, const ScopePtr& scope) {
  const Node* callee = call->kids[0];
  if (call->flag || callee->kind != NodeKind::identifier || callee->str != "include") return false;
  const Value fn = lookup(callee, scope, false);
  if (fn.kind() != Value::Kind::builtin || fn.builtin_id() != Builtin::include) return false;
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

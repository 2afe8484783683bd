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

bool Interpreter::find_local(const Node* id, Value& found) const {
  for (const Locals* layer = chain_; layer != nullptr; layer = layer->parent) {
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
      free_known_ = 0;
    }
    return chain_->own;
  }
  std::vector<const Value*> layers;
  for (const Locals* layer = chain_; layer != nullptr; layer = layer->parent) {
    layers.push_back(&layer->own);
  }
  // EJS's include: a copy of the includer's locals, the passed ones set over them.
  Value merged = Value::object();
  for (auto it = layers.rbegin(); it != layers.rend(); ++it) merge_into(object_of(merged), **it);
  merged_ = Locals{std::move(merged), nullptr, true};
  chain_ = &merged_;
  cache_free_ = false;  // the merged object escapes to the template, which may change it
  free_known_ = 0;
  return merged_.own;
}

void Interpreter::include(std::span<const Value> args, std::string& out, std::size_t pos) {
  if (ctx_.includer == nullptr) throw RuntimeError(pos, "include is not supported here");
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

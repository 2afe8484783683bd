// Renders arbitrary template text: it must never crash, hang or run out of memory.
#include <corio/view/engine.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const corio::json locals = {
      {"title", "<t>"}, {"n", 3}, {"list", {1, "two", nullptr, 4.5}},
      {"user", {{"name", "ann"}, {"tags", {"a", "b"}}}}};
  static corio::view::Engine engine([] {
    corio::view::EngineOptions o;
    o.max_output_bytes = 1 << 16;
    o.max_loop_iterations = 10000;
    o.max_include_depth = 4;
    o.max_call_depth = 50;
    o.max_nesting = 60;
    return o;
  }());
  try {
    engine.render_string(std::string_view(reinterpret_cast<const char*>(data), size), locals);
  } catch (const corio::view::TemplateError&) {
  }
  return 0;
}

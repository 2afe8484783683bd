# ws layer: frame encode/decode and UTF-8 validation.
corio_add_bench(ws ${CMAKE_CURRENT_LIST_DIR}/ws_bench.cpp LIBS corio::ws_pure)

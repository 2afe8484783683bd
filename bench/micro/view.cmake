corio_add_bench(view ${CMAKE_CURRENT_LIST_DIR}/view_bench.cpp LIBS corio::view)
target_compile_definitions(bench_view PRIVATE
  CORIO_BENCH_VIEWS="${PROJECT_SOURCE_DIR}/bench/view/templates"
  CORIO_APP_VIEWS="${PROJECT_SOURCE_DIR}/templates")

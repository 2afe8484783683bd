# The EJS engine over arbitrary template text (small locals, low limits).
set(VIEW ${FW}/view)
corio_add_fuzz(view_template
  ${VIEW}/template_error.cpp ${VIEW}/engine.cpp ${VIEW}/detail/value.cpp ${VIEW}/detail/escape.cpp
  ${VIEW}/detail/json_stringify.cpp ${VIEW}/detail/template_scanner.cpp ${VIEW}/detail/js_lexer.cpp
  ${VIEW}/detail/parser.cpp ${VIEW}/detail/parser_expr.cpp ${VIEW}/detail/evaluator.cpp
  ${VIEW}/detail/evaluator_expr.cpp ${VIEW}/detail/evaluator_store.cpp ${VIEW}/detail/evaluator_locals.cpp
  ${VIEW}/detail/builtins.cpp
  ${VIEW}/detail/builtins_string.cpp ${VIEW}/detail/builtins_array.cpp)

# HTTP layer: request-head parsing and route matching.
corio_add_bench(http micro/http_bench.cpp LIBS corio::http_pure)

# HTTP layer: the request-head parser and the chunked decoder (pure code only).
corio_add_fuzz(http_parser ${FW}/http/parser.cpp)

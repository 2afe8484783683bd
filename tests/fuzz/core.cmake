# msgpack decoder (notepack.io's forms) fed arbitrary bytes, plus encode/decode round trips.
corio_add_fuzz(msgpack ${FW}/core/msgpack.cpp ${FW}/core/msgpack_decode.cpp
  ${FW}/core/detail/msgpack_js.cpp)

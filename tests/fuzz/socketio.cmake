# Socket.IO decoder fed a sequence of text/binary messages, plus encode round trips.
corio_add_fuzz(socketio_decoder ${FW}/socketio/packet.cpp ${FW}/core/json.cpp ${FW}/socketio/detail/json_writer.cpp
  ${FW}/socketio/detail/binary.cpp)
# The Redis adapter's message decoders (broadcasts, requests, responses).
corio_add_fuzz(redis_adapter_message ${FW}/socketio/detail/redis_wire.cpp
  ${FW}/socketio/detail/json_writer.cpp ${FW}/core/json.cpp ${FW}/core/msgpack.cpp
  ${FW}/core/msgpack_decode.cpp ${FW}/core/detail/msgpack_js.cpp)
target_compile_definitions(fuzz_redis_adapter_message PRIVATE ASIO_HAS_CO_AWAIT=1 ASIO_HAS_STD_COROUTINE=1)

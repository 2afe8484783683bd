# Socket.IO decoder fed a sequence of text/binary messages, plus encode round trips.
corio_add_fuzz(socketio_decoder ${FW}/socketio/packet.cpp ${FW}/core/json.cpp ${FW}/socketio/detail/json_writer.cpp
  ${FW}/socketio/detail/binary.cpp)

# ws layer: the client frame decoder (with permessage-deflate), UTF-8 and offer negotiation.
corio_add_fuzz(ws_frame ${FW}/ws/frame.cpp ${FW}/ws/frame_decoder.cpp ${FW}/ws/utf8.cpp
  ${FW}/ws/deflate.cpp ${FW}/ws/deflate_negotiation.cpp)

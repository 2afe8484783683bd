# Engine.IO polling payload decoder (and its base64).
corio_add_fuzz(engineio_payload ${FW}/engineio/packet.cpp ${FW}/engineio/base64.cpp)

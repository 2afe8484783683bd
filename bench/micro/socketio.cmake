# Socket.IO packet codec on a typical chat event.
corio_add_bench(socketio_packet micro/socketio_packet_bench.cpp LIBS corio::socketio_pure)
# Adapter broadcast to 1k / 10k sockets (encode once, time per recipient).
corio_add_bench(socketio_adapter micro/socketio_adapter_bench.cpp LIBS corio::socketio)

# Socket.IO packet codec on a typical chat event.
corio_add_bench(socketio_packet micro/socketio_packet_bench.cpp LIBS corio::socketio_pure)

# Engine.IO polling payload codec.
corio_add_bench(engineio_packet micro/engineio_packet_bench.cpp LIBS corio::engineio_pure)

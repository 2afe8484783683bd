# msgpack codec (notepack.io's format) on a typical Redis-adapter broadcast.
corio_add_bench(msgpack micro/msgpack_bench.cpp LIBS corio::core)

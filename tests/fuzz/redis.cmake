# RESP2 reader (the framing guard in front of hiredis' redisReader), fed in random chunks.
find_package(PkgConfig REQUIRED)
if(NOT TARGET PkgConfig::HIREDIS)
  pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
endif()
corio_add_fuzz(resp_reader ${FW}/redis/reader.cpp ${FW}/redis/reply.cpp ${FW}/redis/error.cpp)
target_link_libraries(fuzz_resp_reader PRIVATE PkgConfig::HIREDIS)

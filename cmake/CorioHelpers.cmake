# Small helpers shared by every CMakeLists.txt of the project.

# Warnings of our own targets (third-party headers come in as SYSTEM includes).
function(corio_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
  if(CORIO_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(CORIO_SANITIZE)
  # g++ 12 reports false positives under the sanitizers (uninitialized std::function inside
  # <regex>, coroutine frame delete); the plain build keeps those warnings as errors.
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
    -Wno-maybe-uninitialized -Wno-mismatched-new-delete)
  add_link_options(-fsanitize=address,undefined)
endif()

# Uses the precompiled header built once for corio_core (Asio, json, fmt).
function(corio_use_pch target)
  if(NOT CORIO_NO_PCH)
    target_precompile_headers(${target} REUSE_FROM corio_core)
  endif()
endfunction()

# corio_add_tests(<layer> <files...> [LIBS <libs...>]): one GoogleTest executable per layer,
# each test registered with CTest under "<layer>.<suite>.<name>".
function(corio_add_tests layer)
  cmake_parse_arguments(ARG "" "" "LIBS" ${ARGN})
  set(exe corio_${layer}_test)
  add_executable(${exe} ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${exe} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main)
  target_include_directories(${exe} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  corio_warnings(${exe})
  corio_use_pch(${exe})
  set_target_properties(${exe} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  gtest_discover_tests(${exe} TEST_PREFIX "${layer}." DISCOVERY_MODE PRE_TEST
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} PROPERTIES TIMEOUT 120)
endfunction()

# corio_layer(<name> [PURE] <sources...> [DEPS <targets...>]): the static library corio_<name>,
# alias corio::<name>. DEPS states the one-way dependencies of DESIGN.md. PURE marks the pure
# core of a layer (parsers, codecs: no Asio), built without the Asio precompiled header.
function(corio_layer name)
  cmake_parse_arguments(ARG "PURE" "" "DEPS" ${ARGN})
  set(target corio_${name})
  add_library(${target} STATIC ${ARG_UNPARSED_ARGUMENTS})
  add_library(corio::${name} ALIAS ${target})
  target_link_libraries(${target} PUBLIC ${ARG_DEPS})
  corio_warnings(${target})
  if(NOT name STREQUAL "core" AND NOT ARG_PURE)
    corio_use_pch(${target})
  endif()
  set_property(GLOBAL APPEND PROPERTY CORIO_LAYERS ${target})
endfunction()

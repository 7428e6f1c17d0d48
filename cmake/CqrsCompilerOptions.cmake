# Warnings and sanitizers for every target of the project, through one
# interface library that each target links (cqrs::options).
add_library(cqrs_options INTERFACE)
add_library(Cqrs::Options ALIAS cqrs_options)

target_compile_options(cqrs_options INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual>
  # clang has no -Wshadow=local (the fuzz preset builds with clang)
  $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>)

if(CQRS_WARNINGS_AS_ERRORS)
  target_compile_options(cqrs_options INTERFACE $<$<CXX_COMPILER_ID:GNU,Clang>:-Werror>)
endif()

if(CQRS_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "CQRS_BUILD_FUZZERS needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  target_compile_options(cqrs_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(cqrs_options INTERFACE -fsanitize=address,undefined)
endif()

if(CQRS_SANITIZE)
  target_compile_options(cqrs_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(cqrs_options INTERFACE -fsanitize=address,undefined)
endif()

# cqrs_add_qt_test(NAME <name> SOURCES <files...> [LIBS <targets...>] [TIMEOUT <s>] [LABELS <labels...>])
# One Qt Test executable per unit, registered with CTest on the offscreen
# platform; it gets the shared test helpers of tests/common.
function(cqrs_add_qt_test)
  cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE Qt6::Test Cqrs::Options ${ARG_LIBS} Cqrs::TestCommon)
  target_compile_definitions(${ARG_NAME} PRIVATE
    CQRS_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    CQRS_BINARY_DIR="${PROJECT_BINARY_DIR}")
  add_test(NAME ${ARG_NAME} COMMAND ${ARG_NAME})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set_tests_properties(${ARG_NAME} PROPERTIES
    TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=qt.qpa.*=false"
    LABELS "${ARG_LABELS}")
endfunction()

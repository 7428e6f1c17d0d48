# Fails when a source file of the Qt-free layers (model/, simulator/) includes
# a Qt header. Run at build time (target check_no_qt) and as a test.
# Usage: cmake -DSOURCE_DIR=<top> -P check-no-qt.cmake
set(offenders "")
foreach(layer model simulator)
  file(GLOB_RECURSE files "${SOURCE_DIR}/${layer}/*.h" "${SOURCE_DIR}/${layer}/*.hpp"
                          "${SOURCE_DIR}/${layer}/*.cpp" "${SOURCE_DIR}/${layer}/*.cc")
  foreach(f IN LISTS files)
    file(STRINGS "${f}" hits REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"](Q[A-Za-z]|Qt[A-Za-z]*/)")
    if(hits)
      list(APPEND offenders "${f}: ${hits}")
    endif()
  endforeach()
endforeach()
if(offenders)
  list(JOIN offenders "\n  " msg)
  message(FATAL_ERROR "model/ and simulator/ must not include Qt headers:\n  ${msg}")
endif()
message(STATUS "check-no-qt: model/ and simulator/ include no Qt header")

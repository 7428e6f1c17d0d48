# Fails when a program carries a library search path (RPATH or RUNPATH) with
# an empty entry, which the dynamic loader reads as the current directory, or
# with $ORIGIN: the programs load only system libraries.
# Usage: cmake -DREADELF=<readelf> -DPROGRAMS=<file;file...> -P check-runpath.cmake
if(NOT READELF)
  message(FATAL_ERROR "check-runpath: readelf (binutils) was not found")
endif()
set(offenders "")
foreach(program IN LISTS PROGRAMS)
  execute_process(COMMAND "${READELF}" -d "${program}" OUTPUT_VARIABLE dynamic
                  RESULT_VARIABLE result ERROR_VARIABLE error)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "check-runpath: readelf -d ${program} failed: ${error}")
  endif()
  string(REGEX MATCHALL "\\((RPATH|RUNPATH)\\)[^\n]*\\[[^]\n]*\\]" paths "${dynamic}")
  foreach(entry IN LISTS paths)
    string(REGEX REPLACE ".*\\[([^]]*)\\]" "\\1" value "${entry}")
    # ":" separates entries: an empty one shows as a leading, trailing or doubled colon.
    if(value STREQUAL "" OR value MATCHES "(^:|::|:$)" OR value MATCHES "\\$ORIGIN")
      list(APPEND offenders "${program}: ${entry}")
    endif()
  endforeach()
endforeach()
if(offenders)
  list(JOIN offenders "\n  " msg)
  message(FATAL_ERROR "programs must not search the current directory or their own folder for libraries:\n  ${msg}")
endif()
list(LENGTH PROGRAMS count)
message(STATUS "check-runpath: ${count} programs carry no library search path of their own")

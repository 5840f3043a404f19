# cmake -DNM=... -DLIST=tests/symbols.txt -DHEADER=include/rcvd.h
#       [-DSHARED=librcvd.so] [-DSTATIC=librcvd.a] -P check_symbols.cmake
#
# Three checks, each fatal:
#  1. the shared library exports exactly the names in LIST;
#  2. LIST names exactly the functions the header marks RCVD_API, so the
#     list cannot drift from the API;
#  3. every global symbol the static library defines starts with rcvd_, so
#     linking librcvd.a (or the amalgamation) cannot collide with user code.
cmake_minimum_required(VERSION 3.16)

file(STRINGS "${LIST}" want REGEX "^[^#]")
list(SORT want)

file(READ "${HEADER}" header)
string(REGEX MATCHALL "RCVD_API[^;{]*[ *](rcvd_[a-z0-9_]+)\\(" decls "${header}")
set(api)
foreach(d ${decls})
  string(REGEX REPLACE ".*[ *](rcvd_[a-z0-9_]+)\\($" "\\1" n "${d}")
  list(APPEND api ${n})
endforeach()
list(SORT api)
if(NOT api STREQUAL want)
  message(FATAL_ERROR "symbols: ${LIST} does not match the RCVD_API "
    "functions of ${HEADER}\n list:   ${want}\n header: ${api}")
endif()

# nm prints "name type value size" with -P; versioned names carry @@NODE.
function(defined_globals out)
  execute_process(COMMAND ${NM} -P --defined-only ${ARGN}
    OUTPUT_VARIABLE text RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "symbols: ${NM} ${ARGN} failed (${rc})")
  endif()
  string(REPLACE "\n" ";" lines "${text}")
  set(names)
  foreach(l ${lines})
    # Lower-case types are local symbols; A is the version node itself.
    if(l MATCHES "^([^ :]+) ([A-Z]) " AND NOT CMAKE_MATCH_2 STREQUAL "A")
      string(REGEX REPLACE "@.*" "" n "${CMAKE_MATCH_1}")
      list(APPEND names ${n})
    endif()
  endforeach()
  list(REMOVE_DUPLICATES names)
  list(SORT names)
  set(${out} "${names}" PARENT_SCOPE)
endfunction()

if(SHARED)
  defined_globals(got -D "${SHARED}")
  if(NOT got STREQUAL want)
    set(extra ${got})
    list(REMOVE_ITEM extra ${want})
    set(missing ${want})
    if(got)
      list(REMOVE_ITEM missing ${got})
    endif()
    message(FATAL_ERROR "symbols: ${SHARED} exports a different set than "
      "${LIST}\n exported but not listed: ${extra}\n listed but not "
      "exported: ${missing}")
  endif()
  list(LENGTH got n)
  message(STATUS "symbols: ${SHARED} exports the ${n} listed names")
endif()

if(STATIC)
  defined_globals(got "${STATIC}")
  set(bad)
  foreach(n ${got})
    # Names that are not C identifiers (i386's __x86.get_pc_thunk.bx) are
    # the compiler's own and cannot meet a user's name.
    if(n MATCHES "^[A-Za-z_][A-Za-z0-9_]*$" AND NOT n MATCHES "^rcvd_")
      list(APPEND bad ${n})
    endif()
  endforeach()
  if(bad)
    message(FATAL_ERROR "symbols: ${STATIC} defines global names without "
      "the rcvd_ prefix: ${bad}")
  endif()
  list(LENGTH got n)
  message(STATUS "symbols: ${STATIC} defines ${n} global names, all rcvd_")
endif()

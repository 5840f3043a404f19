# cmake -DTOP=<source> -DVERSION=<project version> -DSOVERSION=<n>
#       -DPC=<build>/rcvd.pc -DCONFIGVERSION=<build>/rcvdConfigVersion.cmake
#       -DSMOKE=<rcvd_smoke> [-DCLI=<rcvd>] [-DEMULATOR=<cmd>]
#       -P check_versions.cmake
#
# Every place that states librcvd's version must agree with the CMake
# project version: the header macros, rcvd_version() (through the smoke
# program), `rcvd --version`, rcvd.pc, rcvdConfigVersion.cmake and the two
# man pages (.Os). The SOVERSION must agree with the version node of
# cmake/rcvd.map and the SONAME of the ABI baseline.
cmake_minimum_required(VERSION 3.16)
set(errors "")
macro(expect what got)
  if(NOT "${got}" STREQUAL "${VERSION}")
    string(APPEND errors "  ${what}: '${got}', project: '${VERSION}'\n")
  else()
    message(STATUS "versions: ${what}: ${got}")
  endif()
endmacro()

file(READ "${TOP}/include/rcvd.h" h)
foreach(part MAJOR MINOR PATCH)
  string(REGEX MATCH "#define RCVD_VERSION_${part} ([0-9]+)" _ "${h}")
  set(${part} "${CMAKE_MATCH_1}")
endforeach()
expect("rcvd.h RCVD_VERSION_MAJOR.MINOR.PATCH" "${MAJOR}.${MINOR}.${PATCH}")
string(REGEX MATCH "#define RCVD_VERSION_STRING \"([^\"]*)\"" _ "${h}")
expect("rcvd.h RCVD_VERSION_STRING" "${CMAKE_MATCH_1}")

execute_process(COMMAND ${EMULATOR} ${SMOKE} --version OUTPUT_VARIABLE out
  OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
expect("rcvd_version() (exit ${rc})" "${out}")
if(CLI)
  execute_process(COMMAND ${EMULATOR} ${CLI} --version OUTPUT_VARIABLE out
    OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REGEX REPLACE "^rcvd " "" out "${out}")
  expect("rcvd --version" "${out}")
endif()

file(STRINGS "${PC}" line REGEX "^Version:")
string(REGEX REPLACE "^Version: *" "" pcv "${line}")
expect("rcvd.pc Version" "${pcv}")
include("${CONFIGVERSION}")
expect("rcvdConfigVersion.cmake" "${PACKAGE_VERSION}")

foreach(page examples/rcvd.1 include/rcvd.3)
  file(STRINGS "${TOP}/${page}" line REGEX "^\\.Os ")
  string(REGEX REPLACE "^\\.Os librcvd " "" v "${line}")
  expect("${page} .Os" "${v}")
endforeach()

file(READ "${TOP}/cmake/rcvd.map" map)
if(NOT map MATCHES "\nRCVD_${SOVERSION} {")
  string(APPEND errors "  cmake/rcvd.map: version node is not RCVD_${SOVERSION}\n")
endif()
if(EXISTS "${TOP}/tests/abi/rcvd.abi")
  file(STRINGS "${TOP}/tests/abi/rcvd.abi" line REGEX "<abi-corpus " LIMIT_COUNT 1)
  if(NOT line MATCHES "soname='librcvd\\.so\\.${SOVERSION}'")
    string(APPEND errors "  tests/abi/rcvd.abi: SONAME is not librcvd.so.${SOVERSION}: "
      "regenerate it with tests/abi/update.sh\n")
  endif()
endif()
message(STATUS "versions: SOVERSION ${SOVERSION}, version node RCVD_${SOVERSION}")

if(errors)
  message(FATAL_ERROR "versions disagree:\n${errors}")
endif()

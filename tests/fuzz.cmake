# Fuzz harnesses (tests/fuzz/fuzz_NAME.c).
#
# Always: each harness linked with tests/fuzz/fuzz_main.c as a plain replay
# program, fuzz_NAME_replay, and a ctest case fuzz_NAME that replays the
# committed seed corpus tests/fuzz/corpus/NAME/. They need only libc and
# librcvd; tests/fuzz/build-replay.sh builds them with any C99 compiler
# without CMake (the musl build uses it).
#
# With -DRCVD_BUILD_FUZZ=ON and clang: also the libFuzzer targets fuzz_NAME,
# linked against a copy of the library compiled with coverage
# instrumentation, AddressSanitizer and UndefinedBehaviorSanitizer, so that
# the fuzzer sees the library's branches. tests/run.d/85-fuzz.sh runs them.
set(RCVD_FUZZ_DIR ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
set(RCVD_FUZZ_HARNESSES keyword session date compose parse)
# Test-support code a harness needs beyond the library (libc only).
set(RCVD_FUZZ_EXTRA_compose ${CMAKE_CURRENT_SOURCE_DIR}/support/rfc5321_check.c)
set(RCVD_FUZZ_EXTRA_parse ${CMAKE_CURRENT_SOURCE_DIR}/support/rfc5321_check.c)

foreach(h ${RCVD_FUZZ_HARNESSES})
  add_executable(fuzz_${h}_replay ${RCVD_FUZZ_DIR}/fuzz_${h}.c
    ${RCVD_FUZZ_DIR}/fuzz_main.c ${RCVD_FUZZ_EXTRA_${h}})
  target_link_libraries(fuzz_${h}_replay PRIVATE ${RCVD_TEST_LIB})
  target_include_directories(fuzz_${h}_replay PRIVATE ${RCVD_FUZZ_DIR}
    ${CMAKE_CURRENT_SOURCE_DIR}/support)
  target_compile_definitions(fuzz_${h}_replay PRIVATE _POSIX_C_SOURCE=200809L)
  target_compile_options(fuzz_${h}_replay PRIVATE ${RCVD_WARNINGS})
  add_test(NAME fuzz_${h} COMMAND fuzz_${h}_replay ${RCVD_FUZZ_DIR}/corpus/${h})
endforeach()

if(RCVD_BUILD_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "RCVD_BUILD_FUZZ needs clang (libFuzzer); use CC=clang")
  endif()
  set(RCVD_FUZZ_SAN -fsanitize=address,undefined -fno-sanitize-recover=all
    -fno-omit-frame-pointer -g)
  add_library(rcvd_fuzz_objects OBJECT ${RCVD_SOURCES})
  target_include_directories(rcvd_fuzz_objects PUBLIC ${PROJECT_SOURCE_DIR}/include)
  target_compile_definitions(rcvd_fuzz_objects PRIVATE RCVD_BUILDING _POSIX_C_SOURCE=200809L)
  target_compile_options(rcvd_fuzz_objects PRIVATE ${RCVD_WARNINGS}
    -fsanitize=fuzzer-no-link ${RCVD_FUZZ_SAN})
  foreach(h ${RCVD_FUZZ_HARNESSES})
    add_executable(fuzz_${h} ${RCVD_FUZZ_DIR}/fuzz_${h}.c ${RCVD_FUZZ_EXTRA_${h}}
      $<TARGET_OBJECTS:rcvd_fuzz_objects>)
    target_include_directories(fuzz_${h} PRIVATE ${RCVD_FUZZ_DIR}
      ${CMAKE_CURRENT_SOURCE_DIR}/support ${PROJECT_SOURCE_DIR}/include)
    target_compile_definitions(fuzz_${h} PRIVATE _POSIX_C_SOURCE=200809L)
    target_compile_options(fuzz_${h} PRIVATE ${RCVD_WARNINGS} -fsanitize=fuzzer ${RCVD_FUZZ_SAN})
    target_link_options(fuzz_${h} PRIVATE -fsanitize=fuzzer ${RCVD_FUZZ_SAN})
  endforeach()
endif()

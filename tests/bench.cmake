# rcvd-bench (tests/bench): the benchmark of issue 7. It is a measurement,
# not a test, so it is off by default; tests/bench/run.sh builds it on its
# own at -O2 and prints the full table. With RCVD_BUILD_BENCH=ON the
# program is built here too and a smoke run checks that it works and that
# the typical compose allocates nothing.
option(RCVD_BUILD_BENCH "Build tests/bench/rcvd-bench" OFF)

if(RCVD_BUILD_BENCH)
  add_executable(rcvd-bench
    ${CMAKE_CURRENT_SOURCE_DIR}/bench/rcvd-bench.c
    ${CMAKE_CURRENT_SOURCE_DIR}/bench/baseline.c
    ${CMAKE_CURRENT_SOURCE_DIR}/bench/floor.c
    ${CMAKE_CURRENT_SOURCE_DIR}/bench/corpus.c
    ${CMAKE_CURRENT_SOURCE_DIR}/bench/alloc.c)
  target_link_libraries(rcvd-bench PRIVATE ${RCVD_TEST_LIB})
  target_compile_definitions(rcvd-bench PRIVATE
    RCVD_BENCH_CORPUS="${CMAKE_CURRENT_SOURCE_DIR}/corpus/received-realworld.jsonl")
  target_compile_options(rcvd-bench PRIVATE ${RCVD_WARNINGS})
  add_test(NAME bench_smoke
    COMMAND rcvd-bench --iterations 10 --only compose_typical)
endif()

# tests/consumer/smoke.c: a libc-only consumer of the whole public API. The
# same program is built against the installed package, the amalgamation and
# musl by tests/run.d/70-, 78- and 54-*.sh.
add_executable(rcvd_smoke ${CMAKE_CURRENT_SOURCE_DIR}/consumer/smoke.c)
target_link_libraries(rcvd_smoke PRIVATE ${RCVD_TEST_LIB})
target_compile_options(rcvd_smoke PRIVATE ${RCVD_WARNINGS})
add_test(NAME smoke COMMAND rcvd_smoke)

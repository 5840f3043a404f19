# rcvd-milter: the example libmilter filter, built only when libmilter
# (Debian: libmilter-dev) is found. tests/e2e.cmake fails its test when the
# filter is missing, unless RCVD_ALLOW_SKIP=1.
find_path(RCVD_MILTER_INCLUDE libmilter/mfapi.h)
find_library(RCVD_MILTER_LIB milter)
find_package(Threads)
if(RCVD_MILTER_INCLUDE AND RCVD_MILTER_LIB AND Threads_FOUND)
  add_executable(rcvd-milter ${CMAKE_CURRENT_SOURCE_DIR}/rcvd-milter.c)
  target_include_directories(rcvd-milter SYSTEM PRIVATE ${RCVD_MILTER_INCLUDE})
  target_link_libraries(rcvd-milter PRIVATE ${RCVD_TEST_LIB} ${RCVD_MILTER_LIB} Threads::Threads)
  target_compile_definitions(rcvd-milter PRIVATE _POSIX_C_SOURCE=200809L)
  target_compile_options(rcvd-milter PRIVATE ${RCVD_WARNINGS})
else()
  message(STATUS "libmilter not found: rcvd-milter is not built")
endif()

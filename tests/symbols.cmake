# The exported symbols, checked after every build: librcvd.so exports
# exactly tests/symbols.txt, which matches the RCVD_API functions of the
# header, and librcvd.a defines no global name outside rcvd_.
set(rcvd_symbols_args -DNM=${CMAKE_NM} -DLIST=${CMAKE_CURRENT_SOURCE_DIR}/symbols.txt
  -DHEADER=${PROJECT_SOURCE_DIR}/include/rcvd.h)
if(RCVD_BUILD_SHARED)
  list(APPEND rcvd_symbols_args -DSHARED=$<TARGET_FILE:rcvd_shared>)
endif()
if(RCVD_BUILD_STATIC)
  list(APPEND rcvd_symbols_args -DSTATIC=$<TARGET_FILE:rcvd_static>)
endif()
add_test(NAME symbols COMMAND ${CMAKE_COMMAND} ${rcvd_symbols_args}
  -P ${PROJECT_SOURCE_DIR}/cmake/check_symbols.cmake)

# rcvd-server: the example SMTP/LMTP receiver (examples/rcvd-server.c and
# examples/server/*.c). It links OpenSSL for STARTTLS and implicit TLS; the
# library itself never does.
find_package(OpenSSL)
if(OPENSSL_FOUND)
  file(GLOB RCVD_SERVER_SOURCES CONFIGURE_DEPENDS
    ${CMAKE_CURRENT_SOURCE_DIR}/rcvd-server.c ${CMAKE_CURRENT_SOURCE_DIR}/server/*.c)
  add_executable(rcvd-server ${RCVD_SERVER_SOURCES})
  target_include_directories(rcvd-server PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/server)
  target_link_libraries(rcvd-server PRIVATE ${RCVD_TEST_LIB} OpenSSL::SSL OpenSSL::Crypto)
  target_compile_definitions(rcvd-server PRIVATE _POSIX_C_SOURCE=200809L)
  target_compile_options(rcvd-server PRIVATE ${RCVD_WARNINGS})
else()
  message(STATUS "OpenSSL not found: rcvd-server is not built")
endif()

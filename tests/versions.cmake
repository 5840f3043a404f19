# The versions agree (cmake/check_versions.cmake): project, header macros,
# rcvd_version(), rcvd --version, rcvd.pc, rcvdConfigVersion.cmake, man
# pages; the SOVERSION with cmake/rcvd.map and the ABI baseline.
set(rcvd_versions_args -DTOP=${PROJECT_SOURCE_DIR} -DVERSION=${PROJECT_VERSION}
  -DSOVERSION=${RCVD_SOVERSION} -DPC=${PROJECT_BINARY_DIR}/rcvd.pc
  -DCONFIGVERSION=${PROJECT_BINARY_DIR}/rcvdConfigVersion.cmake
  -DSMOKE=$<TARGET_FILE:rcvd_smoke> "-DEMULATOR=${CMAKE_CROSSCOMPILING_EMULATOR}")
if(TARGET rcvd)
  list(APPEND rcvd_versions_args -DCLI=$<TARGET_FILE:rcvd>)
endif()
add_test(NAME versions COMMAND ${CMAKE_COMMAND} ${rcvd_versions_args}
  -P ${PROJECT_SOURCE_DIR}/cmake/check_versions.cmake)

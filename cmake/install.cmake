# cmake --install: the header, librcvd.a, librcvd.so (SOVERSION + symlinks),
# the CMake package (rcvdConfig.cmake, rcvdConfigVersion.cmake, exported
# targets rcvd::shared / rcvd::static and the alias rcvd::rcvd), rcvd.pc,
# the rcvd program and the man pages rcvd(1) and rcvd(3).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(RCVD_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/rcvd)

install(FILES ${PROJECT_SOURCE_DIR}/include/rcvd.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

if(RCVD_BUILD_SHARED)
  set_target_properties(rcvd_shared PROPERTIES EXPORT_NAME shared)
endif()
if(RCVD_BUILD_STATIC)
  set_target_properties(rcvd_static PROPERTIES EXPORT_NAME static)
endif()
install(TARGETS ${RCVD_LIB_TARGETS} EXPORT rcvdTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT rcvdTargets NAMESPACE rcvd:: DESTINATION ${RCVD_CMAKE_DIR})

# rcvd::rcvd in the installed package names the same kind as in the build
# tree: the shared library when it was built, else the static one.
if(RCVD_BUILD_SHARED)
  set(RCVD_DEFAULT_KIND shared)
else()
  set(RCVD_DEFAULT_KIND static)
endif()
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/rcvdConfig.cmake.in
  ${PROJECT_BINARY_DIR}/rcvdConfig.cmake INSTALL_DESTINATION ${RCVD_CMAKE_DIR})
# SameMajorVersion: a 0.x release only promises the 0 ABI (the SOVERSION).
write_basic_package_version_file(${PROJECT_BINARY_DIR}/rcvdConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/rcvdConfig.cmake
  ${PROJECT_BINARY_DIR}/rcvdConfigVersion.cmake DESTINATION ${RCVD_CMAKE_DIR})

# pkg-config: paths relative to the prefix when the install dirs are.
foreach(d LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${d}}")
    set(RCVD_PC_${d} "${CMAKE_INSTALL_${d}}")
  else()
    set(RCVD_PC_${d} "\${prefix}/${CMAKE_INSTALL_${d}}")
  endif()
endforeach()
configure_file(${PROJECT_SOURCE_DIR}/cmake/rcvd.pc.in
  ${PROJECT_BINARY_DIR}/rcvd.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/rcvd.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

if(RCVD_BUILD_EXAMPLES AND TARGET rcvd)
  # The program links librcvd.a when there is one; linked with the shared
  # library alone it finds it beside itself through $ORIGIN.
  if(NOT RCVD_BUILD_STATIC)
    file(RELATIVE_PATH rcvd_rel ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_LIBDIR})
    set_target_properties(rcvd PROPERTIES INSTALL_RPATH "$ORIGIN/${rcvd_rel}")
  endif()
  install(TARGETS rcvd RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(FILES ${PROJECT_SOURCE_DIR}/examples/rcvd.1
  DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/include/rcvd.3
  DESTINATION ${CMAKE_INSTALL_MANDIR}/man3)

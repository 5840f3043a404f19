# The public header compiled as a user would: strict C99 with
# -pedantic-errors and the project's warnings as errors (an object library,
# so it is checked on every build), and as C++11 and C++17 programs that
# call the library (ctests header_cxx11, header_cxx17).
# RCVD_HEADER_CXX=OFF leaves out the C++ half where no C++ compiler for the
# target exists (the cross builds of tests/run.d/5*.sh say so when they do).
option(RCVD_HEADER_CXX "Compile the public header as C++11/C++17 too" ON)

add_library(rcvd_header_c99 OBJECT ${CMAKE_CURRENT_SOURCE_DIR}/header/c99.c)
target_include_directories(rcvd_header_c99 PRIVATE ${PROJECT_SOURCE_DIR}/include)
set_target_properties(rcvd_header_c99 PROPERTIES C_STANDARD 99
  C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(rcvd_header_c99 PRIVATE ${RCVD_WARNINGS}
  -pedantic-errors -Werror)

if(RCVD_HEADER_CXX)
  include(CheckLanguage)
  check_language(CXX)
  if(NOT CMAKE_CXX_COMPILER)
    message(FATAL_ERROR "no C++ compiler for the header checks: install one "
      "or configure with -DRCVD_HEADER_CXX=OFF")
  endif()
  enable_language(CXX)
  foreach(std 11 17)
    add_executable(rcvd_header_cxx${std} ${CMAKE_CURRENT_SOURCE_DIR}/header/cxx.cpp)
    target_link_libraries(rcvd_header_cxx${std} PRIVATE ${RCVD_TEST_LIB})
    set_target_properties(rcvd_header_cxx${std} PROPERTIES CXX_STANDARD ${std}
      CXX_STANDARD_REQUIRED ON CXX_EXTENSIONS OFF)
    target_compile_options(rcvd_header_cxx${std} PRIVATE -Wall -Wextra
      -Wpedantic -pedantic-errors -Werror -Wold-style-cast)
    add_test(NAME header_cxx${std} COMMAND rcvd_header_cxx${std})
  endforeach()
endif()

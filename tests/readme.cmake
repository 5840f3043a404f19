# Every C example in README.md compiles as strict C99 against the installed
# header and the static library, runs, and prints what README says it prints.
if(RCVD_BUILD_STATIC)
  add_test(NAME readme_examples
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/readme/check.sh
      ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/include
      $<TARGET_FILE:rcvd_static> ${CMAKE_C_COMPILER}
      ${CMAKE_CURRENT_BINARY_DIR}/readme-examples
      "${CMAKE_C_FLAGS} ${CMAKE_EXE_LINKER_FLAGS}")
endif()

# `rcvd parse` / `rcvd parse --json` / `rcvd validate`: outputs, exit
# statuses, usage and I/O errors.
if(TARGET rcvd)
  add_test(NAME cli_parse
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/parse.sh $<TARGET_FILE:rcvd>)
endif()

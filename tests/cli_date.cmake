# `rcvd date`: outputs, exit statuses and usage errors of the subcommand.
if(TARGET rcvd)
  add_test(NAME cli_date
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/date.sh $<TARGET_FILE:rcvd>)
endif()

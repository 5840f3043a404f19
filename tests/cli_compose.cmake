# `rcvd compose`: output bytes, exit statuses and usage errors.
if(TARGET rcvd)
  add_test(NAME cli_compose
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/compose.sh $<TARGET_FILE:rcvd>)
endif()

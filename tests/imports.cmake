# librcvd.a calls nothing from libc but the few functions it is allowed to:
# no allocation, no strftime/localtime, no locale, no stdio, no abort/exit.
if(RCVD_BUILD_STATIC)
  add_test(NAME imports COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/imports/check.sh
    ${CMAKE_NM} $<TARGET_FILE:rcvd_static>)
endif()

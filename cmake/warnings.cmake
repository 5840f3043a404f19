# Warning set for the library, tests and examples; RCVD_WERROR makes them errors.
set(RCVD_WARNINGS -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion
  -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wcast-qual
  -Wpointer-arith -Wundef -Wwrite-strings -Wvla -Wformat=2)
if(CMAKE_C_COMPILER_ID STREQUAL "GNU")
  list(APPEND RCVD_WARNINGS -Wduplicated-cond -Wlogical-op -Wjump-misses-init)
endif()
if(RCVD_WERROR)
  list(APPEND RCVD_WARNINGS -Werror)
endif()

# Big-endian s390x cross build: Debian's gcc-s390x-linux-gnu, the s390x
# multiarch packages (libcmocka-dev:s390x) and qemu-user. There is no
# binfmt_misc in CI, so ctest runs the built programs through qemu-s390x
# (CMAKE_CROSSCOMPILING_EMULATOR); qemu finds the s390x loader and libraries
# in the multiarch paths. Adding -L /usr/s390x-linux-gnu to qemu mixes two
# libc copies and aborts ("stack smashing detected"), so do not.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR s390x)
set(CMAKE_C_COMPILER s390x-linux-gnu-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE s390x-linux-gnu)
find_program(RCVD_QEMU_S390X qemu-s390x REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR ${RCVD_QEMU_S390X})
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/s390x-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
set(CMAKE_FIND_ROOT_PATH /usr/s390x-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)

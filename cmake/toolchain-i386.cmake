# 32-bit x86 build on an x86-64 Debian host: gcc -m32 (gcc-12-multilib) and
# the i386 multiarch packages (libcmocka-dev:i386). A kernel without IA32 emulation (some VMs) cannot run
# i386 programs: pass -DRCVD_I386_EMULATOR=qemu-i386 and ctest runs them
# through it (tests/run.d/52-m32.sh probes which case it is in).
# Extra flags go in RCVD_I386_CFLAGS (CMAKE_C_FLAGS on the command line
# would replace the -m32 set here): for 64-bit time_t
#   -DRCVD_I386_CFLAGS="-D_TIME_BITS=64 -D_FILE_OFFSET_BITS=64"
# (glibc needs both).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR i686)
if(RCVD_I386_EMULATOR)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${RCVD_I386_EMULATOR})
endif()
# <errno.h> reaches <asm/errno.h>, which -m32 looks for in the i386
# multiarch directory. Debian puts it there through gcc-multilib (which
# would remove the s390x cross compiler) or linux-libc-dev:i386 (which must
# match the amd64 version exactly, or apt removes libc6-dev). The x86 asm
# headers serve both word sizes, so a private asm -> x86_64 link does it.
set(CMAKE_TRY_COMPILE_PLATFORM_VARIABLES RCVD_I386_EMULATOR RCVD_I386_CFLAGS)
set(rcvd_i386_flags "-m32 ${RCVD_I386_CFLAGS}")
if(NOT EXISTS /usr/include/i386-linux-gnu/asm AND NOT EXISTS /usr/include/asm
   AND EXISTS /usr/include/x86_64-linux-gnu/asm)
  file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/i386-include)
  if(NOT EXISTS ${CMAKE_BINARY_DIR}/i386-include/asm)
    file(CREATE_LINK /usr/include/x86_64-linux-gnu/asm
      ${CMAKE_BINARY_DIR}/i386-include/asm SYMBOLIC)
  endif()
  string(APPEND rcvd_i386_flags " -idirafter ${CMAKE_BINARY_DIR}/i386-include")
endif()
set(CMAKE_C_FLAGS_INIT "${rcvd_i386_flags}")
set(CMAKE_CXX_FLAGS_INIT "${rcvd_i386_flags}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-m32")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-m32")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-m32")
set(CMAKE_LIBRARY_ARCHITECTURE i386-linux-gnu)
# pkg-config must see the i386 .pc files only.
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/i386-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# End-to-end tests: examples/rcvd-server driven by swaks, Python's smtplib
# and a hostile raw client, every message read back by `rcvd validate` and
# SpamAssassin; examples/rcvd-milter driven by miltertest. A final summary
# asserts that all 17 session-derived WITH keywords were delivered by real
# clients and that SpamAssassin agreed on each (tests/e2e/e2e.py); its
# table is in the test output (ctest -R e2e -V) and in
# tests/e2e-results/summary.txt of the build tree. With
# RCVD_E2E_VALGRIND=DIR in the environment the drivers run rcvd-server, the
# rcvd CLI and rcvd-milter under valgrind memcheck and fail on any finding
# (tests/run.d/40-valgrind.sh does this).
# They need the programs of examples/: configured with
# -DRCVD_BUILD_EXAMPLES=OFF they are not registered, and configure says so.
# With the examples on, a program that failed to build makes them fail.
if(NOT RCVD_BUILD_EXAMPLES)
  message(STATUS "librcvd: e2e tests not registered (RCVD_BUILD_EXAMPLES=OFF builds no server, CLI or milter)")
  return()
endif()
set(RCVD_E2E_DIR ${CMAKE_CURRENT_SOURCE_DIR}/e2e)
set(RCVD_E2E_RESULTS ${CMAKE_CURRENT_BINARY_DIR}/e2e-results)
if(TARGET rcvd-server)
  set(RCVD_E2E_SERVER $<TARGET_FILE:rcvd-server>)
else()
  set(RCVD_E2E_SERVER "")
endif()
if(TARGET rcvd)
  set(RCVD_E2E_RCVD $<TARGET_FILE:rcvd>)
else()
  set(RCVD_E2E_RCVD "")
endif()

foreach(mode swaks smtplib hostile)
  add_test(NAME e2e_${mode}
    COMMAND sh ${RCVD_E2E_DIR}/run.sh ${RCVD_E2E_DIR}/e2e.py ${mode}
      --server "${RCVD_E2E_SERVER}" --rcvd "${RCVD_E2E_RCVD}"
      --work ${CMAKE_CURRENT_BINARY_DIR}/e2e-work --results ${RCVD_E2E_RESULTS})
  set_tests_properties(e2e_${mode} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600
    FIXTURES_SETUP rcvd_e2e_results)
endforeach()

add_test(NAME e2e_summary
  COMMAND sh ${RCVD_E2E_DIR}/run.sh ${RCVD_E2E_DIR}/e2e.py summary
    --results ${RCVD_E2E_RESULTS})
set_tests_properties(e2e_summary PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 60
  FIXTURES_REQUIRED rcvd_e2e_results)

# rcvd-milter under miltertest, with and without the protocol macro r.
if(TARGET rcvd-milter)
  set(RCVD_E2E_MILTER $<TARGET_FILE:rcvd-milter>)
else()
  set(RCVD_E2E_MILTER "")
endif()
foreach(r 1 0)
  if(r)
    set(name e2e_milter_with_r)
  else()
    set(name e2e_milter_without_r)
  endif()
  add_test(NAME ${name}
    COMMAND sh ${RCVD_E2E_DIR}/run.sh ${RCVD_E2E_DIR}/milter.sh
      "${RCVD_E2E_MILTER}" ${RCVD_E2E_DIR}/milter.lua ${r})
  set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 180)
endforeach()

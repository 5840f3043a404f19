# SpamAssassin reads composed fields back (issue 3): tests/sa/gen-fields.c
# writes fields with their expectations, tests/sa/sa-relays.pl checks them
# through Mail::SpamAssassin in one Perl process. Debian package:
# spamassassin (tests/run.d/spamassassin.pkgs).
add_executable(sa_gen_fields ${CMAKE_CURRENT_SOURCE_DIR}/sa/gen-fields.c)
target_link_libraries(sa_gen_fields PRIVATE rcvd_test_support ${RCVD_TEST_LIB})
target_compile_definitions(sa_gen_fields PRIVATE _POSIX_C_SOURCE=200809L)
target_compile_options(sa_gen_fields PRIVATE ${RCVD_WARNINGS})
add_test(NAME spamassassin
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/sa/run-sa.sh
    $<TARGET_FILE:sa_gen_fields>
    ${CMAKE_CURRENT_SOURCE_DIR}/sa/sa-relays.pl
    ${CMAKE_CURRENT_BINARY_DIR}/sa-fields.tsv)
set_tests_properties(spamassassin PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)

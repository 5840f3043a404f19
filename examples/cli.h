/* cli.h -- subcommands of the rcvd program; each lives in cmd_NAME.c. */
#ifndef RCVD_CLI_H
#define RCVD_CLI_H

#include <stdint.h>

/* Each returns the process exit status: 0 ok, 1 failure, 2 usage error.
 * argv[0] is the subcommand's name. */
int cli_keyword(int argc, char **argv);
int cli_date(int argc, char **argv);
int cli_compose(int argc, char **argv);
int cli_parse(int argc, char **argv);
int cli_validate(int argc, char **argv);

/* Option values (cmd_args.c); each returns 0, or -1 when s is not one. */
/* Decimal digits only, at most max. */
int cli_parse_unsigned(const char *s, uint64_t max, uint64_t *out);
/* A signed 64-bit decimal: an optional sign, then digits; no overflow. */
int cli_parse_epoch(const char *s, int64_t *out);
/* A sign and four digits, hours 00..23, minutes 00..59; "-0000" gives
 * RCVD_ZONE_UNKNOWN. */
int cli_parse_zone(const char *s, int *out);

#endif
